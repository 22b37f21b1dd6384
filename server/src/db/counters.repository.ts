import type { Executor } from './database';
import type { CounterRow } from './schema';
import type { CounterChanges } from '../domain/counter-life';
import { columnsShape, prepared, read, runRead, sendLater, type Read } from './prepared';
import { afterCommit } from './transaction';
import { noteFlowChange } from './versions';

/**
 * After a statement that changed a counter or its services: once it commits, this process's kept hall reads are
 * stale (PostgreSQL, `flowVersion`; on SQLite the triggers raise `flow_version`).
 */
const counterChanged = (ex: Executor) => afterCommit(ex, () => noteFlowChange(ex));

const selectCounter = prepared((ex, a: { id: number }) => ex.selectFrom('counters').selectAll().where('id', '=', a.id));

/** The centre of a counter, as a subquery: a statement about the centre can name it by the counter alone. */
export const centerIdOfCounter = (ex: Executor, counterId: number) => ex.selectFrom('counters').select('center_id').where('counters.id', '=', counterId);

export function findCounter(ex: Executor, id: number): Promise<CounterRow | undefined> {
  return runRead(ex, counterRead(id));
}

/** `findCounter` as a read to run with others. */
export const counterRead = (id: number): Read<CounterRow | undefined> => read(selectCounter, { id }, (rows) => rows[0]);

const selectCounters = prepared((ex, a: { centerId: string }) => ex.selectFrom('counters').selectAll().where('center_id', '=', a.centerId).orderBy('id'));

export function listCounters(ex: Executor, centerId: string): Promise<CounterRow[]> {
  return runRead(ex, countersRead(centerId));
}

/** `listCounters` as a read to run with others. */
export const countersRead = (centerId: string): Read<CounterRow[]> => read(selectCounters, { centerId }, (rows) => rows);

const selectCounterOfOperator = prepared((ex, a: { userId: number }) => ex.selectFrom('counters').selectAll().where('operator_id', '=', a.userId));

/** The counter a user operates now, if any, as a read to run with others. */
export const counterOfOperatorRead = (userId: number): Read<CounterRow | undefined> => read(selectCounterOfOperator, { userId }, (rows) => rows[0]);

export interface Skill {
  counter_id: number;
  service_id: number;
  weight: number;
}

const selectSkillsOfCounter = prepared((ex, a: { counterId: number }) => ex.selectFrom('counter_services').selectAll().where('counter_id', '=', a.counterId));

/** One counter's usual skills, as a read to run with others. */
export const skillsOfCounterRead = (counterId: number): Read<Skill[]> => read(selectSkillsOfCounter, { counterId }, (rows) => rows);

export async function listSkills(ex: Executor, counterIds: readonly number[]): Promise<Skill[]> {
  if (counterIds.length === 0) return [];
  if (counterIds.length === 1) return runRead(ex, skillsOfCounterRead(counterIds[0]!));
  return ex.selectFrom('counter_services').selectAll().where('counter_id', 'in', counterIds).execute();
}

const selectSkillsOfCenter = prepared((ex, a: { centerId: string }) =>
  ex
    .selectFrom('counter_services')
    .innerJoin('counters', 'counters.id', 'counter_services.counter_id')
    .select(['counter_services.counter_id', 'counter_services.service_id', 'counter_services.weight'])
    .where('counters.center_id', '=', a.centerId),
);

export function listSkillsOfCenter(ex: Executor, centerId: string): Promise<Skill[]> {
  return runRead(ex, skillsOfCenterRead(centerId));
}

/** `listSkillsOfCenter` as a read to run with others. */
export const skillsOfCenterRead = (centerId: string): Read<Skill[]> => read(selectSkillsOfCenter, { centerId }, (rows) => rows);

const selectCounterName = prepared((ex, a: { id: number }) => ex.selectFrom('counters').select(['id', 'name']).where('id', '=', a.id));

/** The names of some counters, by id. */
export async function findCounterNames(ex: Executor, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = ids.length === 1 ? (await selectCounterName(ex, { id: ids[0]! })).rows : await ex.selectFrom('counters').select(['id', 'name']).where('id', 'in', ids).execute();
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
  counterChanged(ex);
}

export async function updateCounter(ex: Executor, id: number, patch: Partial<Omit<CounterRow, 'id'>>): Promise<void> {
  // Nothing waits for the answer: on PostgreSQL it goes out with the command's next statement.
  await sendLater(ex, updateCounterRow, { '@id': id, ...patch });
  counterChanged(ex);
}

// The patch's columns vary by command: one statement per set of columns (a handful).
const updateCounterRow = prepared(
  (ex, { '@id': id, ...patch }: Partial<Omit<CounterRow, 'id'>> & { '@id': number }) => ex.updateTable('counters').set(patch).where('id', '=', id),
  columnsShape(),
);

/** Adds a counter; returns its id. */
export async function insertCounter(ex: Executor, counter: Omit<CounterRow, 'id' | 'pause_expected_until' | 'day_services'>): Promise<number> {
  const row = await ex.insertInto('counters').values(counter).returning('id').executeTakeFirstOrThrow();
  counterChanged(ex);
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
  counterChanged(ex);
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
