import { sql, SqliteAdapter, type Kysely } from 'kysely';

// Frozen in time: never import application code here. SQLite only (on PostgreSQL it does nothing).
// How many tickets wait in each line (a centre's service: waiting, not sent to a counter), kept by triggers in the
// transaction that changes a ticket. Issuing tells a new ticket its position: all of its line ahead of it but the
// few of its class queued after it. SQLite counted the line at every issue, an index range of the whole line
// (~45 ns a ticket: figure 1's costliest statement, docs/PERFORMANCE.md, sixteenth session); it reads this row now.
// On PostgreSQL one row per line raised by every issue and call would serialize them across instances; there the
// count stays (its number row already orders a service's issues).

const inLine = (row: 'new' | 'old') => `${row}.status = 'waiting' and ${row}.transfer_counter_id is null`;
const join = `insert into line_sizes (center_id, service_id, waiting) values (new.center_id, new.service_id, 1)
  on conflict (center_id, service_id) do update set waiting = waiting + 1`;
const leave = 'update line_sizes set waiting = waiting - 1 where center_id = old.center_id and service_id = old.service_id';
const lineColumns = 'status, transfer_counter_id, service_id, center_id';

const triggers: [name: string, on: string, when: string, body: string][] = [
  ['insert', 'after insert on tickets', inLine('new'), join],
  ['delete', 'after delete on tickets', inLine('old'), leave],
  // An update naming a line's columns leaves the old line (if it was in one) and joins the new (if it is in one).
  ['update_leave', `after update of ${lineColumns} on tickets`, inLine('old'), leave],
  ['update_join', `after update of ${lineColumns} on tickets`, inLine('new'), join],
];

const isSqlite = (db: Kysely<any>) => db.getExecutor().adapter instanceof SqliteAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  if (!isSqlite(db)) return;
  await sql`create table line_sizes (center_id text not null, service_id integer not null, waiting integer not null, primary key (center_id, service_id)) without rowid`.execute(db);
  await sql`insert into line_sizes (center_id, service_id, waiting)
    select center_id, service_id, count(*) from tickets where status = 'waiting' and transfer_counter_id is null group by center_id, service_id`.execute(db);
  for (const [name, on, when, body] of triggers) {
    await sql.raw(`create trigger line_sizes_${name} ${on} for each row when ${when} begin ${body}; end`).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isSqlite(db)) return;
  for (const [name] of triggers) await sql.raw(`drop trigger line_sizes_${name}`).execute(db);
  await sql`drop table line_sizes`.execute(db);
}
