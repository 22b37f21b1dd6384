import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here. Dialect-neutral (SQLite and PostgreSQL).
// - The centre's calls by time with the counter, service and status of each, so the estimate's "recent calls
//   per counter and service" (read at every issue) is an index-only walk instead of a row lookup per call.
//   Partial (`called_at is not null`), so only a query bounded on `called_at` can use it: a covering index on
//   the centre alone would tempt SQLite's planner into scanning the centre's whole history for queries that
//   have a better, narrower index (e.g. the counters holding a ticket).
// - The waiting priority tickets of a service in FIFO order, so the first of a priority line (read at every
//   call-next) is one index step, not a walk down the service's whole plain line.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('tickets_recent_calls_idx')
    .on('tickets')
    .columns(['center_id', 'called_at', 'counter_id', 'service_id', 'status'])
    .where(sql.ref('called_at'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('tickets_priority_line_idx')
    .on('tickets')
    .columns(['center_id', 'service_id', 'queued_at', 'id'])
    .where(sql<boolean>`status = 'waiting' and priority <> 'none'`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('tickets_priority_line_idx').execute();
  await db.schema.dropIndex('tickets_recent_calls_idx').execute();
}
