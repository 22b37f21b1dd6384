import { sql, SqliteAdapter, type Kysely } from 'kysely';

// Frozen in time: never import application code here. SQLite only (on PostgreSQL it does nothing).
// What the wait estimators read of a hall at every issue (the recent calls, the counters holding a ticket, the
// latest service times, the counters and what they serve) changes only when tickets are called, served or
// dropped, or counters and their services change; issuing does none of that. `flow_version` is one number that
// triggers raise on every such write, so the server can keep those reads while it stays the same
// (server/src/services/views/estimate.view.ts). A ticket inserted waiting, as every issued ticket is, is not
// such a write. On PostgreSQL one row raised by every instance's writes would serialize them all; there the
// reads are made each time, in one round trip.

const bump = 'update flow_version set version = version + 1';

const triggers: [name: string, on: string, when?: string][] = [
  ['tickets_update', 'after update on tickets'],
  ['tickets_delete', 'after delete on tickets'],
  ['tickets_insert', 'after insert on tickets', "new.status <> 'waiting' or new.called_at is not null or new.counter_id is not null"],
  ['counters_insert', 'after insert on counters'],
  ['counters_update', 'after update on counters'],
  ['counters_delete', 'after delete on counters'],
  ['counter_services_insert', 'after insert on counter_services'],
  ['counter_services_update', 'after update on counter_services'],
  ['counter_services_delete', 'after delete on counter_services'],
];

const isSqlite = (db: Kysely<any>) => db.getExecutor().adapter instanceof SqliteAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  if (!isSqlite(db)) return;
  await sql`create table flow_version (id integer primary key check (id = 1), version integer not null)`.execute(db);
  await sql`insert into flow_version (id, version) values (1, 0)`.execute(db);
  for (const [name, on, when] of triggers) {
    await sql.raw(`create trigger flow_version_${name} ${on} for each row${when ? ` when ${when}` : ''} begin ${bump}; end`).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isSqlite(db)) return;
  for (const [name] of triggers) await sql.raw(`drop trigger flow_version_${name}`).execute(db);
  await sql`drop table flow_version`.execute(db);
}
