import type { Fee, Language, TicketPayment } from '@navbat/shared';
import { localize, messages } from '../i18n';

/** "PKR 4,500 — Passport fee (example)": a fee's amount and its label in the language. */
export function feeText(fee: Fee, language: Language): string {
  return `${messages[language].pkr(fee.amountPkr)} — ${localize(fee.label, language)}`;
}

export interface FeeRow {
  key: 'fee' | 'status' | 'psid';
  label: string;
  value: string;
  /** Digits read left to right inside Urdu too. */
  ltr?: boolean;
}

/** A ticket's fee as label/value rows: amount (with the service's label), payment status, and the PSID once set. */
export function feeRows(payment: TicketPayment, fee: Fee | null | undefined, language: Language): FeeRow[] {
  const t = messages[language];
  const rows: FeeRow[] = [
    { key: 'fee', label: t.fee, value: fee && fee.amountPkr === payment.amountPkr ? feeText(fee, language) : t.pkr(payment.amountPkr) },
    { key: 'status', label: t.payment, value: t.paymentStatus[payment.status] },
  ];
  if (payment.psid) rows.push({ key: 'psid', label: t.psid, value: payment.psid, ltr: true });
  return rows;
}

/** The sentence under the fee: how to pay (with the PSID once set); nothing once paid or waived. */
export function payHint(payment: TicketPayment, language: Language): string | null {
  const t = messages[language];
  if (payment.status !== 'unpaid') return null;
  return payment.psid ? t.payWithPsid(payment.psid) : t.psidAtCounter;
}
