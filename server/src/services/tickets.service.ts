import type { FeedbackBody, Ticket, TicketEvent } from '@navbat/shared';
import type { ServiceContext } from './context';
import type { DomainEvent } from './events';
import type { TicketRow } from '../db/schema';
import { inTransaction, rollback } from '../db/transaction';
import { bumpDisplaySeq, listCenters } from '../db/centers.repository';
import { appendTicketEvent, expireWaitingBefore, listTicketEvents, listWaiting, toTicketUpdate, updateTicketOrFail } from '../db/tickets.repository';
import { orThrow } from '../domain/decision';
import { serviceDay } from '../domain/time';
import { decideCancel, decideFeedback } from '../domain/ticket-life';
import { lineOrder } from '../domain/call-order';
import { toCandidate, toTicketFacts, viewTicket, viewTickets } from './views/ticket.view';
import { requireCenter, requireTicketByPublicId, requireTicket, ticketChangedMeanwhile } from './lookups';
import { recordOutbox } from './outbox';

/** A ticket as its holder sees it, by its public id. */
export async function getByPublicId(ctx: ServiceContext, publicId: string): Promise<Ticket> {
  const row = await requireTicketByPublicId(ctx.database.db, publicId);
  return viewTicket(ctx.database.db, row, ctx.clock.now());
}

/** The holder cancels a waiting ticket. */
export async function cancel(ctx: ServiceContext, publicId: string): Promise<Ticket> {
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const { ticket, events } = await inTransaction(ctx.database, async (trx) => {
    const found = await requireTicketByPublicId(trx, publicId);
    const seq = (await bumpDisplaySeq(trx, found.center_id))!;
    // Read again under the centre's lock: a counter may have called it meanwhile.
    const row = await requireTicket(trx, found.id);
    const patch = toTicketUpdate(orThrow(decideCancel(toTicketFacts(row), nowIso)).changes);
    await updateTicketOrFail(trx, row.id, row.status, patch, ticketChangedMeanwhile);
    await appendTicketEvent(trx, { ticketId: row.id, centerId: row.center_id, type: 'cancelled', at: nowIso, actorId: null, counterId: null });
    const ticket = await viewTicket(trx, { ...row, ...patch } as TicketRow, now);
    const events: DomainEvent[] = [{ type: 'ticket.changed', centerId: row.center_id, ticketId: row.id, serviceIds: [row.service_id], seq, command: 'cancel', ticket }];
    await recordOutbox(trx, events, now);
    return { ticket, events };
  });
  ctx.publish(events);
  return ticket;
}

/** The holder rates the service, once, after it is done; answers the rated ticket. */
export async function feedback(ctx: ServiceContext, publicId: string, body: FeedbackBody): Promise<Ticket> {
  const now = ctx.clock.now();
  const { ticket, events } = await inTransaction(ctx.database, async (trx) => {
    const row = await requireTicketByPublicId(trx, publicId);
    const patch = toTicketUpdate(orThrow(decideFeedback(toTicketFacts(row), body.rating, body.comment ?? null)).changes);
    await updateTicketOrFail(trx, row.id, row.status, patch, ticketChangedMeanwhile, { unrated: true });
    await appendTicketEvent(trx, {
      ticketId: row.id,
      centerId: row.center_id,
      type: 'rated',
      at: now.toISOString(),
      actorId: null,
      counterId: row.counter_id,
      data: { rating: body.rating, ...(body.comment ? { comment: body.comment } : {}) },
    });
    const ticket = await viewTicket(trx, { ...row, ...patch } as TicketRow, now);
    const events: DomainEvent[] = [{ type: 'ticket.changed', centerId: row.center_id, ticketId: row.id, serviceIds: [], seq: 0, command: 'feedback', ticket }];
    return { ticket, events };
  });
  ctx.publish(events);
  return ticket;
}

/** Waiting tickets of a center in call order (counter-independent: front, appointments, priority, FIFO). */
export async function queue(ctx: ServiceContext, centerId: string): Promise<Ticket[]> {
  const now = ctx.clock.now();
  const ex = ctx.database.db;
  await requireCenter(ex, centerId);
  const waiting = await listWaiting(ex, centerId);
  const byId = new Map(waiting.map((t) => [t.id, t]));
  const ordered = lineOrder(waiting.map(toCandidate), now).map((c) => byId.get(c.id)!);
  return viewTickets(ex, ordered, now);
}

/** A ticket's audit trail, oldest first. */
export async function events(ctx: ServiceContext, ticketId: number): Promise<TicketEvent[]> {
  await requireTicket(ctx.database.db, ticketId);
  const rows = await listTicketEvents(ctx.database.db, ticketId);
  return rows.map((e) => ({
    type: e.type,
    at: e.at,
    actor: e.actor_id !== null ? { id: e.actor_id, username: e.actor_username ?? '', name: e.actor_name ?? '' } : null,
    counterId: e.counter_id,
    data: e.data ? (JSON.parse(e.data) as Record<string, unknown>) : {},
  }));
}

/** Ends the day: tickets still waiting from an earlier local day become `expired`. Answers how many. */
export async function expireStale(ctx: ServiceContext): Promise<number> {
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  let total = 0;
  for (const center of await listCenters(ctx.database.db)) {
    const today = serviceDay(now, center.timezone);
    const event = await inTransaction(ctx.database, async (trx) => {
      const seq = (await bumpDisplaySeq(trx, center.id))!;
      const expired = await expireWaitingBefore(trx, center.id, today, nowIso);
      // Nothing to expire: roll back so the display sequence does not move.
      if (expired.length === 0) return rollback(null);
      for (const t of expired) {
        await appendTicketEvent(trx, { ticketId: t.id, centerId: center.id, type: 'expired', at: nowIso, actorId: null, counterId: null });
      }
      const event = {
        type: 'tickets.expired',
        centerId: center.id,
        ticketIds: expired.map((t) => t.id),
        serviceIds: [...new Set(expired.map((t) => t.service_id))],
        seq,
        tickets: await viewTickets(trx, expired.map((t) => ({ ...t, status: 'expired', finished_at: nowIso })), now),
      } satisfies DomainEvent;
      await recordOutbox(trx, [event], now);
      return event;
    });
    if (event === null) continue;
    total += event.ticketIds.length;
    ctx.publish([event]);
  }
  return total;
}
