/**
 * Fees, paid cashless by PSID (the 17-digit Payment Slip ID the fee's authority creates; Navbat never
 * invents one). A ticket's payment is the current stop's fee. With `payBeforeCall` an unpaid ticket keeps
 * its rank in the line but is not called (`awaitingPayment`, which the call order reads) until paid or waived.
 */
import type { Fee, PaymentBody, PaymentNoticeBody, PaymentStatus, TicketPayment, TicketStatus } from '@navbat/shared';
import { allow, refuse, type Decision } from './decision';

/** A ticket's payment with the one thing the call order needs. */
export interface PaymentState {
  payment: TicketPayment | null;
  awaitingPayment: boolean;
}

/** Whether a stop's payment holds the ticket back from being called. */
export function awaitsPayment(status: PaymentStatus | null, payBeforeCall: boolean): boolean {
  return payBeforeCall && status === 'unpaid';
}

/** The payment a ticket starts a stop with: the service's fee, unpaid; none for a service without a fee. */
export function paymentForStop(fee: Pick<Fee, 'amountPkr'> | null, payBeforeCall: boolean): PaymentState {
  if (!fee) return { payment: null, awaitingPayment: false };
  return { payment: { amountPkr: fee.amountPkr, psid: null, status: 'unpaid', paidAt: null, receiptRef: null }, awaitingPayment: awaitsPayment('unpaid', payBeforeCall) };
}

const unfinished: readonly TicketStatus[] = ['waiting', 'called', 'serving'];

/** What a payment command decided: the new payment, whether anything changed, and whether it settled the fee now. */
export type PaymentDecision = Decision<{ payment: TicketPayment; changed: boolean; settled: boolean }>;

/**
 * The counter records the PSID (once: another one is PSID_ALREADY_SET; one another ticket holds is
 * PSID_IN_USE) and/or marks the fee paid or waived with a receipt reference. Repeating what is already
 * recorded changes nothing; settling a settled fee differently is PAYMENT_SETTLED.
 */
export function decidePayment(
  ticket: { status: TicketStatus; payment: TicketPayment | null },
  body: PaymentBody,
  psidHolder: number | null,
  ticketId: number,
  nowIso: string,
): PaymentDecision {
  const { payment } = ticket;
  if (!payment) return refuse('NO_FEE', 'this ticket has no fee to pay');
  if (!unfinished.includes(ticket.status)) return refuse('TICKET_NOT_ACTIVE', `the ticket is ${ticket.status.replace('_', ' ')}`);
  let next = payment;
  if (body.psid !== undefined && body.psid !== payment.psid) {
    if (payment.psid !== null) return refuse('PSID_ALREADY_SET', 'this ticket already has a PSID; it cannot be changed');
    if (psidHolder !== null && psidHolder !== ticketId) return refuse('PSID_IN_USE', 'another ticket holds this PSID');
    next = { ...next, psid: body.psid };
  }
  let settled = false;
  if (body.status !== undefined) {
    if (payment.status !== 'unpaid') {
      if (payment.status !== body.status || payment.receiptRef !== body.receiptRef) return refuse('PAYMENT_SETTLED', `the fee is already ${payment.status}`);
    } else {
      next = { ...next, status: body.status, paidAt: nowIso, receiptRef: body.receiptRef ?? null };
      settled = true;
    }
  }
  return allow({ payment: next, changed: next !== payment, settled });
}

/**
 * The fee authority says a PSID was paid: the ticket's fee is paid (a fee already settled stays as it is).
 * Answers whether anything changed.
 */
export function decidePaymentNotice(payment: TicketPayment | null, notice: PaymentNoticeBody): Decision<{ payment: TicketPayment | null; changed: boolean }> {
  if (!payment || payment.psid !== notice.psid) return refuse('PSID_NOT_FOUND', 'no ticket waits for a payment with this PSID');
  if (payment.status !== 'unpaid') return allow({ payment, changed: false });
  return allow({ payment: { ...payment, status: 'paid', paidAt: notice.paidAt, receiptRef: notice.receiptRef }, changed: true });
}
