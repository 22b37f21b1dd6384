import type { Counter, Ticket } from '@navbat/shared';
import type { CounterRow, UserRow } from '../../db/schema';
import type { Executor } from '../../db/database';
import { bool, parseJson } from '../../db/json';
import { findCenter } from '../../db/centers.repository';
import { listSkills, type Skill } from '../../db/counters.repository';
import type { CounterFacts } from '../../domain/counter-life';
import { dayServicesInForce, servicesOn, type DayServices } from '../../domain/counter-day';
import { defaultTimeZone, serviceDay } from '../../domain/time';
import { groupBy } from './group-by';

/** What the counter rules (domain/counter-life) read of a stored counter. */
export function toCounterFacts(row: CounterRow, hasTicket: boolean): CounterFacts {
  return {
    id: row.id,
    status: row.status,
    operatorId: row.operator_id,
    active: bool(row.active),
    hasTicket,
    statusSince: row.status_since,
  };
}

/** The day's services a supervisor set on the counter, as stored (in force or not: see domain/counter-day). */
export const dayServicesOf = (row: Pick<CounterRow, 'day_services'>): DayServices | null => parseJson<DayServices>(row.day_services ?? null);

const toWeights = (skills: readonly Pick<Skill, 'service_id' | 'weight'>[]) => skills.map((s) => ({ serviceId: s.service_id, weight: s.weight }));

/** The centre's local day at `now`: the day a counter's change of services holds for. */
export async function centreToday(ex: Executor, centerId: string, now: Date): Promise<string> {
  return serviceDay(now, (await findCenter(ex, centerId))?.timezone ?? defaultTimeZone);
}

/**
 * The services each of `rows` (counters of one centre) serves on `today`, as skill rows: the day's services
 * where a supervisor changed them, else the usual ones (domain/counter-day `servicesOn`, the one rule).
 */
export async function listSkillsOn(ex: Executor, rows: readonly CounterRow[], today: string): Promise<Skill[]> {
  return skillsOn(rows, await listSkills(ex, rows.map((r) => r.id)), today);
}

/** `listSkillsOn` for usual skills already read (e.g. `listSkillsOfCenter` read alongside other things). */
export function skillsOn(rows: readonly CounterRow[], usual: readonly Skill[], today: string): Skill[] {
  const usualOf = groupBy(usual, (s) => s.counter_id);
  return rows.flatMap((r) =>
    servicesOn(toWeights(usualOf.get(r.id) ?? []), dayServicesOf(r), today).map((s) => ({ counter_id: r.id, service_id: s.serviceId, weight: s.weight })),
  );
}

/** A counter in its API shape; `usual` are its administrator-set skills, `today` the centre's local day. */
export function toCounter(row: CounterRow, usual: readonly Pick<Skill, 'service_id' | 'weight'>[], today: string, currentTicket: Ticket | null, operator: UserRow | undefined): Counter {
  const usualServices = toWeights(usual);
  const change = dayServicesOf(row);
  return {
    id: row.id,
    centerId: row.center_id,
    name: row.name,
    zone: row.zone,
    status: row.status,
    statusSince: row.status_since,
    pauseReason: row.pause_reason,
    active: bool(row.active),
    services: [...servicesOn(usualServices, change, today)],
    usualServices,
    dayServices: dayServicesInForce(change, today) ? { day: change.day, since: change.since, reason: change.reason } : null,
    currentTicket,
    operator: operator ? { id: operator.id, username: operator.username, name: operator.name } : null,
  };
}
