import { AppError, type Ticket, type TransferBody, type User } from '@navbat/shared';
import type { ServiceContext } from './context';
import type { DomainEvent } from './events';
import type { CounterRow, TicketRow } from '../db/schema';
import { rollback } from '../db/transaction';
import { findCounter, updateCounter } from '../db/counters.repository';
import { findService } from '../db/services.repository';
import { appendTicketEvent, callContenderReads, contenderRow, contendersFound, findTicket, listCallContenders, toTicketUpdate, updateTicketOrFail, type CallContenderReads, type Contender } from '../db/tickets.repository';
import { orThrow } from '../domain/decision';
import { nextPriorityStreak, type QueueCandidate } from '../domain/call-order';
import { decideCall, decideCallSpecific, decideOnCurrent, decideTransfer } from '../domain/counter-life';
import { decideCallTicket, decideComplete, decideNoShow, decideRecall, decideStart, type TicketDecision, type TicketFacts } from '../domain/ticket-life';
import { toCandidate, toTicketFacts, viewTicket } from './views/ticket.view';
import { completeStop } from './journeys';
import { ticketChangedMeanwhile } from './lookups';
import { actorOf, counterChanged, runCounterCommand, type CounterCommandInput } from './counter-command';

/** What displays are told when a ticket is called (or called again) at a counter. */
function calledEvent(ticket: TicketRow, counter: CounterRow, seq: number, calledAt: string, recall: boolean, view: Ticket): DomainEvent {
  return {
    type: 'ticket.called',
    centerId: ticket.center_id,
    ticketId: ticket.id,
    counterId: counter.id,
    serviceId: ticket.service_id,
    recall,
    seq,
    zone: counter.zone,
    announcement: { seq, centerId: ticket.center_id, ticketCode: ticket.code, counterId: counter.id, counterName: counter.name, serviceId: ticket.service_id, calledAt, recall },
    ticket: view,
  };
}

const ticketTaken = () => new AppError('TICKET_NOT_WAITING', 'another counter took this ticket');

/** Marks `ticket` called at the counter and answers its view with the events to publish. */
async function callTicket({ trx, counter, seq, now }: CounterCommandInput, user: User, ticket: TicketRow) {
  const nowIso = now.toISOString();
  const patch = toTicketUpdate(orThrow(decideCallTicket(toTicketFacts(ticket), counter.id, user.id, nowIso)).changes);
  // The counter's, the audit trail's and the ticket's writes go out with the commit (PostgreSQL); a lost race rolls all back.
  await updateCounter(trx, counter.id, { priority_streak: nextPriorityStreak(counter.priority_streak, ticket) });
  await appendTicketEvent(trx, { ticketId: ticket.id, centerId: ticket.center_id, type: 'called', at: nowIso, actorId: user.id, counterId: counter.id });
  await updateTicketOrFail(trx, ticket.id, 'waiting', patch, ticketTaken);
  const view = await viewTicket(trx, { ...ticket, ...patch } as TicketRow, now, counter);
  return { value: view, events: [calledEvent(ticket, counter, seq as number, nowIso, false, view), counterChanged(counter, seq)] };
}

/**
 * Per database, the centre and services each counter last called from. On PostgreSQL call-next looks its
 * contenders up with its first reads, for the lines it called from last time; when its call rules (read in the
 * same round trip) name other lines, it looks them up again for those. A counter's services change a few times
 * a day, so a call waits for two round trips (its reads, its writes with the commit), not three.
 */
const lastCallLines = new WeakMap<ServiceContext['database'], Map<number, { centerId: string; serviceIds: number[] }>>();

function lastLinesOf(ctx: ServiceContext): Map<number, { centerId: string; serviceIds: number[] }> {
  let lines = lastCallLines.get(ctx.database);
  if (!lines) lastCallLines.set(ctx.database, (lines = new Map()));
  return lines;
}

const sameLines = (lookups: CallContenderReads, centerId: string, serviceIds: readonly number[]) =>
  lookups.centerId === centerId && lookups.serviceIds.length === serviceIds.length && lookups.serviceIds.every((id, i) => id === serviceIds[i]);

