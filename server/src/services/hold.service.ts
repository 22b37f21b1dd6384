import type { Ticket, User } from '@navbat/shared';
import { AppError } from '@navbat/shared';
import type { ServiceContext } from './context';
import type { TicketRow } from '../db/schema';
import { appendTicketEvent, findTicket, listHeldOfCounter, toTicketUpdate, updateTicketOrFail } from '../db/tickets.repository';
import { orThrow } from '../domain/decision';
import { decideHold, decideOnCurrent, decideRelease } from '../domain/counter-life';
import { toTicketFacts, viewTicket, viewTickets } from './views/ticket.view';
import { actorOf, counterChanged, runCounterCommand } from './counter-command';
import { requireCounter, ticketChangedMeanwhile } from './lookups';

// Hold (the control room, docs/control-room.md): an operator parks the ticket being served while the
// citizen fetches a document, and releases it later: it comes back first of this counter's calls.

/** The operator holds the counter's ticket aside for `minutes`; the counter is free to call the next one. */
export function hold(ctx: ServiceContext, user: User, counterId: number, minutes: number): Promise<Ticket> {
  return runCounterCommand(ctx, counterId, true, async ({ trx, counter, facts, active, seq, now }) => {
    const current = orThrow(decideOnCurrent(facts, actorOf(user), active)).ticket;
    const { changes } = orThrow(decideHold(toTicketFacts(current), counter.id, minutes, now));
    const patch = toTicketUpdate(changes);
    await updateTicketOrFail(trx, current.id, current.status, patch, ticketChangedMeanwhile);
    await appendTicketEvent(trx, { ticketId: current.id, centerId: current.center_id, type: 'held', at: now.toISOString(), actorId: user.id, counterId: counter.id, data: { minutes, holdUntil: changes.holdUntil } });
    const ticket = await viewTicket(trx, { ...current, ...patch } as TicketRow, now);
    return {
      value: ticket,
      events: [{ type: 'ticket.changed', centerId: current.center_id, ticketId: current.id, serviceIds: [current.service_id], seq: seq as number, command: 'hold', ticket }, counterChanged(counter, seq)],
    };
  });
}

/** The counter releases a ticket it holds: from now it is first of this counter's calls. */
export function release(ctx: ServiceContext, user: User, counterId: number, ticketId: number): Promise<Ticket> {
  return runCounterCommand(ctx, counterId, true, async ({ trx, counter, facts, seq, now }) => {
    const row = await findTicket(trx, ticketId);
    const found = row && row.center_id === counter.center_id ? row : undefined;
    const nowIso = now.toISOString();
    const patch = toTicketUpdate(orThrow(decideRelease(facts, actorOf(user), found ? toTicketFacts(found) : null, nowIso)).changes);
    if (!found) throw new AppError('TICKET_NOT_FOUND', 'no such ticket');
    await updateTicketOrFail(trx, found.id, 'waiting', patch, ticketChangedMeanwhile);
    await appendTicketEvent(trx, { ticketId: found.id, centerId: found.center_id, type: 'released', at: nowIso, actorId: user.id, counterId: counter.id });
    const ticket = await viewTicket(trx, { ...found, ...patch } as TicketRow, now);
    return {
      value: ticket,
      events: [{ type: 'ticket.changed', centerId: found.center_id, ticketId: found.id, serviceIds: [found.service_id], seq: seq as number, command: 'release', ticket }, counterChanged(counter, seq)],
    };
  });
}

/** The tickets a counter holds aside (`heldUntil` set) or that came back from a hold and wait for its next call. */
export async function held(ctx: ServiceContext, counterId: number): Promise<Ticket[]> {
  const counter = await requireCounter(ctx.database.db, counterId);
  return viewTickets(ctx.database.db, await listHeldOfCounter(ctx.database.db, counter.id), ctx.clock.now());
}
