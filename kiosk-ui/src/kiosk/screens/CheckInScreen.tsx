import { useEffect, useRef, useState } from 'react';
import type { Language, PublicService, Ticket } from '@navbat/shared';
import { ApiRequestError } from '@navbat/shared/client';
import { api } from '../../api';
import { formatClock, localize, messages, type Messages } from '../../i18n';
import type { CheckInKind } from '../flow';
import { ChoiceMessages } from './ServicesScreen';

/** The letters of a booking code (API.md: `A-Z2-9` without `0 O 1 I`), the on-screen keypad's keys. */
const keys = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'.split('');

/** What the last check-in answered, when it did not lead to a ticket. */
type Outcome =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'not-found' }
  | { kind: 'too-early'; retryAt: string }
  | { kind: 'missed'; service: PublicService | null }
  | { kind: 'error'; key: keyof Messages['errors'] };

export interface CheckInScreenProps {
  centerId: string;
  timeZone: string;
  services: PublicService[];
  language: Language;
  disabled: boolean;
  /** A walk-in ticket (after a missed booking) is being issued. */
  issuing: boolean;
  issueError: keyof Messages['errors'] | null;
  onCheckedIn: (ticket: Ticket, kind: CheckInKind) => void;
  /** One tap: a walk-in ticket for the service of a missed booking. */
  onWalkIn: (service: PublicService) => void;
  /** A failed check-in reached the server or not (the offline banner). */
  onReachable: (reachable: boolean) => void;
}

/**
 * "I have a booking / I joined online": a large code field that is always focused, so a keyboard-wedge
 * barcode scanner's typing (the QR's whole URL, then Enter) lands in it without a touch; an on-screen
 * keypad for the 6-character booking code on a touchscreen without a keyboard.
 */
