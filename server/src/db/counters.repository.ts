import type { Executor } from './database';
import type { CounterRow } from './schema';
import type { CounterChanges } from '../domain/counter-life';

export function findCounter(ex: Executor, id: number): Promise<CounterRow | undefined> {
  return ex.selectFrom('counters').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listCounters(ex: Executor, centerId: string): Promise<CounterRow[]> {
  return ex.selectFrom('counters').selectAll().where('center_id', '=', centerId).orderBy('id').execute();
}

export function findCounterOfOperator(ex: Executor, userId: number): Promise<CounterRow | undefined> {
  return ex.selectFrom('counters').selectAll().where('operator_id', '=', userId).executeTakeFirst();
}

export interface Skill {
  counter_id: number;
  service_id: number;
  weight: number;
}

export function listSkills(ex: Executor, counterIds: readonly number[]): Promise<Skill[]> {
  if (counterIds.length === 0) return Promise.resolve([]);
  return ex.selectFrom('counter_services').selectAll().where('counter_id', 'in', counterIds).execute();
}

export function listSkillsOfCenter(ex: Executor, centerId: string): Promise<Skill[]> {
  return ex
    .selectFrom('counter_services')
    .innerJoin('counters', 'counters.id', 'counter_services.counter_id')
    .select(['counter_services.counter_id', 'counter_services.service_id', 'counter_services.weight'])
    .where('counters.center_id', '=', centerId)
    .execute();
}

/** The names of some counters, by id. */
export async function findCounterNames(ex: Executor, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await ex.selectFrom('counters').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function replaceSkills(ex: Executor, counterId: number, skills: readonly { serviceId: number; weight?: number | undefined }[]): Promise<void> {
  await ex.deleteFrom('counter_services').where('counter_id', '=', counterId).execute();
  if (skills.length > 0) {
    await ex
      .insertInto('counter_services')
      .values(skills.map((s) => ({ counter_id: counterId, service_id: s.serviceId, weight: s.weight ?? 1 })))
      .execute();
  }
}

export async function updateCounter(ex: Executor, id: number, patch: Partial<Omit<CounterRow, 'id'>>): Promise<void> {
  await ex.updateTable('counters').set(patch).where('id', '=', id).execute();
}

/** Adds a counter; returns its id. */
export async function insertCounter(ex: Executor, counter: Omit<CounterRow, 'id' | 'pause_expected_until' | 'day_services'>): Promise<number> {
  const row = await ex.insertInto('counters').values(counter).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Whether any ticket was ever first called at the counter. */
export async function counterHasTickets(ex: Executor, counterId: number): Promise<boolean> {
  return (await ex.selectFrom('tickets').select('id').where('first_counter_id', '=', counterId).limit(1).executeTakeFirst()) !== undefined;
}

/** Deletes a counter with its skills. */
export async function deleteCounter(ex: Executor, id: number): Promise<void> {
  await ex.deleteFrom('counter_services').where('counter_id', '=', id).execute();
  await ex.deleteFrom('counters').where('id', '=', id).execute();
}

/** The columns a shift command's `CounterChanges` (domain/counter-life) write. */
export function toCounterUpdate(changes: CounterChanges): Partial<Omit<CounterRow, 'id'>> {
  return {
    status: changes.status,
    status_since: changes.statusSince,
    ...(changes.operatorId !== undefined ? { operator_id: changes.operatorId } : {}),
    ...(changes.pauseReason !== undefined ? { pause_reason: changes.pauseReason } : {}),
    ...(changes.priorityStreak !== undefined ? { priority_streak: changes.priorityStreak } : {}),
  };
}
