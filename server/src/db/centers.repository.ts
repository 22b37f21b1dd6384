import type { Executor } from './database';
import type { CenterRow } from './schema';
import { prepared, read, runRead, sendLater, type Read } from './prepared';
import { centerIdOfCounter } from './counters.repository';
import { noteSeqTaken } from './seq-order';
import { setupChanged } from './setup-cache';
import type { CommitGroupOf } from './transaction';

const selectCenter = prepared((ex, a: { id: string }) => ex.selectFrom('centers').selectAll().where('id', '=', a.id));

export function findCenter(ex: Executor, id: string): Promise<CenterRow | undefined> {
  return runRead(ex, centerRead(id));
}

/** `findCenter` as a read to run with others. */
export const centerRead = (id: string): Read<CenterRow | undefined> => read(selectCenter, { id }, (rows) => rows[0]);

const selectCenterOfCounter = prepared((ex, a: { counterId: number }) =>
  ex
    .selectFrom('centers')
    .selectAll()
    .where('id', '=', centerIdOfCounter(ex, a.counterId)),
);

/** A counter's centre, by the counter: a read that can go out with the counter's own. */
export const centerOfCounterRead = (counterId: number): Read<CenterRow | undefined> => read(selectCenterOfCounter, { counterId }, (rows) => rows[0]);

export function listCenters(ex: Executor): Promise<CenterRow[]> {
  return ex.selectFrom('centers').selectAll().orderBy('id').execute();
}

const lockCenter = prepared((ex, a: { id: string }) => ex.selectFrom('centers').select('id').where('id', '=', a.id).forNoKeyUpdate());

/**
 * A centre's commit group on PostgreSQL (`CommitGroupOf`): it takes the centre's row lock first, as counter commands
 * do (`bumpDisplaySeq`), so a group's later issues take their numbers after it, in the same order in every instance.
 * The lock is the one the display sequence's update takes (not `for update`: tickets' inserts may still check their
 * centre's key).
 */
export const centerGroup = (centerId: string): CommitGroupOf => ({ key: `center:${centerId}`, lock: (trx) => sendLater(trx, lockCenter, { id: centerId }) });

/**
 * Advances the center's display sequence and returns the new value. The row lock it takes orders the
 * commands of one center, on SQLite and PostgreSQL alike: counter commands and cancels take it first,
 * before they read the queue; issuing moves it after its number (serialized by its own row per service and
 * day), and on PostgreSQL its commit group (`centerGroup`) has taken the lock first.
 */
export async function bumpDisplaySeq(ex: Executor, centerId: string): Promise<number | null> {
  return (await bumpDisplaySeqLater(ex, centerId))();
}

/** `bumpDisplaySeq` sent with the command's next statement on PostgreSQL (see `bumpDisplaySeqOfCounterLater`). */
export async function bumpDisplaySeqLater(ex: Executor, centerId: string): Promise<() => Promise<number | null>> {
  const { result } = await sendLater(ex, bumpSeq, { centerId });
  return async () => seqTaken(ex, (await result()).rows[0]);
}

/** The new seq of a bump's row, noted as taken by the command (`seq-order.ts`: its events are published in order). */
function seqTaken(ex: Executor, row: { id: string; display_seq: number } | undefined): number | null {
  if (!row) return null;
  noteSeqTaken(ex, row.id, row.display_seq);
  return row.display_seq;
}

/**
 * `bumpDisplaySeq` for the centre of a counter, in one statement (a counter command knows the counter, not
 * yet its centre; null when there is no such counter), sent with the command's next statement on PostgreSQL (the
 * reads it locks the centre for go out behind it, in one round trip): answers how to read the new sequence then.
 */
export async function bumpDisplaySeqOfCounterLater(ex: Executor, counterId: number): Promise<() => Promise<number | null>> {
  const { result } = await sendLater(ex, bumpSeqOfCounter, { counterId });
  return async () => seqTaken(ex, (await result()).rows[0]);
}

const bumpSeqOfCounter = prepared((ex, a: { counterId: number }) =>
  ex
    .updateTable('centers')
    .set((eb) => ({ display_seq: eb('display_seq', '+', 1) }))
    .where('id', '=', centerIdOfCounter(ex, a.counterId))
    .returning(['id', 'display_seq']),
);

const bumpSeq = prepared((ex, a: { centerId: string }) =>
  ex
    .updateTable('centers')
    .set((eb) => ({ display_seq: eb('display_seq', '+', 1) }))
    .where('id', '=', a.centerId)
    .returning(['id', 'display_seq']),
);

/** Adds a center (administration). */
export async function insertCenter(ex: Executor, center: Omit<CenterRow, 'booking' | 'remote_join' | 'issuing_stop'> & Partial<Pick<CenterRow, 'booking' | 'remote_join' | 'issuing_stop'>>): Promise<void> {
  await ex.insertInto('centers').values(center).execute();
  setupChanged(ex);
}

/**
 * Changes a center's settings. `bumpDisplaySeq` also advances the display sequence, for changes the
 * displays show (the ticker), so they notice them like any other change of the hall.
 */
export async function updateCenterSettings(ex: Executor, id: string, patch: Partial<Omit<CenterRow, 'id' | 'display_seq' | 'created_at'>>, bumpDisplaySeq: boolean): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  await ex
    .updateTable('centers')
    .set((eb) => ({ ...patch, ...(bumpDisplaySeq ? { display_seq: eb('display_seq', '+', 1) } : {}) }))
    .where('id', '=', id)
    .execute();
  setupChanged(ex);
}
