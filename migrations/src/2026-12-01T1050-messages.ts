import { PostgresAdapter, sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

// Frozen in time: never import application code here. Dialect-neutral (SQLite and PostgreSQL).
// - message_log: one row per (subject, subject_id, kind), the unique key that makes each citizen message
//   go out at most once (a ticket's or an appointment's `booked`, `reminder`, `near`, `called`, `feedback`);
//   never a phone number: it is read from the ticket (or appointment) when the message is sent.
// - message_templates: an admin's own text for a kind and language (absent: the built-in default).
// - push_subscriptions: Web Push subscriptions a ticket's phone page made.
// - centers.notify_ahead: "your turn is near" when this many are ahead or fewer.
// The VAPID keys live in `settings` (created on first use).

export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = (c: ColumnDefinitionBuilder) => (isPostgres ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement());

  await db.schema
    .createTable('message_log')
    .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('subject', 'varchar(12)', (c) => c.notNull())
    .addColumn('subject_id', 'integer', (c) => c.notNull())
    .addColumn('kind', 'varchar(12)', (c) => c.notNull())
    .addColumn('center_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('language', 'varchar(8)', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(12)', (c) => c.notNull())
    .addColumn('send_after', 'varchar(30)', (c) => c.notNull())
    .addColumn('channels', 'varchar(40)')
    .addColumn('last_error', 'varchar(200)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('sent_at', 'varchar(30)')
    .execute();
  await db.schema.createIndex('message_log_subject_kind_uq').on('message_log').columns(['subject', 'subject_id', 'kind']).unique().execute();
  await db.schema
    .createIndex('message_log_due_idx')
    .on('message_log')
    .columns(['send_after', 'id'])
    .where(sql.ref('status'), '=', 'pending')
    .execute();

  await db.schema
    .createTable('message_templates')
    .addColumn('kind', 'varchar(12)', (c) => c.notNull())
    .addColumn('language', 'varchar(8)', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('message_templates_pk', ['kind', 'language'])
    .execute();

  await db.schema
    .createTable('push_subscriptions')
    .addColumn('id', 'integer', id)
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('endpoint', 'varchar(1024)', (c) => c.notNull())
    .addColumn('p256dh', 'varchar(120)', (c) => c.notNull())
    .addColumn('auth', 'varchar(40)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('push_subscriptions_ticket_endpoint_uq').on('push_subscriptions').columns(['ticket_id', 'endpoint']).unique().execute();

  await db.schema.alterTable('centers').addColumn('notify_ahead', 'integer', (c) => c.notNull().defaultTo(3)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('centers').dropColumn('notify_ahead').execute();
  await db.schema.dropTable('push_subscriptions').execute();
  await db.schema.dropTable('message_templates').execute();
  await db.schema.dropTable('message_log').execute();
}
