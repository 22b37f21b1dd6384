import type { Kysely } from 'kysely';

// Frozen in time: never import application code here. Dialect-neutral (SQLite and PostgreSQL).
// - center_holidays: days a centre is closed (Eid, 14 August): no tickets, no slots, no remote join.
// - centers.issuing_stop / services.issuing_stop: "stop issuing now" as JSON `{ reason, until, since }`
//   (null: issuing); a stop whose `until` has passed is no longer in force.
// - indexes for the outbox retention job (delivered deliveries and events by age).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('center_holidays')
    .addColumn('center_id', 'varchar(32)', (c) => c.notNull().references('centers.id').onDelete('cascade'))
    .addColumn('date', 'varchar(10)', (c) => c.notNull())
    .addColumn('reason', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('center_holidays_pk', ['center_id', 'date'])
    .execute();
  await db.schema.alterTable('centers').addColumn('issuing_stop', 'text').execute();
  await db.schema.alterTable('services').addColumn('issuing_stop', 'text').execute();
  await db.schema.createIndex('outbox_events_occurred_idx').on('outbox_events').column('occurred_at').execute();
  await db.schema.createIndex('webhook_deliveries_created_idx').on('webhook_deliveries').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('webhook_deliveries_created_idx').execute();
  await db.schema.dropIndex('outbox_events_occurred_idx').execute();
  await db.schema.alterTable('services').dropColumn('issuing_stop').execute();
  await db.schema.alterTable('centers').dropColumn('issuing_stop').execute();
  await db.schema.dropTable('center_holidays').execute();
}
