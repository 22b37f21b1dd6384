import { AppError, type PaymentBody, type PaymentNoticeBody, type Ticket, type TicketPayment, type User } from '@navbat/shared';
import type { ServiceContext } from './context';
import type { DomainEvent } from './events';
import type { Executor } from '../db/database';
import type { TicketRow } from '../db/schema';
import { inTransaction, rollback } from '../db/transaction';
import { bumpDisplaySeq } from '../db/centers.repository';
import { findService } from '../db/services.repository';
import { appendTicketEvent } from '../db/tickets.repository';
import { findTicketByPsid, paymentNoticeSeen, recordPaymentNotice, updateTicketColumns } from '../db/payments.repository';
import { orThrow } from '../domain/decision';
import { awaitsPayment, decidePayment, decidePaymentNotice } from '../domain/payment';
import type { TicketCommand } from '../domain/ticket-life';
import { requireTicket } from './lookups';
import { recordOutbox } from './outbox';
import { feeOf, paymentColumns, toPayment } from './views/journey.view';
import { viewTicket } from './views/ticket.view';

/**
 * Where a real fee authority connection (1Link / ePay: PSID creation and status) would plug in. Navbat never
 * invents a PSID: the counter records the one the authority created, and the authority's signed notices
 * (`takeNotice`) mark it paid.
 */
export interface FeeAuthority {
  /** Asks the authority for the PSID of a fee (a real adapter calls its API). */
  createPsid(request: { ticketCode: string; amountPkr: number; label: string }): Promise<string>;
}

/** Writes a new payment on the ticket, audits it, and answers the ticket with the events to publish. */
async function writePayment(trx: Executor, ticket: TicketRow, payment: TicketPayment, command: TicketCommand, actorId: number | null, data: Record<string, unknown>, now: Date) {
  const nowIso = now.toISOString();
  const service = await findService(trx, ticket.service_id);
  const { payBeforeCall } = service ? feeOf(service) : { payBeforeCall: false };
  const patch = paymentColumns({ payment, awaitingPayment: awaitsPayment(payment.status, payBeforeCall) });
  await updateTicketColumns(trx, ticket.id, patch);
  await appendTicketEvent(trx, { ticketId: ticket.id, centerId: ticket.center_id, type: 'payment', at: nowIso, actorId, counterId: null, data: { ...data, amountPkr: payment.amountPkr, serviceId: ticket.service_id } });
  const view = await viewTicket(trx, { ...ticket, ...patch }, now);
  // Displays and consoles see payments (a ticket held for its fee may now be called): move the sequence.
  const seq = (await bumpDisplaySeq(trx, ticket.center_id)) ?? 0;
  const events: DomainEvent[] = [{ type: 'ticket.changed', centerId: ticket.center_id, ticketId: ticket.id, serviceIds: [ticket.service_id], seq, command, ticket: view }];
  await recordOutbox(trx, events, now);
  return { view, events };
}

/** The counter records a ticket's PSID and/or marks its fee paid or waived (audited in the ticket's events). */
export async function record(ctx: ServiceContext, user: User, ticketId: number, body: PaymentBody): Promise<Ticket> {
  const now = ctx.clock.now();
  const { view, events } = await inTransaction(ctx.database, async (trx) => {
    const ticket = await requireTicket(trx, ticketId);
    const holder = body.psid !== undefined ? ((await findTicketByPsid(trx, body.psid))?.id ?? null) : null;
    const decision = orThrow(decidePayment({ status: ticket.status, payment: toPayment(ticket) }, body, holder, ticket.id, now.toISOString()));
    if (!decision.changed) return rollback({ view: await viewTicket(trx, ticket, now), events: [] as DomainEvent[] });
    const command: TicketCommand = decision.settled ? 'pay' : 'psid';
    return writePayment(trx, ticket, decision.payment, command, user.id, { ...body, by: 'counter' }, now);
  });
  ctx.publish(events);
  return view;
}

/**
 * The fee authority's signed notice that a PSID was paid (the route has checked the signature). The same
 * `webhook-id` again changes nothing and answers the ticket as it is.
 */
export async function takeNotice(ctx: ServiceContext, webhookId: string, notice: PaymentNoticeBody): Promise<Ticket> {
  const now = ctx.clock.now();
  const { view, events } = await inTransaction(ctx.database, async (trx) => {
    const seen = await paymentNoticeSeen(trx, webhookId);
    if (seen !== null) return rollback({ view: await viewTicket(trx, await requireTicket(trx, seen), now), events: [] as DomainEvent[] });
    const ticket = await findTicketByPsid(trx, notice.psid);
    if (!ticket) throw new AppError('PSID_NOT_FOUND', 'no ticket holds this PSID');
    const decision = orThrow(decidePaymentNotice(toPayment(ticket), notice));
    await recordPaymentNotice(trx, webhookId, ticket.id, now.toISOString());
    if (!decision.changed || !decision.payment) return { view: await viewTicket(trx, ticket, now), events: [] as DomainEvent[] };
    return writePayment(trx, ticket, decision.payment, 'pay', null, { ...notice, by: 'fee-authority', webhookId }, now);
  });
  ctx.publish(events);
  return view;
}
