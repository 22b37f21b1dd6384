import type { Kysely } from 'kysely';

// Frozen in time: never import application code here. Dialect-neutral (SQLite and PostgreSQL).
// `outbox_events_occurred_idx` (occurred_at) took an entry for every event (four a ticket's life) for the retention
// purge alone, and SQLite's plan of the purge did not use it (it walked the table by id, to its end when nothing was
// old enough). The purge now walks the primary key from the oldest event up to the first one young enough to keep
// (ids grow with time; `purgeDeliveredOutboxEvents`), on both engines, so the index goes.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('outbox_events_occurred_idx').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('outbox_events_occurred_idx').on('outbox_events').column('occurred_at').execute();
}
