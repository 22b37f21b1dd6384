import { type Counter, type DayServicesBody, type MoveTicketBody, type ReopenableNoShow, type SupervisorShiftBody, type Ticket, type User } from '@navbat/shared';
import type { ServiceContext } from './context';
import type { DomainEvent } from './events';
import type { Executor } from '../db/database';
import type { CounterRow, TicketRow } from '../db/schema';
import { inTransaction } from '../db/transaction';
import { insertAudit } from '../db/audit.repository';
import { bumpDisplaySeq } from '../db/centers.repository';
import { findCounter, listSkills, updateCounter } from '../db/counters.repository';
import { findService, listServices } from '../db/services.repository';
import { appendTicketEvent, listNoShowsSince, toTicketUpdate, updateTicketOrFail } from '../db/tickets.repository';
import { rollback } from '../db/transaction';
import { bool } from '../db/json';
import { orThrow } from '../domain/decision';
import { pauseExpectedUntil } from '../domain/estimate';
import { decideClose, decidePause, decideReassign, decideReopen, decideRequeue, decideTicketAction, isReopenable, reopenUntil } from '../domain/counter-life';
import { dayServicesInForce, decideDayServices, type DayServices } from '../domain/counter-day';
import { decideCancel, decideNoShow, type TicketCommand, type TicketDecision } from '../domain/ticket-life';
import { toTicketFacts, viewTicket, viewTickets } from './views/ticket.view';
import { centreToday, dayServicesOf } from './views/counter.view';
import { actorOf, applyShift, counterChanged, runCounterCommand, viewCounter, type CounterCommandInput } from './counter-command';
import { requireCenter, requireTicket, ticketChangedMeanwhile } from './lookups';
import { recordOutbox } from './outbox';

// The control room's supervisor actions (docs/control-room.md). Each reuses the rule of the operator's own
// command (close, pause, transfer, cancel, no-show live in domain/counter-life and ticket-life), is written to
// the ticket's trail and the audit log, and is pushed live like any command (events after commit, outbox).

/**
 * A supervisor closes or pauses a counter with a reason. A counter that holds a called or serving ticket is
 * refused (`COUNTER_HAS_TICKET`) unless `ticketAction` says what happens to it: back to its line (front or
 * sorted) or a no-show; then the counter closes or pauses by the operator's own rules.
 */
export function changeCounter(ctx: ServiceContext, user: User, counterId: number, body: SupervisorShiftBody): Promise<Counter> {
  return runCounterCommand(ctx, counterId, true, async (input) => {
    const { trx, counter, facts, active, seq, now } = input;
    const nowIso = now.toISOString();
    orThrow(decideTicketAction(facts, body.ticketAction));
    const events: DomainEvent[] = [];
    if (active && body.ticketAction) {
      const noShow = body.ticketAction === 'no_show';
      const facts = toTicketFacts(active);
      const decided = noShow ? decideNoShow(facts, nowIso) : decideRequeue(facts, body.ticketAction === 'requeue_front' ? 'front' : 'sorted', nowIso);
      const patch = toTicketUpdate(orThrow(decided).changes);
      await updateTicketOrFail(trx, active.id, active.status, patch, ticketChangedMeanwhile);
      const data = { by: 'supervisor', reason: body.reason, ticketAction: body.ticketAction };
      await appendTicketEvent(trx, { ticketId: active.id, centerId: active.center_id, type: noShow ? 'no_show' : 'requeued', at: nowIso, actorId: user.id, counterId: counter.id, data });
      const ticket = await viewTicket(trx, { ...active, ...patch } as TicketRow, now);
      const command: TicketCommand = noShow ? 'no-show' : 'transfer';
      events.push({ type: 'ticket.changed', centerId: active.center_id, ticketId: active.id, serviceIds: [active.service_id], seq: seq as number, command, ticket });
    }
    const emptyHanded = { ...facts, hasTicket: false };
    const actor = actorOf(user);
    const { changes } = orThrow(body.action === 'close' ? decideClose(emptyHanded, actor, nowIso) : decidePause(emptyHanded, actor, body.reason, nowIso));
    const extra = body.action === 'pause' ? { pause_expected_until: pauseExpectedUntil(now, body.expectedMinutes) } : {};
    const shift = await applyShift(input, changes, extra, seq);
    await insertAudit(trx, {
      at: nowIso,
      actorId: user.id,
      centerId: counter.center_id,
      entity: 'counter',
      entityId: counter.id,
      action: body.action,
      data: { reason: body.reason, ...(active ? { ticketId: active.id, ticketAction: body.ticketAction } : {}) },
    });
    return { value: shift.value, events: [...events, ...shift.events] };
  });
}

