import { PostgresAdapter, sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

// Frozen in time: never import application code here. Dialect-neutral (SQLite and PostgreSQL).
// Appointments and remote join (issue 14):
// - appointments: a booked slot of a service, with its 6-character code; `ticket_id` once checked in.
// - appointment_slots: one row per booked slot, counting its seats; booking increments `booked` only while
//   it is below the capacity, in one conditional UPDATE, so concurrent bookings never exceed it.
// - tickets.arrived: 0 only for remote tickets not yet checked in (existing tickets have all arrived);
//   tickets.arrival_due_at: when a remote ticket first in line without arriving expires.
// - centers.booking / centers.remote_join: JSON settings, null = the defaults.
// - services.booking_slot_minutes / booking_capacity: 15 / 0 (0 = not bookable).

export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = (c: ColumnDefinitionBuilder) => (isPostgres ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement());

  await db.schema
    .createTable('appointments')
    .addColumn('id', 'integer', id)
    .addColumn('public_id', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('code', 'varchar(6)', (c) => c.notNull().unique())
    .addColumn('center_id', 'varchar(32)', (c) => c.notNull().references('centers.id'))
    .addColumn('service_id', 'integer', (c) => c.notNull().references('services.id'))
    .addColumn('start_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('end_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('local_day', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(12)', (c) => c.notNull())
    .addColumn('phone', 'varchar(32)')
    .addColumn('language', 'varchar(8)', (c) => c.notNull())
    .addColumn('ticket_id', 'integer', (c) => c.references('tickets.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('checked_in_at', 'varchar(30)')
    .addColumn('cancelled_at', 'varchar(30)')
    .execute();
  await db.schema.createIndex('appointments_slot_idx').on('appointments').columns(['service_id', 'start_at']).execute();
  await db.schema.createIndex('appointments_phone_day_idx').on('appointments').columns(['center_id', 'local_day', 'phone']).execute();
  await db.schema.createIndex('appointments_booked_idx').on('appointments').columns(['start_at', 'id']).where(sql.ref('status'), '=', 'booked').execute();

  await db.schema
    .createTable('appointment_slots')
    .addColumn('service_id', 'integer', (c) => c.notNull().references('services.id'))
    .addColumn('start_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('booked', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('appointment_slots_pk', ['service_id', 'start_at'])
    .execute();

  await db.schema.alterTable('tickets').addColumn('arrived', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('tickets').addColumn('arrival_due_at', 'varchar(30)').execute();
  await db.schema.createIndex('tickets_not_arrived_idx').on('tickets').columns(['center_id', 'service_id', 'id']).where(sql.ref('arrived'), '=', 0).execute();
  await db.schema.alterTable('centers').addColumn('booking', 'text').execute();
  await db.schema.alterTable('centers').addColumn('remote_join', 'text').execute();
  await db.schema.alterTable('services').addColumn('booking_slot_minutes', 'integer', (c) => c.notNull().defaultTo(15)).execute();
  await db.schema.alterTable('services').addColumn('booking_capacity', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('services').dropColumn('booking_capacity').execute();
  await db.schema.alterTable('services').dropColumn('booking_slot_minutes').execute();
  await db.schema.alterTable('centers').dropColumn('remote_join').execute();
  await db.schema.alterTable('centers').dropColumn('booking').execute();
  await db.schema.dropIndex('tickets_not_arrived_idx').execute();
  await db.schema.alterTable('tickets').dropColumn('arrival_due_at').execute();
  await db.schema.alterTable('tickets').dropColumn('arrived').execute();
  await db.schema.dropTable('appointment_slots').execute();
  await db.schema.dropTable('appointments').execute();
}
