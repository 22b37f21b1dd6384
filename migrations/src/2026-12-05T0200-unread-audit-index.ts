import type { Kysely } from 'kysely';

// Frozen in time: never import application code here. Dialect-neutral (SQLite and PostgreSQL).
// `ticket_events_center_at_idx` (center_id, at) took an entry for every audit row (four a ticket's life) and no
// statement reads it: the audit is read by ticket (`ticket_events_ticket_idx`) or through its tickets (a centre's
// days), and `center_id` is no foreign key. Every statement the SQLite suite runs was planned with and without it
// (docs/PERFORMANCE.md, twenty-sixth session): none changed. On SQLite it was ~7 % of the pages a lifecycle writes
// to the WAL.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('ticket_events_center_at_idx').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('ticket_events_center_at_idx').on('ticket_events').columns(['center_id', 'at']).execute();
}
