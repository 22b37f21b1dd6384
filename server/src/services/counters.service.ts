import type { Counter, CounterToday, Ticket, User } from '@navbat/shared';
import type { ServiceContext } from './context';
import type { UserRow } from '../db/schema';
import { findCenter } from '../db/centers.repository';
import { listCounters, listSkills } from '../db/counters.repository';
import { listActiveTicketsOfCenter, listCallCandidates, listFinishedByOperatorSince } from '../db/tickets.repository';
import { findUser } from '../db/users.repository';
import { isHeld, lineOrder } from '../domain/call-order';
import { defaultTimeZone, serviceDay, startOfLocalDay } from '../domain/time';
import { toCandidate, viewTickets } from './views/ticket.view';
import { toCounter } from './views/counter.view';
import { loadCallRules, viewCounter } from './counter-command';
import { requireCenter, requireCounter } from './lookups';
import { groupBy } from './views/group-by';

/** The counters of a center, each with its services, current ticket and operator. */
export async function list(ctx: ServiceContext, centerId: string): Promise<Counter[]> {
  const now = ctx.clock.now();
  const ex = ctx.database.db;
  const center = await requireCenter(ex, centerId);
  const today = serviceDay(now, center.timezone);
  const rows = await listCounters(ex, centerId);
  const [skills, active] = await Promise.all([listSkills(ex, rows.map((r) => r.id)), listActiveTicketsOfCenter(ex, centerId)]);
  const tickets = await viewTickets(ex, active, now);
  const operators = new Map<number, UserRow | undefined>();
  for (const r of rows) if (r.operator_id !== null) operators.set(r.operator_id, await findUser(ex, r.operator_id));
  const skillsOf = groupBy(skills, (s) => s.counter_id);
  return rows.map((r) =>
    toCounter(
      r,
      skillsOf.get(r.id) ?? [],
      today,
      tickets.find((t) => t.counterId === r.id) ?? null,
      r.operator_id !== null ? operators.get(r.operator_id) : undefined,
    ),
  );
}

/** One counter in its API shape (routes call it `services.counters.get`). */
export async function getCounter(ctx: ServiceContext, counterId: number): Promise<Counter> {
  const row = await requireCounter(ctx.database.db, counterId);
  return viewCounter(ctx.database.db, row, ctx.clock.now());
}

/** Waiting tickets this counter may call (its services, or transferred to it), in line order; held ones are not callable. */
export async function eligibleQueue(ctx: ServiceContext, counterId: number): Promise<Ticket[]> {
  const now = ctx.clock.now();
  const ex = ctx.database.db;
  const counter = await requireCounter(ex, counterId);
  const { weights } = await loadCallRules(ex, counter, now);
  const rows = await listCallCandidates(ex, counter.center_id, counter.id, [...weights.keys()]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const callable = rows.map(toCandidate).filter((c) => !isHeld(c, now.toISOString()));
  return viewTickets(ex, lineOrder(callable, now).map((c) => byId.get(c.id)!), now);
}

/**
 * Today's work (local day of the center) of the counter's operator, or of `user` when the counter
 * has none: tickets they finished as done or no-show, at any counter.
 */
export async function today(ctx: ServiceContext, user: User, counterId: number): Promise<CounterToday> {
  const now = ctx.clock.now();
  const ex = ctx.database.db;
  const counter = await requireCounter(ex, counterId);
  const center = await findCenter(ex, counter.center_id);
  const timezone = center?.timezone ?? defaultTimeZone;
  const since = startOfLocalDay(serviceDay(now, timezone), timezone).toISOString();
  const rows = await listFinishedByOperatorSince(ex, counter.center_id, counter.operator_id ?? user.id, since);
  const done = rows.filter((r) => r.status === 'done');
  const durations = done.map((r) => r.service_ms).filter((ms): ms is number => ms !== null);
  return {
    served: done.length,
    noShow: rows.length - done.length,
    avgServiceSeconds: durations.length > 0 ? Math.round(durations.reduce((a, b) => a + b, 0) / durations.length / 1000) : null,
  };
}
