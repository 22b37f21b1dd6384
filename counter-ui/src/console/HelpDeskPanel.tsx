import { useId, useState } from 'react';
import type { Counter, PriorityCategory, PublicService, Ticket, TicketEnvelope } from '@navbat/shared';
import { errorCode, errorText, localized, registerMessages, staffRequest, t, useLanguage } from '../lib';
import './help-desk.css';

registerMessages({
  en: {
    'help.title': 'Ticket for a citizen',
    'help.intro': 'For a citizen who cannot use the kiosk: the ticket joins the line like a kiosk ticket.',
    'help.service': 'Service',
    'help.priority': 'Priority',
    'help.none': 'None',
    'help.issue': 'Issue ticket',
    'help.reprint': 'Reprint {code}',
    'help.print': 'Print',
    'help.slip': 'Token {code}',
    'help.slipService': '{service}',
    'help.follow': 'Follow it on a phone: {link}',
    'help.issued': 'Ticket {code} issued. Give it to the citizen.',
    'help.reprinted': 'Ticket {code} printed again (same ticket, same place in line).',
  },
  ur: {
    'help.title': 'شہری کے لیے ٹکٹ',
    'help.intro': 'اس شہری کے لیے جو کیوسک استعمال نہیں کر سکتا: ٹکٹ کیوسک کے ٹکٹ کی طرح قطار میں شامل ہوتا ہے۔',
    'help.service': 'خدمت',
    'help.priority': 'ترجیح',
    'help.none': 'کوئی نہیں',
    'help.issue': 'ٹکٹ جاری کریں',
    'help.reprint': '{code} دوبارہ پرنٹ کریں',
    'help.print': 'پرنٹ کریں',
    'help.slip': 'ٹوکن {code}',
    'help.slipService': '{service}',
    'help.follow': 'فون پر دیکھیں: {link}',
    'help.issued': 'ٹکٹ {code} جاری ہو گیا۔ شہری کو دے دیں۔',
    'help.reprinted': 'ٹکٹ {code} دوبارہ پرنٹ ہوا (وہی ٹکٹ، قطار میں وہی جگہ)۔',
  },
});

/**
 * The help desk at a counter (the control room): issue a ticket for a citizen who cannot use the kiosk
 * (channel `staff`), and print a lost one again — the same ticket, the reprint in its audit trail.
 */
export function HelpDeskPanel({ centerId, counter, services, priorities }: { centerId: string; counter: Counter; services: PublicService[]; priorities: PriorityCategory[] }) {
  useLanguage();
  const id = useId();
  const offered = services.filter((s) => counter.services.some((k) => k.serviceId === s.id)).concat(services.filter((s) => !counter.services.some((k) => k.serviceId === s.id)));
  const [serviceId, setServiceId] = useState<number>(offered[0]?.id ?? 0);
  const [priority, setPriority] = useState('none');
  const [slip, setSlip] = useState<{ ticket: Ticket; done: 'issued' | 'reprinted' } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (request: () => Promise<TicketEnvelope>, done: 'issued' | 'reprinted') => {
    setBusy(true);
    setError(null);
    try {
      const { ticket } = await request();
      setSlip({ ticket, done });
    } catch (e) {
      setError(errorText(errorCode(e)));
    } finally {
      setBusy(false);
    }
  };
  const issue = () =>
    run(
      () => staffRequest<TicketEnvelope>(`/api/v1/centers/${encodeURIComponent(centerId)}/staff-tickets`, { method: 'POST', body: { serviceId, ...(priority !== 'none' ? { priority } : {}) } }),
      'issued',
    );
  const reprint = (ticket: Ticket) =>
    run(() => staffRequest<TicketEnvelope>(`/api/v1/tickets/${ticket.id}/reprint`, { method: 'POST', body: { counterId: counter.id } }), 'reprinted');
  const current = counter.currentTicket;
  const serviceOf = (ticket: Ticket) => services.find((s) => s.id === ticket.serviceId);
  const link = slip ? `${window.location.origin}/t/${slip.ticket.publicId}` : '';

  return (
    <section className="card help-desk" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('help.title')}</h2>
      <p className="muted">{t('help.intro')}</p>
      <form
        className="help-form"
        onSubmit={(e) => {
          e.preventDefault();
          void issue();
        }}
      >
        <label htmlFor={`${id}-service`}>{t('help.service')}</label>
        <select id={`${id}-service`} value={serviceId} onChange={(e) => setServiceId(Number(e.target.value))}>
          {offered.map((s) => (
            <option key={s.id} value={s.id}>
              {s.prefix} · {localized(s.name)}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-priority`}>{t('help.priority')}</label>
        <select id={`${id}-priority`} value={priority} onChange={(e) => setPriority(e.target.value)}>
          <option value="none">{t('help.none')}</option>
          {priorities.map((p) => (
            <option key={p.code} value={p.code}>
              {localized(p.name)}
            </option>
          ))}
        </select>
        <button type="submit" className="btn btn-primary" disabled={busy || offered.length === 0}>
          {t('help.issue')}
        </button>
        {current && (
          <button type="button" className="btn" disabled={busy} onClick={() => void reprint(current)}>
            {t('help.reprint', { code: current.code })}
          </button>
        )}
      </form>
      {error && <p role="alert">{error}</p>}
      {slip && (
        <div className="help-result">
          <p role="status">{t(`help.${slip.done}`, { code: slip.ticket.code })}</p>
          <div className="help-slip" data-testid="help-slip">
            <p className="help-slip-code">{t('help.slip', { code: slip.ticket.code })}</p>
            <p>{t('help.slipService', { service: localized(serviceOf(slip.ticket)?.name) })}</p>
            <p className="help-slip-link">{t('help.follow', { link: `\u2066${link}\u2069` })}</p>
          </div>
          <button type="button" className="btn" onClick={() => window.print()}>
            {t('help.print')}
          </button>
        </div>
      )}
    </section>
  );
}