/** What a supervisor's ticket command decides and records, given the ticket read under the centre's lock. */
interface TicketAction {
  command: TicketCommand;
  /** The ticket trail's event type. */
  eventType: string;
  decide: (trx: Executor, row: TicketRow, now: Date) => Promise<TicketDecision>;
  data: Record<string, unknown>;
}

/**
 * Runs a supervisor's command on one ticket in one transaction: the centre's display sequence moves first
 * (the lock counters take to call), the ticket is read again, decided, written, put in its trail, the audit
 * log and the outbox, and its events are published after commit. Counters it leaves or is sent to are told.
 */
async function actOnTicket(ctx: ServiceContext, user: User, ticketId: number, action: TicketAction): Promise<Ticket> {
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const { ticket, events } = await inTransaction(ctx.database, async (trx) => {
    const found = await requireTicket(trx, ticketId);
    const seq = (await bumpDisplaySeq(trx, found.center_id)) as number;
    const row = await requireTicket(trx, found.id);
    const patch = toTicketUpdate(orThrow(await action.decide(trx, row, now)).changes);
    await updateTicketOrFail(trx, row.id, row.status, patch, ticketChangedMeanwhile);
    const after = { ...row, ...patch } as TicketRow;
    await appendTicketEvent(trx, { ticketId: row.id, centerId: row.center_id, type: action.eventType, at: nowIso, actorId: user.id, counterId: null, data: { by: 'supervisor', ...action.data } });
    await insertAudit(trx, { at: nowIso, actorId: user.id, centerId: row.center_id, entity: 'ticket', entityId: row.id, action: action.eventType, data: { code: row.code, ...action.data } });
    const ticket = await viewTicket(trx, after, now);
    const serviceIds = [...new Set([row.service_id, after.service_id])];
    const events: DomainEvent[] = [{ type: 'ticket.changed', centerId: row.center_id, ticketId: row.id, serviceIds, seq, command: action.command, ticket }];
    for (const counterId of new Set([row.transfer_counter_id, after.transfer_counter_id])) {
      const counter = counterId !== null ? await findCounter(trx, counterId) : undefined;
      if (counter) events.push(counterChanged(counter, seq));
    }
    await recordOutbox(trx, events, now);
    return { ticket, events };
  });
  ctx.publish(events);
  return ticket;
}

/** The target a move names, as found in the ticket's centre (null: not there). */
async function moveTarget(trx: Executor, row: TicketRow, body: MoveTicketBody) {
  const service = await findService(trx, body.serviceId ?? row.service_id);
  const counter: CounterRow | undefined = body.counterId !== undefined ? await findCounter(trx, body.counterId) : undefined;
  return {
    service: service && service.center_id === row.center_id ? { id: service.id, active: service.active === 1 } : null,
    ...(body.counterId !== undefined ? { counter: counter && counter.center_id === row.center_id ? { id: counter.id } : null } : {}),
  };
}

/** A supervisor moves a waiting ticket (a held one too) to another service's line or to one counter, front or sorted. */
export function moveTicket(ctx: ServiceContext, user: User, ticketId: number, body: MoveTicketBody): Promise<Ticket> {
  const { reason, ...to } = body;
  return actOnTicket(ctx, user, ticketId, {
    command: 'reassign',
    eventType: 'transferred',
    data: { toServiceId: to.serviceId ?? null, toCounterId: to.counterId ?? null, placement: to.placement ?? 'sorted', ...(reason ? { reason } : {}) },
    decide: async (trx, row, now) => decideReassign(toTicketFacts(row), to, await moveTarget(trx, row, to), now.toISOString()),
  });
}

