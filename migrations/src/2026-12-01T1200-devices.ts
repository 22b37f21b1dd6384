import type { Kysely } from 'kysely';

// Frozen in time: never import application code here. Dialect-neutral (SQLite and PostgreSQL).
// - devices: kiosks, displays and counter PCs as their last heartbeat described them (one row per device of a
//   centre, written over and over); screen as "WIDTHxHEIGHT", sound 0/1/null, printer ok/failed/unknown/null.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('devices')
    .addColumn('center_id', 'varchar(32)', (c) => c.notNull().references('centers.id').onDelete('cascade'))
    .addColumn('device_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('label', 'varchar(80)')
    .addColumn('app_version', 'varchar(40)', (c) => c.notNull())
    .addColumn('screen', 'varchar(20)', (c) => c.notNull())
    .addColumn('sound', 'integer')
    .addColumn('printer', 'varchar(12)')
    .addColumn('first_seen_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('last_seen_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('devices_pk', ['center_id', 'device_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('devices').execute();
}
