import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here. Dialect-neutral (SQLite and PostgreSQL).
// - broadcasts: a supervisor's message to everyone waiting in a centre (or in one service's line), shown on
//   phone pages until it expires or is cleared; `sms` 0/1 when it also went out as a citizen message.
// - message_log.kind grows to 24 characters: a broadcast's message is logged as kind `broadcast:<id>`, so the
//   unique (subject, subject_id, kind) key keeps it to one per ticket and broadcast (SQLite does not enforce
//   a varchar's length).
// - devices.zone: the hall zone a kiosk says it stands in (nearest kiosk for a counter of that zone).

export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('broadcasts')
    .addColumn('id', 'integer', (c) => (isPostgres ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement()))
    .addColumn('center_id', 'varchar(32)', (c) => c.notNull().references('centers.id').onDelete('cascade'))
    .addColumn('service_id', 'integer')
    .addColumn('message', 'varchar(500)', (c) => c.notNull())
    .addColumn('sms', 'integer', (c) => c.notNull())
    .addColumn('recipients', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('cleared_at', 'varchar(30)')
    .execute();
  await db.schema.createIndex('broadcasts_center_idx').on('broadcasts').columns(['center_id', 'created_at']).execute();
  if (isPostgres) await sql`alter table message_log alter column kind type varchar(24)`.execute(db);
  await db.schema.alterTable('devices').addColumn('zone', 'varchar(40)').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('devices').dropColumn('zone').execute();
  await db.schema.dropTable('broadcasts').execute();
}