export function CheckInScreen({ centerId, timeZone, services, language, disabled, issuing, issueError, onCheckedIn, onWalkIn, onReachable }: CheckInScreenProps) {
  const t = messages[language];
  const [code, setCode] = useState('');
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const input = useRef<HTMLInputElement>(null);
  const busy = outcome.kind === 'busy';

  // The field keeps the focus: whatever the scanner types goes into it, even after a tap elsewhere. A
  // button reached with the keyboard keeps it, but the first character typed moves it back to the field.
  useEffect(() => {
    const field = () => input.current;
    const refocus = () =>
      setTimeout(() => {
        const active = document.activeElement;
        if (!active || active === document.body) field()?.focus({ preventScroll: true });
      }, 0);
    const onKey = (e: KeyboardEvent) => {
      if (e.key.length === 1 && e.key !== ' ' && !e.ctrlKey && !e.metaKey && !e.altKey && document.activeElement !== field()) field()?.focus({ preventScroll: true });
    };
    field()?.focus({ preventScroll: true });
    document.addEventListener('focusout', refocus);
    document.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('focusout', refocus);
      document.removeEventListener('keydown', onKey, true);
    };
  }, []);

  const submit = async (raw: string) => {
    const value = raw.trim();
    if (!value || busy || disabled) return;
    setOutcome({ kind: 'busy' });
    try {
      const { status, body } = await api.checkIn(centerId, value);
      onReachable(true);
      onCheckedIn(body.ticket, status === 201 ? 'issued' : 'existing');
    } catch (e) {
      const error = e instanceof ApiRequestError ? e : new ApiRequestError(0, 'NETWORK_ERROR', String(e));
      onReachable(error.code !== 'NETWORK_ERROR');
      setCode('');
      if (error.code === 'TOO_EARLY' && error.details.retryAt) setOutcome({ kind: 'too-early', retryAt: error.details.retryAt });
      else if (error.code === 'APPOINTMENT_MISSED') setOutcome({ kind: 'missed', service: services.find((s) => s.id === error.details.serviceId) ?? null });
      else if (error.code === 'CODE_NOT_FOUND' || error.code === 'VALIDATION_ERROR') setOutcome({ kind: 'not-found' });
      else setOutcome({ kind: 'error', key: error.code === 'NETWORK_ERROR' || error.code === 'RATE_LIMITED' ? error.code : 'OTHER' });
      input.current?.focus({ preventScroll: true });
    }
  };

  const type = (key: string) => {
    if (outcome.kind !== 'busy') setOutcome({ kind: 'idle' });
    setCode((c) => (key === 'back' ? c.slice(0, -1) : key === 'clear' ? '' : (c + key).slice(0, 200)));
  };
  // Keypad keys must not take the focus from the field (the scanner may type at any moment).
  const keepFocus = (e: React.PointerEvent | React.MouseEvent) => e.preventDefault();

  return (
    <section className="screen check-in-screen" aria-labelledby="check-in-title">
      <h1 id="check-in-title">{t.checkInTitle}</h1>
      <p className="lead">{t.checkInHelp}</p>
      {/* What the last code answered, right under the heading: in sight whatever the screen's length. */}
      <div id="check-in-outcome" aria-live="polite">
        <CheckInOutcome outcome={outcome} language={language} timeZone={timeZone} disabled={disabled || issuing} issuing={issuing} onWalkIn={onWalkIn} />
        <ChoiceMessages language={language} error={issueError} cancelledCode={null} />
      </div>
      <form
        className="check-in-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit(code);
        }}
      >
        <label htmlFor="check-in-code" className="check-in-label">
          {t.checkInLabel}
        </label>
        <input
          ref={input}
          id="check-in-code"
          className="check-in-input"
          dir="ltr"
          lang="en"
          value={code}
          onChange={(e) => {
            setCode(e.target.value);
            if (outcome.kind !== 'busy') setOutcome({ kind: 'idle' });
          }}
          autoComplete="off"
          autoCapitalize="characters"
          autoCorrect="off"
          spellCheck={false}
          enterKeyHint="go"
          maxLength={500}
          readOnly={busy}
          aria-describedby="check-in-outcome"
          data-testid="check-in-code"
        />
        {/* Latin letters and digits: left to right on Urdu screens too. Hidden while a walk-in ticket is offered. */}
        <div className="keypad" role="group" aria-label={t.keypad} dir="ltr" hidden={outcome.kind === 'missed'}>
          {keys.map((k) => (
            <button key={k} type="button" className="key" lang="en" disabled={busy} onPointerDown={keepFocus} onMouseDown={keepFocus} onClick={() => type(k)}>
              {k}
            </button>
          ))}
          <button type="button" className="key key-wide" disabled={busy} onPointerDown={keepFocus} onMouseDown={keepFocus} onClick={() => type('back')} aria-label={t.deleteLast}>
            <span aria-hidden="true">⌫</span>
          </button>
          <button type="button" className="key key-wide" disabled={busy} onPointerDown={keepFocus} onMouseDown={keepFocus} onClick={() => type('clear')}>
            {t.clearCode}
          </button>
        </div>
        <button type="submit" className="primary-button check-in-submit" disabled={disabled || busy || !code.trim()} aria-busy={busy} onPointerDown={keepFocus} onMouseDown={keepFocus}>
          {busy ? (
            <>
              <span className="spinner" aria-hidden="true" />
              {t.checkingIn}
            </>
          ) : (
            t.checkInSubmit
          )}
        </button>
      </form>
    </section>
  );
}

function CheckInOutcome({ outcome, language, timeZone, disabled, issuing, onWalkIn }: { outcome: Outcome; language: Language; timeZone: string; disabled: boolean; issuing: boolean; onWalkIn: (s: PublicService) => void }) {
  const t = messages[language];
  switch (outcome.kind) {
    case 'idle':
    case 'busy':
      return null;
    case 'not-found':
      return (
        <p className="message message-warning" role="alert" data-outcome="not-found">
          {t.checkInNotFound}
        </p>
      );
    case 'too-early':
      return (
        <p className="message message-info" role="alert" data-outcome="too-early">
          {t.checkInTooEarly(formatClock(outcome.retryAt, timeZone))}
        </p>
      );
    case 'error':
      return (
        <p className="message message-warning" role="alert" data-outcome="error">
          {t.errors[outcome.key]}
        </p>
      );
    case 'missed':
      return (
        <div className="message message-warning" role="alert" data-outcome="missed">
          <p className="missed-text">{t.checkInMissed}</p>
          {outcome.service ? (
            <button type="button" className="primary-button walk-in" disabled={disabled || !outcome.service.open} aria-busy={issuing} onClick={() => onWalkIn(outcome.service!)} data-testid="walk-in">
              {issuing ? <span className="spinner" aria-hidden="true" /> : null}
              {issuing ? t.issuing : t.takeWalkIn(localize(outcome.service.name, language))}
            </button>
          ) : null}
        </div>
      );
  }
}
