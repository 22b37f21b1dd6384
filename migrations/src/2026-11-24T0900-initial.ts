import { PostgresAdapter, sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

// Frozen in time: never import application code here. Dialect-neutral (SQLite and PostgreSQL):
// times are ISO-8601 text, booleans are 0/1 integers, JSON is text.

export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = (c: ColumnDefinitionBuilder) =>
    isPostgres ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement();

  await db.schema
    .createTable('centers')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('timezone', 'varchar(64)', (c) => c.notNull().defaultTo('Asia/Karachi'))
    .addColumn('opening_hours', 'text')
    .addColumn('priority_categories', 'text', (c) => c.notNull())
    .addColumn('priority_run', 'integer', (c) => c.notNull().defaultTo(3))
    .addColumn('ticker_message', 'text')
    .addColumn('pause_alert_minutes', 'integer', (c) => c.notNull().defaultTo(30))
    .addColumn('display_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('service_groups')
    .addColumn('id', 'integer', id)
    .addColumn('center_id', 'varchar(32)', (c) => c.notNull().references('centers.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('services')
    .addColumn('id', 'integer', id)
    .addColumn('center_id', 'varchar(32)', (c) => c.notNull().references('centers.id').onDelete('cascade'))
    .addColumn('group_id', 'integer', (c) => c.references('service_groups.id').onDelete('set null'))
    .addColumn('prefix', 'varchar(8)', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sla_target_minutes', 'integer', (c) => c.notNull().defaultTo(15))
    .addColumn('allows_priority', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('daily_cap', 'integer')
    .addColumn('opening_hours', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('services_center_prefix_uq').on('services').columns(['center_id', 'prefix']).unique().execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', id)
    .addColumn('username', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('counters')
    .addColumn('id', 'integer', id)
    .addColumn('center_id', 'varchar(32)', (c) => c.notNull().references('centers.id').onDelete('cascade'))
    .addColumn('name', 'varchar(60)', (c) => c.notNull())
    .addColumn('zone', 'varchar(40)')
    .addColumn('status', 'varchar(16)', (c) => c.notNull().defaultTo('closed'))
    .addColumn('status_since', 'varchar(30)', (c) => c.notNull())
    .addColumn('pause_reason', 'varchar(200)')
    .addColumn('operator_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('priority_streak', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  // One operator per counter is the column itself; one counter per operator is this index.
  await db.schema.createIndex('counters_operator_uq').on('counters').column('operator_id').unique().execute();
  await db.schema.createIndex('counters_center_idx').on('counters').column('center_id').execute();

  await db.schema
    .createTable('counter_services')
    .addColumn('counter_id', 'integer', (c) => c.notNull().references('counters.id').onDelete('cascade'))
    .addColumn('service_id', 'integer', (c) => c.notNull().references('services.id').onDelete('cascade'))
    .addColumn('weight', 'integer', (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint('counter_services_pk', ['counter_id', 'service_id'])
    .execute();

  await db.schema
    .createTable('tickets')
    .addColumn('id', 'integer', id)
    .addColumn('public_id', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('center_id', 'varchar(32)', (c) => c.notNull().references('centers.id').onDelete('cascade'))
    .addColumn('service_id', 'integer', (c) => c.notNull().references('services.id'))
    .addColumn('service_day', 'varchar(10)', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('code', 'varchar(16)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('priority', 'varchar(32)', (c) => c.notNull().defaultTo('none'))
    .addColumn('channel', 'varchar(16)', (c) => c.notNull())
    .addColumn('language', 'varchar(8)', (c) => c.notNull().defaultTo('en'))
    .addColumn('phone', 'varchar(32)')
    .addColumn('issued_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('queued_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('appointment_at', 'varchar(30)')
    .addColumn('first_called_at', 'varchar(30)')
    .addColumn('called_at', 'varchar(30)')
    .addColumn('started_at', 'varchar(30)')
    .addColumn('finished_at', 'varchar(30)')
    .addColumn('counter_id', 'integer', (c) => c.references('counters.id').onDelete('set null'))
    .addColumn('first_counter_id', 'integer')
    .addColumn('operator_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('transfer_counter_id', 'integer', (c) => c.references('counters.id').onDelete('set null'))
    .addColumn('transfer_placement', 'varchar(8)')
    .addColumn('recall_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('outcome', 'varchar(200)')
    .addColumn('rating', 'integer')
    .addColumn('feedback_comment', 'text')
    .execute();
  // Exactly once: a counter holds at most one unfinished ticket, whatever the number of processes.
  await db.schema
    .createIndex('tickets_one_active_per_counter_uq')
    .on('tickets')
    .column('counter_id')
    .unique()
    .where(sql.ref('status'), 'in', ['called', 'serving'])
    .execute();
  await db.schema.createIndex('tickets_service_day_number_uq').on('tickets').columns(['service_id', 'service_day', 'number']).unique().execute();
  await db.schema.createIndex('tickets_queue_idx').on('tickets').columns(['center_id', 'status', 'service_id', 'queued_at']).execute();
  await db.schema.createIndex('tickets_center_day_idx').on('tickets').columns(['center_id', 'service_day']).execute();
  await db.schema.createIndex('tickets_counter_called_idx').on('tickets').columns(['counter_id', 'called_at']).execute();

  await db.schema
    .createTable('ticket_events')
    .addColumn('id', 'integer', id)
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('center_id', 'varchar(32)', (c) => c.notNull())
    .addColumn('type', 'varchar(32)', (c) => c.notNull())
    .addColumn('at', 'varchar(30)', (c) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('counter_id', 'integer')
    .addColumn('data', 'text')
    .execute();
  await db.schema.createIndex('ticket_events_ticket_idx').on('ticket_events').columns(['ticket_id', 'id']).execute();
  await db.schema.createIndex('ticket_events_center_at_idx').on('ticket_events').columns(['center_id', 'at']).execute();

  await db.schema
    .createTable('daily_sequences')
    .addColumn('service_id', 'integer', (c) => c.notNull().references('services.id').onDelete('cascade'))
    .addColumn('service_day', 'varchar(10)', (c) => c.notNull())
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('daily_sequences_pk', ['service_id', 'service_day'])
    .execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('scope', 'varchar(64)', (c) => c.notNull())
    .addColumn('key', 'varchar(255)', (c) => c.notNull())
    .addColumn('request_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('status_code', 'integer', (c) => c.notNull())
    .addColumn('response', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['scope', 'key'])
    .execute();
  await db.schema.createIndex('idempotency_keys_created_idx').on('idempotency_keys').column('created_at').execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  // Administrative changes (services, counters, users, centers): who changed what, when.
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'integer', id)
    .addColumn('at', 'varchar(30)', (c) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('center_id', 'varchar(32)')
    .addColumn('entity', 'varchar(32)', (c) => c.notNull())
    .addColumn('entity_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('action', 'varchar(32)', (c) => c.notNull())
    .addColumn('data', 'text')
    .execute();
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').column('at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'audit_log',
    'settings',
    'idempotency_keys',
    'daily_sequences',
    'ticket_events',
    'tickets',
    'counter_services',
    'counters',
    'sessions',
    'users',
    'services',
    'service_groups',
    'centers',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