/** Calls the next ticket by the call order; answers null (changing nothing) when nothing waits for this counter. */
export function callNext(ctx: ServiceContext, user: User, counterId: number): Promise<Ticket | null> {
  const lastLines = lastLinesOf(ctx);
  const last = ctx.database.dialect === 'postgres' ? lastLines.get(counterId) : undefined;
  const lookups = last ? callContenderReads(true, last.centerId, counterId, last.serviceIds) : null;
  return runCounterCommand<Ticket | null>(ctx, counterId, true, async (input) => {
    const { trx, counter, facts, now } = input;
    const rules = await input.callRules();
    const serviceIds = [...rules.weights.keys()];
    const ageing = { now, slaTargetMinutes: rules.slaTargetMinutes };
    const candidates =
      lookups && sameLines(lookups, counter.center_id, serviceIds)
        ? await contendersFound(trx, lookups, input.alsoFound as Contender[][], ageing)
        : await listCallContenders(trx, counter.center_id, counter.id, serviceIds, ageing);
    if (lastLines.size >= 10_000) lastLines.clear();
    lastLines.set(counter.id, { centerId: counter.center_id, serviceIds });
    // Into a literal, not by `map` (whose empty arrays are of another kind and deoptimise the call order: docs/PERFORMANCE.md).
    const queue: QueueCandidate[] = [];
    for (const c of candidates) queue.push(toCandidate(c));
    const decision = orThrow(decideCall(facts, actorOf(user), queue, { counterId: counter.id, priorityStreak: counter.priority_streak, now, ...rules }));
    // Nothing to call: roll back so the display sequence does not move.
    if (decision.kind === 'empty') return rollback({ value: null, events: [] });
    const ticket = await contenderRow(trx, candidates.find((c) => c.id === decision.ticketId)!);
    if (!ticket) throw ticketTaken();
    return callTicket(input, user, ticket);
  }, { callRules: true, alsoRead: lookups?.reads ?? [] });
}

/** Calls one waiting ticket this counter serves, out of the call order. */
export function callSpecific(ctx: ServiceContext, user: User, counterId: number, ticketId: number): Promise<Ticket> {
  return runCounterCommand(ctx, counterId, true, async (input) => {
    const { trx, counter, facts } = input;
    const found = await findTicket(trx, ticketId);
    const ticket = found && found.center_id === counter.center_id ? found : undefined;
    const { weights } = await input.callRules();
    const candidate = ticket ? { ...toCandidate(ticket), status: toTicketFacts(ticket).status } : null;
    orThrow(decideCallSpecific(facts, actorOf(user), ticketId, candidate, { counterId: counter.id, weights, now: input.now }));
    return callTicket(input, user, ticket!);
  }, { callRules: true });
}

/** A command on the ticket the counter holds: recall, start, complete or no-show. */
interface CurrentTicketCommand {
  command: 'recall' | 'start' | 'complete' | 'no-show';
  eventType: string;
  decide: (ticket: TicketFacts, nowIso: string) => TicketDecision;
  /** Whether displays see this change (it moves the center's display sequence). */
  visible: boolean;
  data?: Record<string, unknown>;
  /** `complete` only: end a journey here instead of moving on to its next stop. */
  endJourney?: boolean;
}

