import { sql, type Kysely } from 'kysely';
import { onSqlite } from '../../server/src/db/prepared';
import type { Db } from '../../server/src/db/database';

// The outbox's fanned-out state as each engine keeps it (server/src/db/outbox.repository.ts): on SQLite one cursor
// (`outbox_cursor.fanned_up_to`, the events up to it), on PostgreSQL each row's `fanned_out` flag. Marking goes
// through the repository (`markOutboxEventsFannedOut`).

/** Each outbox event's state, oldest first: 1 fanned out, 0 not yet. */
export async function fannedOutStates(db: Kysely<any>): Promise<number[]> {
  const { rows } = onSqlite(db as Db)
    ? await sql<{ f: number }>`select case when id <= (select fanned_up_to from outbox_cursor) then 1 else 0 end as f from outbox_events order by id`.execute(db)
    : await sql<{ f: number }>`select fanned_out as f from outbox_events order by id`.execute(db);
  return rows.map((r) => Number(r.f));
}
