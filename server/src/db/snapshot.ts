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
