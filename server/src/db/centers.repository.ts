import type { Executor } from './database';
import type { CenterRow } from './schema';

export function findCenter(ex: Executor, id: string): Promise<CenterRow | undefined> {
  return ex.selectFrom('centers').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listCenters(ex: Executor): Promise<CenterRow[]> {
  return ex.selectFrom('centers').selectAll().orderBy('id').execute();
}

/**
 * Advances the center's display sequence and returns the new value. The row lock it takes orders the
 * commands of one center, on SQLite and PostgreSQL alike: counter commands and cancels take it first,
 * before they read the queue; issuing takes it last, just before commit (its number is serialized by its
 * own row per service and day), so concurrent issues hold it only briefly.
 */
export async function bumpDisplaySeq(ex: Executor, centerId: string): Promise<number | null> {
  const row = await ex
    .updateTable('centers')
    .set((eb) => ({ display_seq: eb('display_seq', '+', 1) }))
    .where('id', '=', centerId)
    .returning('display_seq')
    .executeTakeFirst();
  return row?.display_seq ?? null;
}
