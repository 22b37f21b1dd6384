import { AppError, type Ticket, type TransferBody, type User } from '@navbat/shared';
import type { ServiceContext } from './context';
import type { DomainEvent } from './events';
import type { CounterRow, TicketRow } from '../db/schema';
import { rollback } from '../db/transaction';
import { findCounter, updateCounter } from '../db/counters.repository';
import { findService } from '../db/services.repository';
import { appendTicketEvent, findTicket, listCallContenders, toTicketUpdate, updateTicketOrFail } from '../db/tickets.repository';
import { orThrow } from '../domain/decision';
import { nextPriorityStreak } from '../domain/call-order';
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

/** Marks `ticket` called at the counter and answers its view with the events to publish. */
async function callTicket({ trx, counter, seq, now }: CounterCommandInput, user: User, ticket: TicketRow) {
  const nowIso = now.toISOString();
  const patch = toTicketUpdate(orThrow(decideCallTicket(toTicketFacts(ticket), counter.id, user.id, nowIso)).changes);
  // The counter's, the audit trail's and the ticket's writes go out with the commit (PostgreSQL); a lost race rolls all back.
  await updateCounter(trx, counter.id, { priority_streak: nextPriorityStreak(counter.priority_streak, ticket) });
  await appendTicketEvent(trx, { ticketId: ticket.id, centerId: ticket.center_id, type: 'called', at: nowIso, actorId: user.id, counterId: counter.id });
  await updateTicketOrFail(trx, ticket.id, 'waiting', patch, () => new AppError('TICKET_NOT_WAITING', 'another counter took this ticket'));
  const view = await viewTicket(trx, { ...ticket, ...patch } as TicketRow, now, counter);
  return { value: view, events: [calledEvent(ticket, counter, seq as number, nowIso, false, view), counterChanged(counter, seq)] };
}

/** Calls the next ticket by the call order; answers null (changing nothing) when nothing waits for this counter. */
export function callNext(ctx: ServiceContext, user: User, counterId: number): Promise<Ticket | null> {
  return runCounterCommand<Ticket | null>(ctx, counterId, true, async (input) => {
    const { trx, counter, facts, now } = input;
    const rules = await input.callRules();
    const candidates = await listCallContenders(trx, counter.center_id, counter.id, [...rules.weights.keys()], { now, slaTargetMinutes: rules.slaTargetMinutes });
    const decision = orThrow(
      decideCall(facts, actorOf(user), candidates.map(toCandidate), { counterId: counter.id, ...rules, priorityStreak: counter.priority_streak, now }),
    );
    // Nothing to call: roll back so the display sequence does not move.
    if (decision.kind === 'empty') return rollback({ value: null, events: [] });
    return callTicket(input, user, candidates.find((c) => c.id === decision.ticketId)!);
  }, { callRules: true });
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
