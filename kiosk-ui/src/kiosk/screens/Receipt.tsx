import type { Fee, Language, Ticket } from '@navbat/shared';
import { formatClock, messages } from '../../i18n';
import { feeRows, payHint } from '../../components/FeeFacts';
import { QrImage } from '../../components/QrCode';

/** Day and time as digits only ("24/11/2026 14:05"), the same on English and Urdu receipts. */
function formatTime(iso: string, timeZone: string): string {
  return new Date(iso).toLocaleString('en-GB', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).replace(',', '');
}

/** The 80 mm thermal receipt: hidden on screen, the only thing printed (see kiosk.css @media print). */
export interface ReceiptProps {
  ticket: Ticket;
  serviceName: string;
  fee: Fee | null | undefined;
  centerName: string;
  timeZone: string;
  phoneUrl: string;
  qr: string | null;
  language: Language;
  /** Called once the QR image is decoded, i.e. when the receipt is ready to print. */
  onReady: () => void;
}

export function Receipt({ ticket, serviceName, fee, centerName, timeZone, phoneUrl, qr, language, onReady }: ReceiptProps) {
  const t = messages[language];
  return (
    <div className="receipt" data-testid="receipt">
      <p className="receipt-center">{centerName}</p>
      <p className="receipt-label">{t.yourToken}</p>
      <p className="receipt-code" dir="ltr">
        {ticket.code}
      </p>
      <p className="receipt-service">{serviceName}</p>
      {ticket.appointmentAt ? (
        <p className="receipt-appointment" data-testid="receipt-appointment">
          {t.appointment} <span dir="ltr">{formatClock(ticket.appointmentAt, timeZone)}</span>
        </p>
      ) : null}
      <table className="receipt-facts">
        <tbody>
          <tr>
            <th scope="row">{t.position}</th>
            <td>{ticket.position ?? '—'}</td>
          </tr>
          <tr>
            <th scope="row">{t.estimatedWait}</th>
            <td data-testid="receipt-wait">{t.estimateShort(ticket.estimatedWaitRange)}</td>
          </tr>
          <tr>
            <th scope="row">{t.issuedAt}</th>
            <td dir="ltr">{formatTime(ticket.issuedAt, timeZone)}</td>
          </tr>
          {ticket.payment
            ? feeRows(ticket.payment, fee, language).map((row) => (
                <tr key={row.key}>
                  <th scope="row">{row.label}</th>
                  <td data-testid={`receipt-${row.key}`} dir={row.ltr ? 'ltr' : undefined}>
                    {row.value}
                  </td>
                </tr>
              ))
            : null}
        </tbody>
      </table>
      {ticket.payment && payHint(ticket.payment, language) ? (
        <p className="receipt-pay" data-testid="receipt-pay">
          {payHint(ticket.payment, language)}
        </p>
      ) : null}
      <QrImage src={qr} value={phoneUrl} alt="" className="receipt-qr" onLoad={onReady} />
      <p className="receipt-hint">{t.scanToFollow}</p>
      <p className="receipt-url" dir="ltr">
        {phoneUrl}
      </p>
    </div>
  );
}