function changeCurrent(ctx: ServiceContext, user: User, counterId: number, change: CurrentTicketCommand): Promise<Ticket> {
  return runCounterCommand(ctx, counterId, change.visible, async ({ trx, counter, facts, active, seq, now }) => {
    const current = orThrow(decideOnCurrent(facts, actorOf(user), active)).ticket;
    const nowIso = now.toISOString();
    let patch = toTicketUpdate(orThrow(change.decide(toTicketFacts(current), nowIso)).changes);
    // A journey ticket moves on to its next stop instead of finishing (services/journeys).
    const stop = change.command === 'complete' ? await completeStop(trx, current, patch, change.endJourney === true, nowIso, change.data?.outcome as string | undefined) : null;
    if (stop) patch = stop.patch;
    await updateTicketOrFail(trx, current.id, current.status, patch, ticketChangedMeanwhile);
    const data = stop ? stop.data : change.data;
    await appendTicketEvent(trx, {
      ticketId: current.id,
      centerId: current.center_id,
      type: stop?.eventType ?? change.eventType,
      at: nowIso,
      actorId: user.id,
      counterId: counter.id,
      ...(data ? { data } : {}),
    });
    const ticket = await viewTicket(trx, { ...current, ...patch } as TicketRow, now, counter);
    const events: DomainEvent[] =
      change.command === 'recall'
        ? [calledEvent(current, counter, seq as number, nowIso, true, ticket)]
        : [{ type: 'ticket.changed', centerId: current.center_id, ticketId: current.id, serviceIds: stop?.serviceIds ?? [], seq: seq ?? 0, command: stop?.command ?? change.command, ticket }];
    events.push(counterChanged(counter, seq));
    return { value: ticket, events };
  });
}

/** Announces the called ticket again. */
export function recall(ctx: ServiceContext, user: User, counterId: number): Promise<Ticket> {
  return changeCurrent(ctx, user, counterId, { command: 'recall', eventType: 'recalled', visible: true, decide: decideRecall });
}

/** The citizen arrived; service begins. */
export function start(ctx: ServiceContext, user: User, counterId: number): Promise<Ticket> {
  return changeCurrent(ctx, user, counterId, { command: 'start', eventType: 'started', visible: false, decide: decideStart });
}

/** Service done, with an optional outcome. */
export function complete(ctx: ServiceContext, user: User, counterId: number, outcome?: string, endJourney?: boolean): Promise<Ticket> {
  return changeCurrent(ctx, user, counterId, {
    command: 'complete',
    eventType: 'completed',
    visible: true,
    endJourney: endJourney === true,
    decide: (t, nowIso) => decideComplete(t, nowIso, outcome ?? null),
    ...(outcome ? { data: { outcome } } : {}),
  });
}

/** The called citizen did not come. */
export function noShow(ctx: ServiceContext, user: User, counterId: number): Promise<Ticket> {
  return changeCurrent(ctx, user, counterId, { command: 'no-show', eventType: 'no_show', visible: true, decide: decideNoShow });
}

/** Puts the counter's ticket back to `waiting` in another service's line or for a specific counter. */
export function transfer(ctx: ServiceContext, user: User, counterId: number, body: TransferBody): Promise<Ticket> {
  return runCounterCommand(ctx, counterId, true, async ({ trx, counter, facts, active, seq, now }) => {
    const current = orThrow(decideOnCurrent(facts, actorOf(user), active)).ticket;
    const service = await findService(trx, body.serviceId ?? current.service_id);
    const target = body.counterId !== undefined ? await findCounter(trx, body.counterId) : undefined;
    const nowIso = now.toISOString();
    const { changes } = orThrow(
      decideTransfer(
        toTicketFacts(current),
        counter.id,
        body,
        {
          service: service && service.center_id === counter.center_id ? { id: service.id, active: service.active === 1 } : null,
          ...(body.counterId !== undefined ? { counter: target && target.center_id === counter.center_id ? { id: target.id } : null } : {}),
        },
        nowIso,
      ),
    );
    const patch = toTicketUpdate(changes);
    await updateTicketOrFail(trx, current.id, current.status, patch, ticketChangedMeanwhile);
    const toServiceId = changes.serviceId ?? current.service_id;
    await appendTicketEvent(trx, {
      ticketId: current.id,
      centerId: current.center_id,
      type: 'transferred',
      at: nowIso,
      actorId: user.id,
      counterId: counter.id,
      data: { fromServiceId: current.service_id, toServiceId, toCounterId: body.counterId ?? null, placement: changes.transferPlacement },
    });
    const ticket = await viewTicket(trx, { ...current, ...patch } as TicketRow, now);
    const serviceIds = [...new Set([current.service_id, toServiceId])];
    return {
      value: ticket,
      events: [{ type: 'ticket.changed', centerId: current.center_id, ticketId: current.id, serviceIds, seq: seq as number, command: 'transfer', ticket }, counterChanged(counter, seq)],
    };
  });
}
