import { sql } from 'kysely';
import type { DatabaseHandle, Executor } from './database';

/**
 * Runs several reads against one consistent view of the database: one held connection on SQLite
 * (nothing else writes in between), a repeatable-read transaction on PostgreSQL.
 */
export async function inReadSnapshot<T>(handle: DatabaseHandle, fn: (ex: Executor) => Promise<T>): Promise<T> {
  if (handle.dialect === 'postgres') {
    return handle.db.transaction().setIsolationLevel('repeatable read').execute(fn);
  }
  return handle.db.connection().execute(fn);
}

/**
 * A value that changes whenever the database may have changed (SQLite: rows this connection changed, and
 * the commits of other connections), for caches of reads. Read through the connection's queue, so it is
 * taken between transactions, never inside another command's. Null on PostgreSQL: other instances write
 * too, and nothing this cheap tells, so nothing is cached there.
 */
export async function changeStamp(handle: DatabaseHandle): Promise<string | null> {
  if (handle.dialect !== 'sqlite') return null;
  const { rows } = await sql<{ c: number; v: number }>`select total_changes() as c, (select data_version from pragma_data_version) as v`.execute(handle.db);
  const row = rows[0];
  return row ? `${row.c}:${row.v}` : null;
}
