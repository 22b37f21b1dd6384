import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import type { Language, PublicService, Ticket } from '@navbat/shared';
import { ApiRequestError } from '@navbat/shared/client';
import { api, phoneLink } from '../api';
import { feeRows, payHint } from '../components/FeeFacts';
import { usePublicBase } from '../hooks/use-public-base';
import { PushButton } from './PushButton';
import { applyLanguage, localize, messages } from '../i18n';
import { LanguageToggle } from '../components/LanguageToggle';
import { useLiveTicket } from '../hooks/use-live-ticket';
import { alertCitizen, primeAudio } from './alert';
import { Rating } from './Rating';
import { BroadcastBanner } from './BroadcastBanner';

const languageKey = 'navbat.phone.language';

// The QR library loads only for a remote ticket that has to show its code at the kiosk.
const PhoneQr = lazy(() => import('./PhoneQr'));

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
  const { ticket, state, setTicket, broadcast } = useLiveTicket(publicId);
  const [chosen, setChosen] = useState<Language | null>(storedLanguage);
  const language: Language = chosen ?? ticket?.language ?? 'en';
  const t = messages[language];
  const [services, setServices] = useState<PublicService[]>([]);
  const centerId = ticket?.centerId;

  useEffect(() => applyLanguage(language), [language]);
  // The browser tab says where the citizen stands, even when the page is in the background.
  useEffect(() => {
    if (!ticket) return;
    const what =
      ticket.status === 'waiting' && ticket.comeNow
        ? t.comeNow
        : ticket.status === 'waiting' && ticket.position !== null
          ? t.positionLine(ticket.position)
          : ticket.status === 'called'
            ? t.yourTurn(ticket.counterName ?? '')
            : t.status[ticket.status];
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
          <>
            {ticket.status === 'waiting' && broadcast && <BroadcastBanner broadcast={broadcast} language={language} />}
            <TicketView ticket={ticket} service={service} services={services} language={language} onChange={setTicket} />
          </>
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

function TicketView({ ticket, service, services, language, onChange }: { ticket: Ticket; service: PublicService | undefined; services: PublicService[]; language: Language; onChange: (t: Ticket) => void }) {
  const t = messages[language];
  const counter = ticket.counterName ?? '';
  const serviceName = service ? localize(service.name, language) : '';
  // A remote ticket that has not checked in yet shows its code for the kiosk's scanner.
  const notArrived = ticket.status === 'waiting' && !ticket.arrived;
  return (
    <article className={`ticket status-${ticket.status}`} data-status={ticket.status} aria-labelledby="token-code">
      <p className="ticket-label">{t.yourToken}</p>
      <h1 id="token-code" className="code" dir="ltr" style={{ '--chars': ticket.code.length } as React.CSSProperties}>
        {ticket.code}
      </h1>
      {serviceName ? <p className="service">{serviceName}</p> : null}

      <div aria-live="polite" className="status-block">
        {notArrived && ticket.comeNow ? (
          <p className="come-now" data-testid="come-now">
            {t.comeNow}
          </p>
        ) : null}
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

      {notArrived ? <ArrivalCode ticket={ticket} language={language} /> : null}
      {ticket.payment ? <FeePanel ticket={ticket} service={service} language={language} /> : null}
      {ticket.journey ? <JourneySteps ticket={ticket} services={services} language={language} /> : null}
      {ticket.status === 'waiting' ? <PushButton publicId={ticket.publicId} language={language} /> : null}
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

/** The ticket's QR code (its own link) and the code to type, to check in at the kiosk on arrival. */
function ArrivalCode({ ticket, language }: { ticket: Ticket; language: Language }) {
  const t = messages[language];
  const base = usePublicBase();
  return (
    <section className={`arrival ${ticket.comeNow ? 'arrival-now' : ''}`} aria-labelledby="arrival-title" data-testid="arrival">
      <h2 id="arrival-title">{t.scanAtKiosk}</h2>
      <p className="arrival-help">{ticket.comeNow ? t.comeNowHelp : t.notArrived}</p>
      {base ? (
        <Suspense fallback={<div className="phone-qr qr-placeholder" aria-hidden="true" />}>
          <PhoneQr value={phoneLink(base, ticket.publicId)} alt={t.scanAtKiosk} />
        </Suspense>
      ) : (
        <div className="phone-qr qr-placeholder" aria-hidden="true" />
      )}
      <p className="arrival-type">{t.orTypeCode}</p>
      <p className="arrival-code" dir="ltr" data-testid="arrival-code">
        {ticket.publicId}
      </p>
    </section>
  );
}

/** The fee of the current stop: amount, status and, once the counter has set it, the PSID to pay with. */
function FeePanel({ ticket, service, language }: { ticket: Ticket; service: PublicService | undefined; language: Language }) {
  const t = messages[language];
  const payment = ticket.payment!;
  const hint = payHint(payment, language);
  return (
    <section className={`fee fee-${payment.status}`} aria-label={t.fee} data-testid="fee">
      <dl>
        {feeRows(payment, service?.fee, language).map((row) => (
          <div key={row.key}>
            <dt>{row.label}</dt>
            <dd data-testid={`fee-${row.key}`} dir={row.ltr ? 'ltr' : undefined}>
              {row.value}
            </dd>
          </div>
        ))}
      </dl>
      {hint ? (
        <p className="fee-hint" data-testid="fee-hint">
          {hint}
        </p>
      ) : null}
    </section>
  );
}

/** The stops of a visit through several services: done, now, to come. */
function JourneySteps({ ticket, services, language }: { ticket: Ticket; services: PublicService[]; language: Language }) {
  const t = messages[language];
  return (
    <section className="journey" aria-labelledby="journey-title" data-testid="journey">
      <h2 id="journey-title">{t.journeyTitle}</h2>
      <ol>
        {ticket.journey!.map((stop, i) => {
          const s = services.find((x) => x.id === stop.serviceId);
          return (
            <li key={`${stop.serviceId}-${i}`} className={`stop stop-${stop.status}`} data-stop-status={stop.status} aria-current={stop.status === 'current' ? 'step' : undefined}>
              <span className="stop-mark" aria-hidden="true">
                {stop.status === 'done' ? '✓' : i + 1}
              </span>
              <span className="stop-name">{s ? localize(s.name, language) : ''}</span>
              <span className="stop-status">{t.journeyStop[stop.status]}</span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
