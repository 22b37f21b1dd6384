import { AppError, roleRank, type Counter, type CounterToday, type Placement, type Ticket, type TicketStatus, type TransferBody, type User } from '@navbat/shared';
import type { Transaction } from 'kysely';
import type { ServiceContext } from './context';
import type { DomainEvent } from './events';
import type { Database } from '../db/schema';
import type { CounterRow, TicketRow, TicketUpdate } from '../db/schema';
import type { Executor } from '../db/database';
import { inTransaction } from '../db/transaction';
import { bumpDisplaySeq, findCenter } from '../db/centers.repository';
import { findCounter, findCounterOfOperator, listCounters, listSkills, updateCounter } from '../db/counters.repository';
import { findService, listServices } from '../db/services.repository';
import { appendTicketEvent, findActiveTicketOfCounter, findTicket, listActiveTicketsOfCenter, listCallCandidates, listCallContenders, updateTicketIf } from '../db/tickets.repository';
import { findUser } from '../db/users.repository';
import { assertCanCall, assertCanClose, assertCanOpen, assertCanPause, assertOperates, type CounterFacts } from '../domain/counter-state';
import { isEligible, lineOrder, nextPriorityStreak, pickNext } from '../domain/call-order';
import { defaultTimeZone, millisecondsBetween, serviceDay, startOfLocalDay } from '../domain/time';
import { transition } from '../domain/ticket-state';
import { NothingToDo } from './tickets.service';
import { toCandidate, viewTicket, viewTickets } from './views/ticket.view';
import { toCounter } from './views/counter.view';

type Trx = Transaction<Database>;

function facts(counter: CounterRow, active: TicketRow | undefined): CounterFacts {
  return {
    status: counter.status as Counter['status'],
    operatorId: counter.operator_id,
    active: counter.active === 1,
    hasTicket: active !== undefined,
  };
}

const isSupervisor = (user: User) => roleRank[user.role] >= roleRank.supervisor;

/** A change to the ticket a counter holds, checked by the ticket state machine. */
interface TicketChange {
  command: 'recall' | 'start' | 'complete' | 'no-show';
  eventType: string;
  patch: (ticket: TicketRow, nowIso: string) => TicketUpdate;
  /** Whether displays see this change (it moves the center's display sequence). */
  visible: boolean;
  data?: Record<string, unknown>;
}

