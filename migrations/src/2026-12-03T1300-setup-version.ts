import { sql, SqliteAdapter, type Kysely } from 'kysely';

// Frozen in time: never import application code here. SQLite only (on PostgreSQL it does nothing: there the
// triggers of 2026-12-03T1000-setup-changes notify the instances instead).
// What issuing reads of a centre's setup before it decides (the centre, the service, the holidays around today)
// changes when an administrator or supervisor changes it, not with the line. `setup_version` is one number that
// triggers raise on every such change, whoever makes it, so the server keeps those reads while it stays the same
// (server/src/db/setup-cache.ts). A centre's display sequence moves with every issue and call and is not setup:
// the centres' update trigger names every other column (a column added to centres later must be added to it; a
// test reads the table's columns and fails otherwise).

const bump = 'update setup_version set version = version + 1';

export const centerColumns = [
  'id',
  'name',
  'timezone',
  'opening_hours',
  'priority_categories',
  'priority_run',
  'ticker_message',
  'pause_alert_minutes',
  'booking',
  'remote_join',
  'created_at',
  'notify_ahead',
  'issuing_stop',
];

const triggers: [name: string, on: string][] = [
  ['centers_insert', 'after insert on centers'],
  ['centers_update', `after update of ${centerColumns.join(', ')} on centers`],
  ['centers_delete', 'after delete on centers'],
  ['services_insert', 'after insert on services'],
  ['services_update', 'after update on services'],
  ['services_delete', 'after delete on services'],
  ['center_holidays_insert', 'after insert on center_holidays'],
  ['center_holidays_update', 'after update on center_holidays'],
  ['center_holidays_delete', 'after delete on center_holidays'],
];

const isSqlite = (db: Kysely<any>) => db.getExecutor().adapter instanceof SqliteAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  if (!isSqlite(db)) return;
  await sql`create table setup_version (id integer primary key check (id = 1), version integer not null)`.execute(db);
  await sql`insert into setup_version (id, version) values (1, 0)`.execute(db);
  for (const [name, on] of triggers) {
    await sql.raw(`create trigger setup_version_${name} ${on} for each row begin ${bump}; end`).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isSqlite(db)) return;
  for (const [name] of triggers) await sql.raw(`drop trigger setup_version_${name}`).execute(db);
  await sql`drop table setup_version`.execute(db);
}
