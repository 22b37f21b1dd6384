import type { JourneyStop, TicketPayment } from '@navbat/shared';
import type { ServiceRow, TicketRow } from '../../db/schema';
import { parseJson } from '../../db/json';
import type { Fee } from '@navbat/shared';
import type { PaymentState } from '../../domain/payment';

// Journeys and payments: stored columns ↔ API shapes.

/** A ticket's journey in its API shape (null: a visit of one service). */
export function toJourney(row: Pick<TicketRow, 'journey'>): JourneyStop[] | null {
  return parseJson<JourneyStop[]>(row.journey);
}

/** A ticket's payment (its current stop's fee) in its API shape, null without a fee. */
export function toPayment(row: Pick<TicketRow, 'payment_amount_pkr' | 'psid' | 'payment_status' | 'paid_at' | 'receipt_ref'>): TicketPayment | null {
  if (row.payment_amount_pkr === null || row.payment_status === null) return null;
  return { amountPkr: row.payment_amount_pkr, psid: row.psid, status: row.payment_status, paidAt: row.paid_at, receiptRef: row.receipt_ref };
}

/** The columns that hold a payment. */
export function paymentColumns(state: PaymentState) {
  const p = state.payment;
  return {
    payment_amount_pkr: p?.amountPkr ?? null,
    psid: p?.psid ?? null,
    payment_status: p?.status ?? null,
    paid_at: p?.paidAt ?? null,
    receipt_ref: p?.receiptRef ?? null,
    awaiting_payment: state.awaitingPayment ? 1 : 0,
  };
}

/** A service's fee and whether it must be paid before a call. */
export function feeOf(service: Pick<ServiceRow, 'fee' | 'pay_before_call'>): { fee: Fee | null; payBeforeCall: boolean } {
  return { fee: parseJson<Fee>(service.fee), payBeforeCall: service.pay_before_call === 1 };
}
