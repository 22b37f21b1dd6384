import { useCallback, useEffect, useId, useState } from 'react';
import type { Counter, PrintableKiosk, PrintOutcome, PriorityCategory, PublicService, StaffTicketResponse, Ticket, TicketEnvelope } from '@navbat/shared';
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
    'help.printOn': 'Print on',
    'help.here': 'This counter’s printer',
    'help.kiosk': '{kiosk}',
    'help.kioskNear': '{kiosk} (near this counter)',
    'help.noKiosks': 'No kiosk printer is ready now: the slip prints here.',
    'help.printedAt': 'Ticket {code} printed at {kiosk}. Send the citizen there to take it.',
    'help.printFailed': 'Ticket {code} is issued, but {kiosk} did not print it: {why} Print it here, or let the citizen note the code and the link below.',
    'help.why.KIOSK_OFFLINE': 'the kiosk is offline.',
    'help.why.PRINTER_FAILED': 'its printer failed (out of paper?).',
    'help.why.KIOSK_BUSY': 'the kiosk could not print now.',
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
    'help.printOn': 'کہاں پرنٹ کریں',
    'help.here': 'اسی کاؤنٹر کا پرنٹر',
    'help.kiosk': '{kiosk}',
    'help.kioskNear': '{kiosk} (اس کاؤنٹر کے قریب)',
    'help.noKiosks': 'ابھی کسی کیوسک کا پرنٹر تیار نہیں: ٹکٹ یہیں پرنٹ ہو گا۔',
    'help.printedAt': 'ٹکٹ {code} {kiosk} پر پرنٹ ہو گیا۔ شہری کو وہاں سے لینے بھیجیں۔',
    'help.printFailed': 'ٹکٹ {code} جاری ہو گیا، لیکن {kiosk} نے پرنٹ نہیں کیا: {why} اسے یہیں پرنٹ کریں، یا شہری کو نیچے دیا گیا کوڈ اور لنک نوٹ کروا دیں۔',
    'help.why.KIOSK_OFFLINE': 'کیوسک آف لائن ہے۔',
    'help.why.PRINTER_FAILED': 'اس کا پرنٹر ناکام رہا (کاغذ ختم؟)۔',
    'help.why.KIOSK_BUSY': 'کیوسک ابھی پرنٹ نہیں کر سکا۔',
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
  const [slip, setSlip] = useState<{ ticket: Ticket; done: 'issued' | 'reprinted'; print?: PrintOutcome | undefined } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [kiosks, setKiosks] = useState<PrintableKiosk[]>([]);
  const [printOn, setPrintOn] = useState('');

  // The kiosks whose printer is ready, nearest first: read now, when the list is opened, and twice a minute.
  const loadKiosks = useCallback(() => {
    staffRequest<PrintableKiosk[]>(`/api/v1/centers/${encodeURIComponent(centerId)}/printable-kiosks?counterId=${counter.id}`).then(setKiosks, () => undefined);
  }, [centerId, counter.id]);
  useEffect(() => {
    loadKiosks();
    const timer = setInterval(loadKiosks, 30_000);
    return () => clearInterval(timer);
  }, [loadKiosks]);
  const kioskName = (k: { label: string | null; deviceId: string }) => k.label ?? k.deviceId;
  // A kiosk's name and a code are isolated so an English name reads right inside an Urdu sentence.
  const isolate = (text: string) => `\u2068${text}\u2069`;

  const run = async (request: () => Promise<StaffTicketResponse | TicketEnvelope>, done: 'issued' | 'reprinted') => {
    setBusy(true);
    setError(null);
    try {
      const answer = await request();
      setSlip({ ticket: answer.ticket, done, print: 'print' in answer ? answer.print : undefined });
    } catch (e) {
      setError(errorText(errorCode(e)));
    } finally {
      setBusy(false);
    }
  };
  const issue = () =>
    run(
      () =>
        staffRequest<StaffTicketResponse>(`/api/v1/centers/${encodeURIComponent(centerId)}/staff-tickets`, {
          method: 'POST',
          body: { serviceId, ...(priority !== 'none' ? { priority } : {}), ...(printOn ? { printOn } : {}) },
        }),
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
        <span className="help-print-on">
          <label htmlFor={`${id}-print-on`}>{t('help.printOn')}</label>
          <select id={`${id}-print-on`} value={printOn} onFocus={loadKiosks} onChange={(e) => setPrintOn(e.target.value)} aria-describedby={kiosks.length === 0 ? `${id}-no-kiosks` : undefined}>
            <option value="">{t('help.here')}</option>
            {kiosks.map((k) => (
              <option key={k.deviceId} value={k.deviceId}>
                {t(k.sameZone ? 'help.kioskNear' : 'help.kiosk', { kiosk: kioskName(k) })}
              </option>
            ))}
          </select>
        </span>
        {kiosks.length === 0 && (
          <p className="muted help-no-kiosks" id={`${id}-no-kiosks`}>
            {t('help.noKiosks')}
          </p>
        )}
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
          {slip.print?.printed ? (
            <p role="status" data-testid="help-printed-at">
              {t('help.printedAt', { code: isolate(slip.ticket.code), kiosk: isolate(kioskName(slip.print)) })}
            </p>
          ) : slip.print ? (
            <p role="alert" data-testid="help-print-failed">
              {t('help.printFailed', { code: isolate(slip.ticket.code), kiosk: isolate(kioskName(slip.print)), why: t(`help.why.${slip.print.error ?? 'KIOSK_BUSY'}`) })}
            </p>
          ) : (
            <p role="status">{t(`help.${slip.done}`, { code: slip.ticket.code })}</p>
          )}
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
