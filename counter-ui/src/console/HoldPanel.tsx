import { useCallback, useEffect, useId, useState } from 'react';
import type { Counter, HoldBody, ReleaseBody, Ticket, TicketEnvelope } from '@navbat/shared';
import { errorCode, errorText, formatDuration, registerMessages, staffRequest, t, useLanguage } from '../lib';
import { useNow } from './useNow';
import './hold-panel.css';

registerMessages({
  en: {
    'hold.title': 'Held aside',
    'hold.hold': 'Hold aside',
    'hold.minutes': 'For',
    'hold.minutesValue': '{n} min',
    'hold.help': 'The citizen fetches a document; the ticket waits for this counter only and comes back first.',
    'hold.none': 'No ticket held.',
    'hold.left': '{time} left',
    'hold.back': 'back: called next',
    'hold.release': 'Bring back {code}',
  },
  ur: {
    'hold.title': 'روکے گئے ٹکٹ',
    'hold.hold': 'ایک طرف روکیں',
    'hold.minutes': 'مدت',
    'hold.minutesValue': '{n} منٹ',
    'hold.help': 'شہری دستاویز لینے گیا ہے؛ ٹکٹ صرف اسی کاؤنٹر کے لیے منتظر رہے گا اور واپسی پر سب سے پہلے بلایا جائے گا۔',
    'hold.none': 'کوئی ٹکٹ روکا نہیں گیا۔',
    'hold.left': '{time} باقی',
    'hold.back': 'واپس: اگلا بلایا جائے گا',
    'hold.release': '{code} واپس لائیں',
  },
});

const holdChoices = [5, 10, 15, 30] as const;

/** Hold (the control room): park the ticket being served, see the held ones with their time left, bring one back. */
export function HoldPanel({ counter }: { counter: Counter }) {
  useLanguage();
  const id = useId();
  const now = useNow();
  const [held, setHeld] = useState<Ticket[]>([]);
  const [minutes, setMinutes] = useState<number>(15);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(async () => {
    try {
      setHeld(await staffRequest<Ticket[]>(`/api/v1/counters/${counter.id}/held`));
    } catch {
      // shown again on the next change
    }
  }, [counter.id]);
  // Read again whenever the counter changes (a call, a hold, a release all push `counter:updated`).
  useEffect(() => {
    void reload();
  }, [reload, counter]);

  const run = async (path: string, body: HoldBody | ReleaseBody) => {
    setBusy(true);
    setError(null);
    try {
      await staffRequest<TicketEnvelope>(`/api/v1/counters/${counter.id}/${path}`, { method: 'POST', body });
      await reload();
    } catch (e) {
      setError(errorText(errorCode(e)));
    } finally {
      setBusy(false);
    }
  };
  const ticket = counter.currentTicket;

  return (
    <section className="card hold-panel" aria-labelledby={`${id}-title`}>
      <div className="control-row">
        <h2 id={`${id}-title`} className="hold-title">
          {t('hold.title')}
        </h2>
        <label htmlFor={`${id}-minutes`}>{t('hold.minutes')}</label>
        <select id={`${id}-minutes`} value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
          {holdChoices.map((n) => (
            <option key={n} value={n}>
              {t('hold.minutesValue', { n })}
            </option>
          ))}
        </select>
        <button type="button" className="btn" disabled={busy || !ticket || counter.status !== 'open'} onClick={() => void run('hold', { minutes })} data-action="hold">
          {t('hold.hold')}
          {ticket ? ` ${ticket.code}` : ''}
        </button>
      </div>
      {error && (
        <p role="alert" className="notice">
          {error}
        </p>
      )}
      <p className="muted">{held.length === 0 ? `${t('hold.none')} ${t('hold.help')}` : t('hold.help')}</p>
      {held.length > 0 && (
        <ul className="hold-list" aria-live="polite">
          {held.map((h) => (
            <li key={h.id} className="control-row">
              <strong className="num">{h.code}</strong>
              <span>{h.heldUntil ? t('hold.left', { time: formatDuration(Math.max(0, (Date.parse(h.heldUntil) - now) / 1000)) }) : t('hold.back')}</span>
              {h.heldUntil && (
                <button type="button" className="btn" disabled={busy} onClick={() => void run('release', { ticketId: h.id })}>
                  {t('hold.release', { code: h.code })}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
