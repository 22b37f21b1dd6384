import { PostgresAdapter, sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

// Frozen in time: never import application code here. Dialect-neutral (SQLite and PostgreSQL).
// - outbox_events: one row per public event, written in the transaction of the command that caused it;
//   `fanned_out` turns 1 once every consumer (webhooks now, citizen messages later) took its share.
// - webhooks: receivers with their event filter and secret (the previous secret signs too until
//   `previous_secret_until`, so a rotation has an overlap).
// - webhook_deliveries: one per event and webhook; its id is the `webhook-id` header, the same on retries.

export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = (c: ColumnDefinitionBuilder) => (isPostgres ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement());

  await db.schema
    .createTable('outbox_events')
    .addColumn('id', 'integer', id)
    .addColumn('type', 'varchar(40)', (c) => c.notNull())
    .addColumn('center_id', 'varchar(32)')
    .addColumn('ticket_id', 'integer')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('fanned_out', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('outbox_events_pending_idx').on('outbox_events').column('id').where(sql.ref('fanned_out'), '=', 0).execute();

  await db.schema
    .createTable('webhooks')
    .addColumn('id', 'integer', id)
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('center_id', 'varchar(32)', (c) => c.references('centers.id').onDelete('cascade'))
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('previous_secret', 'text')
    .addColumn('previous_secret_until', 'varchar(30)')
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('disabled_reason', 'varchar(40)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('webhook_id', 'integer', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
    .addColumn('event_id', 'integer', (c) => c.notNull().references('outbox_events.id').onDelete('cascade'))
    .addColumn('type', 'varchar(40)', (c) => c.notNull())
    .addColumn('status', 'varchar(12)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error', 'varchar(200)')
    .addColumn('next_attempt_at', 'varchar(30)')
    .addColumn('last_attempt_at', 'varchar(30)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhook_deliveries_event_uq').on('webhook_deliveries').columns(['webhook_id', 'event_id']).unique().execute();
  await db.schema.createIndex('webhook_deliveries_event_idx').on('webhook_deliveries').column('event_id').execute();
  await db.schema
    .createIndex('webhook_deliveries_due_idx')
    .on('webhook_deliveries')
    .columns(['next_attempt_at', 'id'])
    .where(sql.ref('status'), '=', 'pending')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('webhook_deliveries').execute();
  await db.schema.dropTable('webhooks').execute();
  await db.schema.dropTable('outbox_events').execute();
}
