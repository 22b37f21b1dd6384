import type { Kysely } from 'kysely';

// Frozen in time: never import application code here. Dialect-neutral (SQLite and PostgreSQL).
// - The centre's calls by time now also carry the counter, service and status of each call, so the estimate's
//   "recent calls per counter and service" (read at every issue) is an index-only walk instead of a row lookup
//   per call. Same name and leading columns: every query that used the index still does.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('tickets_center_called_idx').execute();
  await db.schema.createIndex('tickets_center_called_idx').on('tickets').columns(['center_id', 'called_at', 'id', 'counter_id', 'service_id', 'status']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('tickets_center_called_idx').execute();
  await db.schema.createIndex('tickets_center_called_idx').on('tickets').columns(['center_id', 'called_at', 'id']).execute();
}
