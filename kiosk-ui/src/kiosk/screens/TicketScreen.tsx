import { useEffect, useRef, useState } from 'react';
import type { Language, PriorityCategory, PublicService, Ticket } from '@navbat/shared';
import { ApiRequestError } from '@navbat/shared/client';
import { api } from '../../api';
import { formatClock, localize, messages } from '../../i18n';
import { feeRows, payHint } from '../../components/FeeFacts';
import type { CheckInKind } from '../flow';
import { QrImage, useQrDataUrl } from '../../components/QrCode';
import { useCountdown } from '../../hooks/use-countdown';
import { Receipt } from './Receipt';
import { fitPrintPageToReceipt } from '../print-page';
import { printAndNote } from '../printer-status';

export interface TicketScreenProps {
  ticket: Ticket;
  service: PublicService | undefined;
  priority: PriorityCategory | undefined;
  centerName: string;
  timeZone: string;
  /** The phone page's link (PUBLIC_URL or this origin), the QR code's content. */
  phoneUrl: string;
  /** Set when the ticket came from a check-in: issued now, or one that existed (printed on request). */
  checkIn: CheckInKind | null;
  language: Language;
  seconds: number;
  print: boolean;
  printed: boolean;
  onPrinted: () => void;
  onDone: () => void;
  /** The ticket was cancelled ("wrong service"): back to the choice. */
  onCancelled: () => void;
}

/**
 * The token: big code, service, place in line, wait, a QR code of the phone page, and the printed receipt.
 * The service tap issued it without a confirmation step, so a short "wrong service? cancel" undoes it.
 */
export function TicketScreen({ ticket, service, priority, centerName, timeZone, phoneUrl, checkIn, language, seconds, print, printed, onPrinted, onDone, onCancelled }: TicketScreenProps) {
  const t = messages[language];
  const [cancel, setCancel] = useState<'idle' | 'busy' | 'failed'>('idle');
  const cancelTicket = async () => {
    if (cancel === 'busy') return;
    setCancel('busy');
    try {
      await api.cancel(ticket.publicId);
      onCancelled();
    } catch (e) {
      // Already called or finished: it stays valid. A lost connection may be retried.
      setCancel(e instanceof ApiRequestError && e.code === 'NETWORK_ERROR' ? 'idle' : 'failed');
    }
  };
  const left = useCountdown(seconds, onDone);
  const qr = useQrDataUrl(phoneUrl);
  const serviceName = service ? localize(service.name, language) : '';
  const printedRef = useRef(printed);

  // The printed page is as long as the receipt: measured whenever its content changes and before any print.
  const fitReceipt = () => fitPrintPageToReceipt(document.querySelector<HTMLElement>('.receipt'));
  useEffect(() => {
    fitReceipt();
    window.addEventListener('beforeprint', fitReceipt);
    return () => window.removeEventListener('beforeprint', fitReceipt);
  }, [qr, language, serviceName]);

  // Print once per ticket (not again after a reload), once the receipt's QR image has loaded.
  const printNow = () => {
    printedRef.current = true;
    onPrinted();
    // Let the browser paint the receipt first; in --kiosk-printing mode this prints silently.
    setTimeout(() => {
      fitReceipt();
      printAndNote();
    }, 50);
  };
  const printOnce = () => {
    if (printedRef.current || !print) return;
    printNow();
  };
  // Only a walk-in ticket taken here can be undone as "wrong service"; a booking's or a remote one cannot.
  const cancellable = ticket.channel === 'kiosk' && checkIn === null;
  const payment = ticket.payment;
  const hint = payment ? payHint(payment, language) : null;
  useEffect(() => {
    // Should the QR fail to render, print the receipt without waiting for it.
    const fallback = setTimeout(printOnce, 1500);
    return () => clearTimeout(fallback);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <>
      <section className="screen ticket-screen" aria-labelledby="ticket-title">
        {ticket.channel === 'web' && checkIn ? (
          <p className="message message-info arrival" role="status" data-testid="arrived-in-line">
            {t.arrivedInLine(ticket.position)}
          </p>
        ) : checkIn === 'existing' ? (
          <p className="message message-info arrival" role="status" data-testid="checked-in-again">
            {t.checkedInAgain}
          </p>
        ) : null}
        <h1 id="ticket-title" className="ticket-label">
          {t.yourToken}
        </h1>
        <p className="ticket-code" data-testid="ticket-code" dir="ltr" style={{ '--chars': ticket.code.length } as React.CSSProperties}>
          {ticket.code}
        </p>
        <dl className="ticket-facts">
          <div>
            <dt>{t.service}</dt>
            <dd>{serviceName}</dd>
          </div>
          {priority ? (
            <div>
              <dt>{t.priority}</dt>
              <dd data-testid="ticket-priority">{localize(priority.name, language)}</dd>
            </div>
          ) : null}
          {ticket.appointmentAt ? (
            <div>
              <dt>{t.appointment}</dt>
              <dd data-testid="ticket-appointment" dir="ltr">
                {formatClock(ticket.appointmentAt, timeZone)}
              </dd>
            </div>
          ) : null}
          <div>
            <dt>{t.position}</dt>
            <dd data-testid="ticket-position">{ticket.position ?? '—'}</dd>
          </div>
          <div>
            <dt>{t.estimatedWait}</dt>
            <dd data-testid="ticket-wait">{t.estimateShort(ticket.estimatedWaitRange)}</dd>
          </div>
          {payment
            ? feeRows(payment, service?.fee, language).map((row) => (
                <div key={row.key}>
                  <dt>{row.label}</dt>
                  <dd data-testid={`ticket-${row.key}`} dir={row.ltr ? 'ltr' : undefined}>
                    {row.value}
                  </dd>
                </div>
              ))
            : null}
        </dl>
        {hint ? (
          <p className="ticket-pay-hint" data-testid="ticket-pay-hint">
            {hint}
          </p>
        ) : null}
        <figure className="ticket-qr">
          <QrImage src={qr} value={phoneUrl} alt={t.scanToFollow} className="qr" />
          <figcaption>{t.scanToFollow}</figcaption>
        </figure>
        {checkIn === 'existing' && print ? (
          <button type="button" className="secondary-button print-again" onClick={printNow} data-testid="print-again">
            {t.printTicket}
          </button>
        ) : (
          <p className="lead">{print ? t.printing : t.keepTicket}</p>
        )}
        <button type="button" className="primary-button" onClick={onDone}>
          {t.done}
        </button>
        {!cancellable ? null : cancel === 'failed' ? (
          <p className="message message-warning" role="alert">
            {t.cancelFailed}
          </p>
        ) : (
          <button type="button" className="secondary-button" onClick={() => void cancelTicket()} disabled={cancel === 'busy'} aria-busy={cancel === 'busy'} data-testid="cancel-ticket">
            {cancel === 'busy' ? t.cancelling : t.wrongService}
          </button>
        )}
        <p className="countdown" aria-live="off">
          {t.returning(left)}
        </p>
      </section>
      <Receipt ticket={ticket} serviceName={serviceName} fee={service?.fee} centerName={centerName} timeZone={timeZone} phoneUrl={phoneUrl} qr={qr} language={language} onReady={printOnce} />
    </>
  );
}