export function createCountersService(ctx: ServiceContext) {
  const { database, clock } = ctx;

  async function viewCounter(ex: Executor, row: CounterRow, now: Date): Promise<Counter> {
    const [skills, active, operator] = await Promise.all([
      listSkills(ex, [row.id]),
      findActiveTicketOfCounter(ex, row.id),
      row.operator_id !== null ? findUser(ex, row.operator_id) : Promise.resolve(undefined),
    ]);
    return toCounter(row, skills, active ? await viewTicket(ex, active, now) : null, operator);
  }

  async function list(centerId: string): Promise<Counter[]> {
    const now = clock.now();
    if (!(await findCenter(database.db, centerId))) throw new AppError('CENTER_NOT_FOUND', `no center ${centerId}`);
    const ex = database.db;
    const rows = await listCounters(ex, centerId);
    const [skills, active] = await Promise.all([listSkills(ex, rows.map((r) => r.id)), listActiveTicketsOfCenter(ex, centerId)]);
    const tickets = await viewTickets(ex, active, now);
    const operators = new Map<number, Awaited<ReturnType<typeof findUser>>>();
    for (const r of rows) if (r.operator_id !== null) operators.set(r.operator_id, await findUser(ex, r.operator_id));
    return rows.map((r) =>
      toCounter(
        r,
        skills.filter((s) => s.counter_id === r.id),
        tickets.find((t) => t.counterId === r.id) ?? null,
        r.operator_id !== null ? operators.get(r.operator_id) : undefined,
      ),
    );
  }

  async function get(counterId: number): Promise<Counter> {
    const row = await findCounter(database.db, counterId);
    if (!row) throw new AppError('COUNTER_NOT_FOUND', `no counter ${counterId}`);
    return viewCounter(database.db, row, clock.now());
  }

  /**
   * Runs one counter command in one transaction. Visible commands first move the center's display
   * sequence, which also locks the center so no two counters decide on the same queue state.
   */
  async function command<T>(
    counterId: number,
    visible: boolean,
    fn: (trx: Trx, counter: CounterRow, active: TicketRow | undefined, seq: number | null, now: Date) => Promise<{ value: T; events: DomainEvent[] }>,
  ): Promise<T> {
    const now = clock.now();
    const { value, events } = await inTransaction(database, async (trx) => {
      const first = await findCounter(trx, counterId);
      if (!first) throw new AppError('COUNTER_NOT_FOUND', `no counter ${counterId}`);
      const seq = visible ? await bumpDisplaySeq(trx, first.center_id) : null;
      const counter = visible ? ((await findCounter(trx, counterId)) as CounterRow) : first;
      const active = await findActiveTicketOfCounter(trx, counterId);
      return fn(trx, counter, active, seq, now);
    });
    ctx.publish(events);
    return value;
  }

  const calledEvent = (ticket: TicketRow, counter: CounterRow, seq: number, calledAt: string, recall: boolean): DomainEvent => ({
    type: 'ticket.called',
    centerId: ticket.center_id,
    ticketId: ticket.id,
    counterId: counter.id,
    serviceId: ticket.service_id,
    recall,
    seq,
    zone: counter.zone,
    announcement: {
      seq,
      centerId: ticket.center_id,
      ticketCode: ticket.code,
      counterId: counter.id,
      counterName: counter.name,
      serviceId: ticket.service_id,
      calledAt,
      recall,
    },
  });

  const counterChanged = (counter: CounterRow, seq: number | null): DomainEvent => ({
    type: 'counter.changed',
    centerId: counter.center_id,
    counterId: counter.id,
    seq,
  });

  function open(user: User, counterId: number): Promise<Counter> {
    return command(counterId, false, async (trx, counter, active, _seq, now) => {
      const mine = await findCounterOfOperator(trx, user.id);
      assertCanOpen(facts(counter, active), user.id, mine?.id ?? null, counter.id);
      const patch = {
        status: 'open',
        operator_id: user.id,
        pause_reason: null,
        status_since: counter.status === 'open' ? counter.status_since : now.toISOString(),
      };
      await updateCounter(trx, counter.id, patch);
      return { value: await viewCounter(trx, { ...counter, ...patch }, now), events: [counterChanged(counter, null)] };
    });
  }

  function pause(user: User, counterId: number, reason: string): Promise<Counter> {
    return command(counterId, false, async (trx, counter, active, _seq, now) => {
      assertOperates(facts(counter, active), user.id, isSupervisor(user));
      assertCanPause(facts(counter, active));
      const patch = { status: 'paused', pause_reason: reason, status_since: now.toISOString() };
      await updateCounter(trx, counter.id, patch);
      return { value: await viewCounter(trx, { ...counter, ...patch }, now), events: [counterChanged(counter, null)] };
    });
  }

  function close(user: User, counterId: number): Promise<Counter> {
    return command(counterId, false, async (trx, counter, active, _seq, now) => {
      if (counter.status !== 'closed') assertOperates(facts(counter, active), user.id, isSupervisor(user));
      assertCanClose(facts(counter, active));
      const patch = {
        status: 'closed',
        operator_id: null,
        pause_reason: null,
        priority_streak: 0,
        status_since: counter.status === 'closed' ? counter.status_since : now.toISOString(),
      };
      await updateCounter(trx, counter.id, patch);
      return { value: await viewCounter(trx, { ...counter, ...patch }, now), events: [counterChanged(counter, null)] };
    });
  }

  /** Marks `ticket` called at `counter` and returns the committed view and events. */
  async function callTicket(trx: Trx, user: User, counter: CounterRow, ticket: TicketRow, seq: number, now: Date) {
    const nowIso = now.toISOString();
    const status = transition(ticket.status as TicketStatus, 'call');
    const patch: TicketUpdate = {
      status,
      called_at: nowIso,
      first_called_at: ticket.first_called_at ?? nowIso,
      wait_ms: ticket.wait_ms ?? millisecondsBetween(ticket.issued_at, nowIso),
      counter_id: counter.id,
      first_counter_id: ticket.first_counter_id ?? counter.id,
      operator_id: user.id,
      transfer_counter_id: null,
      transfer_placement: null,
    };
    if (!(await updateTicketIf(trx, ticket.id, 'waiting', patch))) {
      throw new AppError('TICKET_NOT_WAITING', 'another counter took this ticket');
    }
    await updateCounter(trx, counter.id, { priority_streak: nextPriorityStreak(counter.priority_streak, ticket) });
    await appendTicketEvent(trx, { ticketId: ticket.id, centerId: ticket.center_id, type: 'called', at: nowIso, actorId: user.id, counterId: counter.id });
    const view = await viewTicket(trx, { ...ticket, ...patch } as TicketRow, now);
    const events: DomainEvent[] = [
      calledEvent(ticket, counter, seq, nowIso, false),
      counterChanged(counter, seq),
    ];
    return { value: view, events };
  }

  async function servicesOf(trx: Trx, counter: CounterRow) {
    const [skills, services, center] = await Promise.all([
      listSkills(trx, [counter.id]),
      listServices(trx, counter.center_id),
      findCenter(trx, counter.center_id),
    ]);
    const activeServices = new Set(services.filter((s) => s.active === 1).map((s) => s.id));
    const weights = new Map(skills.filter((s) => activeServices.has(s.service_id)).map((s) => [s.service_id, s.weight]));
    const sla = new Map(services.map((s) => [s.id, s.sla_target_minutes]));
    return { weights, sla, priorityRun: center?.priority_run ?? 3 };
  }

  /** Calls the next ticket by the call order, or returns null when nothing waits for this counter. */
  async function callNext(user: User, counterId: number): Promise<Ticket | null> {
    try {
      return await command(counterId, true, async (trx, counter, active, seq, now) => {
        assertOperates(facts(counter, active), user.id, isSupervisor(user));
        assertCanCall(facts(counter, active));
        const { weights, sla, priorityRun } = await servicesOf(trx, counter);
        const candidates = await listCallContenders(trx, counter.center_id, counter.id, [...weights.keys()]);
        const next = pickNext(candidates.map(toCandidate), {
          counterId: counter.id,
          weights,
          slaTargetMinutes: sla,
          priorityStreak: counter.priority_streak,
          priorityRun,
          now,
        });
        // Nothing to call: roll back so the display sequence does not move.
        if (!next) throw new NothingToDo();
        const ticket = candidates.find((c) => c.id === next.id) as TicketRow;
        return callTicket(trx, user, counter, ticket, seq as number, now);
      });
    } catch (error) {
      if (error instanceof NothingToDo) return null;
      throw error;
    }
  }

  function callSpecific(user: User, counterId: number, ticketId: number): Promise<Ticket> {
    return command(counterId, true, async (trx, counter, active, seq, now) => {
      assertOperates(facts(counter, active), user.id, isSupervisor(user));
      assertCanCall(facts(counter, active));
      const ticket = await findTicket(trx, ticketId);
      if (!ticket || ticket.center_id !== counter.center_id) throw new AppError('TICKET_NOT_FOUND', `no ticket ${ticketId} here`);
      transition(ticket.status as TicketStatus, 'call');
      const { weights } = await servicesOf(trx, counter);
      if (!isEligible(toCandidate(ticket), { counterId: counter.id, weights })) {
        throw new AppError('TICKET_NOT_ELIGIBLE', 'this counter does not serve that ticket');
      }
      return callTicket(trx, user, counter, ticket, seq as number, now);
    });
  }

  function changeCurrent(user: User, counterId: number, change: TicketChange): Promise<Ticket> {
    return command(counterId, change.visible, async (trx, counter, active, seq, now) => {
      assertOperates(facts(counter, active), user.id, isSupervisor(user));
      if (!active) throw new AppError('NO_CURRENT_TICKET', 'this counter holds no ticket');
      const status = transition(active.status as TicketStatus, change.command);
      const nowIso = now.toISOString();
      const patch = { ...change.patch(active, nowIso), status };
      if (!(await updateTicketIf(trx, active.id, active.status, patch))) throw new AppError('CONFLICT', 'the ticket changed meanwhile');
      await appendTicketEvent(trx, {
        ticketId: active.id,
        centerId: active.center_id,
        type: change.eventType,
        at: nowIso,
        actorId: user.id,
        counterId: counter.id,
        ...(change.data ? { data: change.data } : {}),
      });
      const ticket = await viewTicket(trx, { ...active, ...patch } as TicketRow, now);
      const events: DomainEvent[] =
        change.command === 'recall'
          ? [calledEvent(active, counter, seq as number, nowIso, true)]
          : [{ type: 'ticket.changed', centerId: active.center_id, ticketId: active.id, serviceIds: [], seq: seq ?? 0, command: change.command }];
      events.push(counterChanged(counter, seq));
      return { value: ticket, events };
    });
  }

  const recall = (user: User, counterId: number) =>
    changeCurrent(user, counterId, {
      command: 'recall',
      eventType: 'recalled',
      visible: true,
      patch: (t, now) => ({ called_at: now, recall_count: t.recall_count + 1 }),
    });

  const start = (user: User, counterId: number) =>
    changeCurrent(user, counterId, { command: 'start', eventType: 'started', visible: false, patch: (_t, now) => ({ started_at: now }) });

  const complete = (user: User, counterId: number, outcome?: string) =>
    changeCurrent(user, counterId, {
      command: 'complete',
      eventType: 'completed',
      visible: true,
      // Completed straight from `called`: the service counts from the call.
      patch: (t, now) => {
        const startedAt = t.started_at ?? t.called_at;
        return { started_at: startedAt, finished_at: now, service_ms: startedAt ? millisecondsBetween(startedAt, now) : null, outcome: outcome ?? null };
      },
      ...(outcome ? { data: { outcome } } : {}),
    });

  const noShow = (user: User, counterId: number) =>
    changeCurrent(user, counterId, { command: 'no-show', eventType: 'no_show', visible: true, patch: (_t, now) => ({ finished_at: now }) });

  /** Puts the counter's ticket back to `waiting` in another service's line or for a specific counter. */
  function transfer(user: User, counterId: number, body: TransferBody): Promise<Ticket> {
    return command(counterId, true, async (trx, counter, active, seq, now) => {
      assertOperates(facts(counter, active), user.id, isSupervisor(user));
      if (!active) throw new AppError('NO_CURRENT_TICKET', 'this counter holds no ticket');
      const status = transition(active.status as TicketStatus, 'transfer');
      const serviceId = body.serviceId ?? active.service_id;
      const service = await findService(trx, serviceId);
      if (!service || service.center_id !== counter.center_id) throw new AppError('SERVICE_NOT_FOUND', `no service ${serviceId} here`);
      if (service.active !== 1) throw new AppError('TRANSFER_TARGET_INVALID', 'that service is deactivated');
      if (body.counterId !== undefined) {
        const target = await findCounter(trx, body.counterId);
        if (!target || target.center_id !== counter.center_id) throw new AppError('COUNTER_NOT_FOUND', `no counter ${body.counterId} here`);
        if (target.id === counter.id) throw new AppError('TRANSFER_TARGET_INVALID', 'a ticket cannot be transferred to its own counter');
      } else if (serviceId === active.service_id) {
        throw new AppError('TRANSFER_TARGET_INVALID', 'transfer to another service or to a counter');
      }
      const placement: Placement = body.placement ?? 'sorted';
      const nowIso = now.toISOString();
      const patch: TicketUpdate = {
        status,
        service_id: serviceId,
        // `sorted` keeps the original issue time; `front` goes ahead of everyone.
        queued_at: placement === 'front' ? nowIso : active.issued_at,
        transfer_counter_id: body.counterId ?? null,
        transfer_placement: placement,
        counter_id: null,
        called_at: null,
        started_at: null,
      };
      if (!(await updateTicketIf(trx, active.id, active.status, patch))) throw new AppError('CONFLICT', 'the ticket changed meanwhile');
      await appendTicketEvent(trx, {
        ticketId: active.id,
        centerId: active.center_id,
        type: 'transferred',
        at: nowIso,
        actorId: user.id,
        counterId: counter.id,
        data: { fromServiceId: active.service_id, toServiceId: serviceId, toCounterId: body.counterId ?? null, placement },
      });
      const ticket = await viewTicket(trx, { ...active, ...patch } as TicketRow, now);
      return {
        value: ticket,
        events: [
          { type: 'ticket.changed', centerId: active.center_id, ticketId: active.id, serviceIds: [...new Set([active.service_id, serviceId])], seq: seq as number, command: 'transfer' },
          counterChanged(counter, seq),
        ],
      };
    });
  }

  /** Waiting tickets this counter may call (its services, or transferred to it), in line order. */
  async function eligibleQueue(counterId: number): Promise<Ticket[]> {
    const now = clock.now();
    const ex = database.db;
    const counter = await findCounter(ex, counterId);
    if (!counter) throw new AppError('COUNTER_NOT_FOUND', `no counter ${counterId}`);
    const skills = await listSkills(ex, [counter.id]);
    const services = await listServices(ex, counter.center_id);
    const active = new Set(services.filter((s) => s.active === 1).map((s) => s.id));
    const serviceIds = skills.filter((s) => active.has(s.service_id)).map((s) => s.service_id);
    const rows = await listCallCandidates(ex, counter.center_id, counter.id, serviceIds);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return viewTickets(ex, lineOrder(rows.map(toCandidate), now).map((c) => byId.get(c.id)!), now);
  }

  /**
   * Today's work (local day of the center) of the counter's operator, or of `user` when the counter
   * has none: tickets they finished as done or no-show, at any counter.
   */
  async function today(user: User, counterId: number): Promise<CounterToday> {
    const now = clock.now();
    const ex = database.db;
    const counter = await findCounter(ex, counterId);
    if (!counter) throw new AppError('COUNTER_NOT_FOUND', `no counter ${counterId}`);
    const center = await findCenter(ex, counter.center_id);
    const timezone = center?.timezone ?? defaultTimeZone;
    const since = startOfLocalDay(serviceDay(now, timezone), timezone).toISOString();
    const rows = await ex
      .selectFrom('tickets')
      .select(['status', 'service_ms'])
      .where('center_id', '=', counter.center_id)
      .where('operator_id', '=', counter.operator_id ?? user.id)
      .where('status', 'in', ['done', 'no_show'])
      .where('finished_at', '>=', since)
      .execute();
    const done = rows.filter((r) => r.status === 'done');
    const durations = done.map((r) => r.service_ms).filter((ms): ms is number => ms !== null);
    return {
      served: done.length,
      noShow: rows.length - done.length,
      avgServiceSeconds: durations.length > 0 ? Math.round(durations.reduce((a, b) => a + b, 0) / durations.length / 1000) : null,
    };
  }

  return { list, get, open, pause, close, callNext, callSpecific, recall, start, complete, noShow, transfer, eligibleQueue, today };
}

export type CountersService = ReturnType<typeof createCountersService>;

/** One counter in its API shape (bridge while the counter services are split; see issue 12). */
export function getCounter(ctx: ServiceContext, counterId: number): Promise<Counter> {
  return createCountersService(ctx).get(counterId);
}
