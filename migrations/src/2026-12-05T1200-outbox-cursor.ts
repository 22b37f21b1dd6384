import { sql, SqliteAdapter, type Kysely } from 'kysely';

// Frozen in time: never import application code here. SQLite only (on PostgreSQL it does nothing: instances take
// events past each other's locked rows there, so each row keeps its own `fanned_out` flag and the partial index).
// On SQLite the outbox's events are fanned out in id order, one transaction at a time, so the events fanned out
// are always those up to one id: one number says it (`outbox_cursor.fanned_up_to`), where marking each event's row
// rewrote its page in the WAL again and moved an entry of `outbox_events_pending_idx` in and out
// (docs/PERFORMANCE.md, twenty-ninth session). `fanned_out` stays in the table, unused on SQLite.

const isSqlite = (db: Kysely<any>) => db.getExecutor().adapter instanceof SqliteAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  if (!isSqlite(db)) return;
  await sql`create table outbox_cursor (id integer primary key check (id = 1), fanned_up_to integer not null)`.execute(db);
  // The events fanned out so far are the ones below the first that is not (SQLite marked them in id order).
  await sql`insert into outbox_cursor (id, fanned_up_to) values (1, coalesce((select min(id) - 1 from outbox_events where fanned_out = 0), (select max(id) from outbox_events), 0))`.execute(db);
  await db.schema.dropIndex('outbox_events_pending_idx').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isSqlite(db)) return;
  await sql`update outbox_events set fanned_out = 1 where fanned_out = 0 and id <= (select fanned_up_to from outbox_cursor)`.execute(db);
  await db.schema.createIndex('outbox_events_pending_idx').on('outbox_events').column('id').where(sql.ref('fanned_out'), '=', 0).execute();
  await sql`drop table outbox_cursor`.execute(db);
}
