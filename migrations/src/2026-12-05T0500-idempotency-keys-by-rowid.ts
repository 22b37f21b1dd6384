import { SqliteAdapter, type Kysely } from 'kysely';

// Frozen in time: never import application code here. SQLite only (on PostgreSQL it does nothing: its rows have no
// order of insertion to walk, so the purge keeps reading this index there).
// `idempotency_keys_created_idx` (created_at) served the purge of keys older than 48 hours alone, and cost every
// issue an entry: on a lone issue's commit a page of its own (one of ~17, ~7 µs each; docs/PERFORMANCE.md,
// twenty-seventh session). On SQLite a key's rowid grows with the time it was stored, so the purge walks the table
// from its oldest row up to the first key young enough to keep, and deletes below it
// (server/src/db/idempotency.repository.ts).

const isSqlite = (db: Kysely<any>) => db.getExecutor().adapter instanceof SqliteAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  if (!isSqlite(db)) return;
  await db.schema.dropIndex('idempotency_keys_created_idx').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isSqlite(db)) return;
  await db.schema.createIndex('idempotency_keys_created_idx').on('idempotency_keys').column('created_at').execute();
}
