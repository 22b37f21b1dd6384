import { useState, type FormEvent } from 'react';
import { psidSchema, type PaymentBody, type PublicService, type Ticket } from '@navbat/shared';
import { api, errorCode } from '../lib/api';
import { errorText, localized, t } from '../lib/i18n';

interface Props {
  ticket: Ticket;
  service: PublicService | undefined;
  /** Another command is on its way: nothing is sent meanwhile. */
  disabled: boolean;
  /** The ticket as the server answered it. */
  onDone: (ticket: Ticket) => void;
}

/**
 * An amount in rupees, Latin digits with thousands separators (as receipts and bank apps show it); only the
 * figure is set in the Latin font, the currency word stays in the language's own.
 */
export function FeeAmount({ amount }: { amount: number }) {
  const [before, after] = t('fee.amount', { amount: '\u0000' }).split('\u0000');
  return (
    <span className="fee-money" data-testid="fee-amount">
      {before}
      <span className="num">{amount.toLocaleString('en-US')}</span>
      {after}
    </span>
  );
}

/** Spaces and dashes people type or paste inside a PSID are dropped before it is checked. */
const cleanPsid = (value: string) => value.replace(/[\s-]/g, '');

/**
 * The current stop's fee: amount and label, its PSID (17 digits, recorded once: the fee's authority creates
 * it), and "paid" or "waived" with a receipt reference. Refusals are shown here in plain words.
 */
export function PaymentForm({ ticket, service, disabled, onDone }: Props) {
  const payment = ticket.payment;
  const [psid, setPsid] = useState('');
  const [receiptRef, setReceiptRef] = useState('');
  const [psidTouched, setPsidTouched] = useState(false);
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState<{ kind: 'ok'; key: string } | { kind: 'error'; code: string } | null>(null);
  if (!payment) return null;

  const typed = cleanPsid(psid);
  const psidValid = psidSchema.safeParse(typed).success;
  const id = `fee-${ticket.id}`;
  const locked = disabled || sending;

  async function send(body: PaymentBody, doneKey: string) {
    if (locked) return;
    setSending(true);
    try {
      const updated = await api.payment(ticket.id, body);
      setResult({ kind: 'ok', key: doneKey });
      setPsid('');
      setPsidTouched(false);
      setReceiptRef('');
      onDone(updated);
    } catch (error) {
      setResult({ kind: 'error', code: errorCode(error) });
    } finally {
      setSending(false);
    }
  }

  function savePsid(e: FormEvent) {
    e.preventDefault();
    setPsidTouched(true);
    if (!psidValid) return;
    void send({ psid: typed }, 'fee.psidSaved');
  }

  function settle(status: 'paid' | 'waived') {
    if (!receiptRef.trim()) return;
    void send({ status, receiptRef: receiptRef.trim() }, status === 'paid' ? 'fee.markedPaid' : 'fee.markedWaived');
  }

  const label = service?.fee?.label;
  return (
    <section className="fee" aria-labelledby={`${id}-title`} data-testid="fee" data-payment-status={payment.status}>
      <h3 id={`${id}-title`}>{t('fee.title')}</h3>
      <p className="fee-amount">
        <FeeAmount amount={payment.amountPkr} />
        {label && <span className="fee-label"> · {localized(label)}</span>}
        <span className={`badge ${payment.status === 'unpaid' ? 'badge-warn' : 'badge-ok'}`} data-testid="fee-status">
          {t(`fee.status.${payment.status}`)}
        </span>
      </p>
      {payment.psid && (
        <p className="fee-line">
          {t('fee.psid')}: <span className="code psid" data-testid="fee-psid">{payment.psid}</span>
        </p>
      )}
      {payment.status !== 'unpaid' && payment.receiptRef && (
        <p className="fee-line">
          {t('fee.receipt')}: <span className="code">{payment.receiptRef}</span>
        </p>
      )}
      {!payment.psid && payment.status === 'unpaid' && (
        <form className="fee-form" onSubmit={savePsid} noValidate>
          <label className="field" htmlFor={`${id}-psid`}>
            <span>{t('fee.psidLabel')}</span>
          </label>
          <div className="fee-row">
            <input
              id={`${id}-psid`}
              className="code"
              value={psid}
              inputMode="numeric"
              autoComplete="off"
              dir="ltr"
              maxLength={25}
              aria-invalid={psidTouched && !psidValid}
              aria-describedby={`${id}-psid-hint`}
              onChange={(e) => setPsid(e.target.value)}
              onBlur={() => setPsidTouched(typed.length > 0)}
            />
            <button type="submit" className="btn" disabled={locked} aria-busy={sending}>
              {t('fee.savePsid')}
            </button>
          </div>
          <p id={`${id}-psid-hint`} className={psidTouched && !psidValid ? 'field-error' : 'muted'}>
            {psidTouched && !psidValid ? t('fee.psidInvalid', { n: typed.length }) : t('fee.psidHint', { n: typed.length })}
          </p>
        </form>
      )}
      {payment.status === 'unpaid' && (
        <form
          className="fee-form"
          onSubmit={(e) => {
            e.preventDefault();
            settle('paid');
          }}
        >
          <label className="field" htmlFor={`${id}-receipt`}>
            <span>{t('fee.receiptLabel')}</span>
          </label>
          <div className="fee-row">
            <input id={`${id}-receipt`} value={receiptRef} maxLength={100} autoComplete="off" dir="ltr" onChange={(e) => setReceiptRef(e.target.value)} />
            <button type="submit" className="btn btn-accent" disabled={locked || !receiptRef.trim()} data-testid="fee-paid">
              {t('fee.markPaid')}
            </button>
            <button type="button" className="btn" disabled={locked || !receiptRef.trim()} onClick={() => settle('waived')} data-testid="fee-waived">
              {t('fee.markWaived')}
            </button>
          </div>
        </form>
      )}
      <div aria-live="polite">
        {result && (
          <p className={result.kind === 'error' ? 'error' : 'ok'} role={result.kind === 'error' ? 'alert' : undefined} data-testid="fee-message">
            {result.kind === 'error' ? errorText(result.code) : t(result.key)}
          </p>
        )}
      </div>
    </section>
  );
}