/** A supervisor cancels a waiting ticket, with a reason. */
export function cancelTicket(ctx: ServiceContext, user: User, ticketId: number, reason: string): Promise<Ticket> {
  return actOnTicket(ctx, user, ticketId, {
    command: 'cancel',
    eventType: 'cancelled',
    data: { reason },
    decide: async (_trx, row, now) => decideCancel(toTicketFacts(row), now.toISOString()),
  });
}

/** A supervisor re-opens a no-show within `graceMinutes` of it: it waits again, first of its service's line. */
export function reopenTicket(ctx: ServiceContext, user: User, ticketId: number, graceMinutes: number, reason?: string): Promise<Ticket> {
  return actOnTicket(ctx, user, ticketId, {
    command: 'reopen',
    eventType: 'reopened',
    data: reason ? { reason } : {},
    decide: async (_trx, row, now) => decideReopen(toTicketFacts(row), graceMinutes, now),
  });
}

/**
 * Writes a counter's services for the day (`change` null: back to the usual ones), audits it and answers the
 * counter as it is now with its event: staff screens get the counter and the lines again, displays their wait
 * ranges, and the outbox `counter.services_changed`.
 */
async function writeDayServices(input: CounterCommandInput, user: User, change: DayServices | null, action: string, data: Record<string, unknown>) {
  const { trx, counter, now, seq } = input;
  const patch = { day_services: change === null ? null : JSON.stringify(change) };
  await updateCounter(trx, counter.id, patch);
  await insertAudit(trx, { at: now.toISOString(), actorId: user.id, centerId: counter.center_id, entity: 'counter', entityId: counter.id, action, data });
  const view = await viewCounter(trx, { ...counter, ...patch }, now);
  return { value: view, events: [{ ...counterChanged(counter, seq), servicesChanged: true, counter: view }] as DomainEvent[] };
}

/**
 * A supervisor changes what a counter serves for the rest of the centre's day (domain/counter-day): from now on
 * call-next, calls by hand and the counter's waiting list follow the new services; the next day its usual ones
 * are back by themselves.
 */
export function setDayServices(ctx: ServiceContext, user: User, counterId: number, body: DayServicesBody): Promise<Counter> {
  return runCounterCommand(ctx, counterId, true, async (input) => {
    const { trx, counter, now } = input;
    const [services, usual, today] = await Promise.all([listServices(trx, counter.center_id), listSkills(trx, [counter.id]), centreToday(trx, counter.center_id, now)]);
    const { change } = orThrow(
      decideDayServices(
        { active: bool(counter.active) },
        services.map((s) => ({ id: s.id, active: bool(s.active) })),
        usual.map((s) => ({ serviceId: s.service_id, weight: s.weight })),
        body,
        { today, now, by: user.id },
      ),
    );
    return writeDayServices(input, user, change, 'services_today', { day: change.day, services: change.services, reason: change.reason });
  });
}

/** A supervisor puts a counter back on its usual services before the day ends (nothing changes when it is on them). */
export function resetDayServices(ctx: ServiceContext, user: User, counterId: number): Promise<Counter> {
  return runCounterCommand(ctx, counterId, true, async (input) => {
    const { trx, counter, now } = input;
    const today = await centreToday(trx, counter.center_id, now);
    // Already on its usual services: answer the counter, move no display sequence, tell nobody.
    if (!dayServicesInForce(dayServicesOf(counter), today)) return rollback({ value: await viewCounter(trx, counter, now), events: [] });
    return writeDayServices(input, user, null, 'services_usual', { day: today });
  });
}

/** The no-shows of a centre a supervisor may still re-open (within `graceMinutes`), latest first. */
export async function listReopenable(ctx: ServiceContext, centerId: string, graceMinutes: number): Promise<ReopenableNoShow[]> {
  const now = ctx.clock.now();
  const ex = ctx.database.db;
  await requireCenter(ex, centerId);
  // The query narrows by time; the rule itself (domain/counter-life `isReopenable`) decides.
  const rows = (await listNoShowsSince(ex, centerId, new Date(now.getTime() - graceMinutes * 60_000).toISOString())).filter((r) => isReopenable(r.finished_at, graceMinutes, now));
  const tickets = await viewTickets(ex, rows, now);
  return tickets.map((ticket) => ({ ticket, reopenUntil: (reopenUntil(ticket.finishedAt, graceMinutes) as Date).toISOString() }));
}
