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

const stampStatements = new WeakMap<object, { get(): unknown }>();

/**
 * A value that changes whenever the database may have changed (SQLite: rows this connection changed, and
 * the commits of other connections), for caches of reads. Null on PostgreSQL: other instances write too,
 * and nothing this cheap tells, so nothing is cached there.
 *
 * Read straight from the connection (one prepared statement, no query building): it may fall inside another
 * command's open transaction, and that is safe because the caller computes its answer after the stamp,
 * through the connection's queue, so after that transaction ends. A change counted in the stamp is then
 * committed or rolled back (the count never goes back), and a change after the stamp moves it on.
 */
export async function changeStamp(handle: DatabaseHandle): Promise<string | null> {
  if (handle.dialect !== 'sqlite' || !handle.sqlite) return null;
  let statement = stampStatements.get(handle.sqlite);
  if (!statement) {
    statement = handle.sqlite.prepare('select total_changes() as c, (select data_version from pragma_data_version) as v');
    stampStatements.set(handle.sqlite, statement);
  }
  const row = statement.get() as { c: number; v: number } | undefined;
  return row ? `${row.c}:${row.v}` : null;
}
