import { sql, SqliteAdapter, type Kysely } from 'kysely';

// The outbox's fanned-out state as each engine keeps it (server/src/db/outbox.repository.ts): on SQLite one cursor
// (`outbox_cursor.fanned_up_to`, the events up to it), on PostgreSQL each row's `fanned_out` flag.

const onSqlite = (db: Kysely<any>) => db.getExecutor().adapter instanceof SqliteAdapter;

/** Each outbox event's state, oldest first: 1 fanned out, 0 not yet. */
export async function fannedOutStates(db: Kysely<any>): Promise<number[]> {
  const { rows } = onSqlite(db)
    ? await sql<{ f: number }>`select case when id <= (select fanned_up_to from outbox_cursor) then 1 else 0 end as f from outbox_events order by id`.execute(db)
    : await sql<{ f: number }>`select fanned_out as f from outbox_events order by id`.execute(db);
  return rows.map((r) => Number(r.f));
}

/** Marks every outbox event up to `lastId` fanned out, as a pass does. */
export async function markFannedOutUpTo(db: Kysely<any>, lastId: number): Promise<void> {
  if (onSqlite(db)) await sql`update outbox_cursor set fanned_up_to = max(fanned_up_to, ${lastId})`.execute(db);
  else await sql`update outbox_events set fanned_out = 1 where id <= ${lastId}`.execute(db);
}
