import { useEffect, useRef, useState } from 'react';
import type { Language, PublicService, Ticket } from '@navbat/shared';
import { ApiRequestError } from '@navbat/shared/client';
import { api } from '../api';
import { applyLanguage, localize, messages } from '../i18n';
import { LanguageToggle } from '../components/LanguageToggle';
import { useLiveTicket } from '../hooks/use-live-ticket';
import { alertCitizen, primeAudio } from './alert';
import { Rating } from './Rating';

const languageKey = 'navbat.phone.language';

function storedLanguage(): Language | null {
  try {
    const l = localStorage.getItem(languageKey);
    return l === 'en' || l === 'ur' ? l : null;
  } catch {
    return null;
  }
}

/** The citizen's phone page at /t/:publicId: the token, live, in the citizen's language. */
export function PhoneApp({ publicId }: { publicId: string }) {
  const { ticket, state, setTicket } = useLiveTicket(publicId);
  const [chosen, setChosen] = useState<Language | null>(storedLanguage);
  const language: Language = chosen ?? ticket?.language ?? 'en';
  const t = messages[language];
  const [services, setServices] = useState<PublicService[]>([]);
  const centerId = ticket?.centerId;

  useEffect(() => applyLanguage(language), [language]);
  // The browser tab says where the citizen stands, even when the page is in the background.
  useEffect(() => {
    if (!ticket) return;
    const what = ticket.status === 'waiting' && ticket.position !== null ? t.positionLine(ticket.position) : ticket.status === 'called' ? t.yourTurn(ticket.counterName ?? '') : t.status[ticket.status];
    document.title = `${ticket.code} · ${what}`;
  }, [ticket, t]);
  useEffect(() => {
    window.addEventListener('pointerdown', primeAudio, { once: true });
    return () => window.removeEventListener('pointerdown', primeAudio);
  }, []);
  useEffect(() => {
    if (!centerId) return;
    api
      .services(centerId)
      .then((r) => setServices(r.services))
      .catch(() => {});
  }, [centerId]);

  // Vibrate and chime when the ticket is called (or called again) while the page is open.
  const lastCall = useRef<string | null>(null);
  useEffect(() => {
    if (!ticket) return;
    const key = ticket.status === 'called' ? `called:${ticket.calledAt ?? ''}:${ticket.counterId ?? ''}` : ticket.status;
    if (lastCall.current !== null && key !== lastCall.current && ticket.status === 'called') alertCitizen();
    lastCall.current = key;
  }, [ticket]);

  const chooseLanguage = (l: Language) => {
    setChosen(l);
    try {
      localStorage.setItem(languageKey, l);
    } catch {
      // Private mode: the choice lasts for this visit only.
    }
  };

  const service = ticket ? services.find((s) => s.id === ticket.serviceId) : undefined;
  return (
    <div className="phone">
      <header className="phone-header">
        <p className="brand">{t.appName}</p>
        <LanguageToggle language={language} onChange={chooseLanguage} />
      </header>
      <main className="phone-main">
        {state === 'not-found' ? (
          <>
            <h1>{t.appName}</h1>
            <p className="message message-error" role="alert">
              {t.ticketNotFound}
            </p>
          </>
        ) : !ticket ? (
          <p className="loading" role="status">
            {t.connecting}
          </p>
        ) : (
          <TicketView ticket={ticket} serviceName={service ? localize(service.name, language) : ''} language={language} onChange={setTicket} />
        )}
      </main>
      <footer className="phone-footer">
        <p role="status" className={`connection ${state}`} data-state={state}>
          <span className="dot" aria-hidden="true" />
          {state === 'live' ? t.live : state === 'not-found' ? '' : t.connecting}
        </p>
      </footer>
    </div>
  );
}

function TicketView({ ticket, serviceName, language, onChange }: { ticket: Ticket; serviceName: string; language: Language; onChange: (t: Ticket) => void }) {
  const t = messages[language];
  const counter = ticket.counterName ?? '';
  return (
    <article className={`ticket status-${ticket.status}`} data-status={ticket.status} aria-labelledby="token-code">
      <p className="ticket-label">{t.yourToken}</p>
      <h1 id="token-code" className="code" dir="ltr" style={{ '--chars': ticket.code.length } as React.CSSProperties}>
        {ticket.code}
      </h1>
      {serviceName ? <p className="service">{serviceName}</p> : null}

      <div aria-live="polite" className="status-block">
        {ticket.status === 'waiting' ? (
          <>
            <p className="headline" data-testid="position">
              {ticket.position !== null ? t.positionLine(ticket.position) : t.status.waiting}
            </p>
            <p className="sub" data-testid="phone-wait">{t.estimate(ticket.estimatedWaitRange)}</p>
          </>
        ) : ticket.status === 'called' ? (
          <p className="headline call" data-testid="your-turn">
            {t.yourTurn(counter)}
          </p>
        ) : ticket.status === 'serving' ? (
          <p className="headline">{t.beingServed(counter)}</p>
        ) : (
          <p className="headline">{t.status[ticket.status]}</p>
        )}
      </div>

      {ticket.status === 'waiting' ? <CancelTicket ticket={ticket} language={language} onCancelled={onChange} /> : null}
      {ticket.status === 'done' ? (
        ticket.rated ? (
          <p className="thanks" role="status">
            {t.thanks}
          </p>
        ) : (
          <Rating ticket={ticket} language={language} onRated={onChange} />
        )
      ) : null}
    </article>
  );
}

function CancelTicket({ ticket, language, onCancelled }: { ticket: Ticket; language: Language; onCancelled: (t: Ticket) => void }) {
  const t = messages[language];
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const noButton = useRef<HTMLButtonElement>(null);
  const openButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) noButton.current?.focus();
  }, [asking]);

  const cancel = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const { ticket: cancelled } = await api.cancel(ticket.publicId);
      onCancelled(cancelled);
    } catch (e) {
      setError(e instanceof ApiRequestError && e.code === 'NETWORK_ERROR' ? t.errors.NETWORK_ERROR : t.errors.OTHER);
      setBusy(false);
    }
  };

  if (!asking)
    return (
      <button ref={openButton} type="button" className="button secondary" onClick={() => setAsking(true)}>
        {t.cancel}
      </button>
    );
  return (
    <div className="confirm-box" role="alertdialog" aria-labelledby="cancel-question" aria-modal="false">
      <p id="cancel-question">{t.cancelQuestion}</p>
      {error ? (
        <p className="message message-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="confirm-actions">
        <button type="button" className="button danger" disabled={busy} aria-busy={busy} onClick={() => void cancel()}>
          {t.cancelYes}
        </button>
        <button
          ref={noButton}
          type="button"
          className="button secondary"
          disabled={busy}
          onClick={() => {
            setAsking(false);
            setTimeout(() => openButton.current?.focus(), 0);
          }}
        >
          {t.cancelNo}
        </button>
      </div>
    </div>
  );
}
