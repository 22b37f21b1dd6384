import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here. PostgreSQL only (SQLite has kept `line_sizes` since migration
// 2026-12-03T1200-line-sizes). How many tickets wait in each line (a centre's service: waiting, not sent to a
// counter), kept by triggers in the transaction that changes a ticket, as on SQLite: issuing read the count of the
// whole line on PostgreSQL, an index range whose every entry is checked against its row (the rows are new, so not
// all-visible): ~0.75 µs a waiting ticket, the costliest statement of an issue beside the ticket's insert
// (docs/PERFORMANCE.md, thirty-first session). It reads one row now.
//
// Locks: a line's row is written by the statement that moves a ticket into or out of the line, and every such
// command has already taken its centre's row (`bumpDisplaySeq`: counter commands, cancels and the day's end first,
// issuing after its number), so the commands of a centre reach its lines' rows one at a time, in the order they took
// the centre: the rows add no wait and no lock cycle.

const inLine = (row: 'new' | 'old') => `${row}.status = 'waiting' and ${row}.transfer_counter_id is null`;
const sameLine = 'new.center_id = old.center_id and new.service_id = old.service_id';
const lineColumns = 'status, transfer_counter_id, service_id, center_id';

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`create table line_sizes (center_id varchar(32) not null, service_id integer not null, waiting integer not null, primary key (center_id, service_id))`.execute(db);
  // Counted while no ticket can change (the triggers below start with the next command).
  await sql`lock table tickets in share mode`.execute(db);
  await sql`insert into line_sizes (center_id, service_id, waiting)
    select center_id, service_id, count(*) from tickets where status = 'waiting' and transfer_counter_id is null group by center_id, service_id`.execute(db);
  await sql.raw(`create function line_sizes_join() returns trigger language plpgsql as $$
    begin
      insert into line_sizes (center_id, service_id, waiting) values (new.center_id, new.service_id, 1)
        on conflict (center_id, service_id) do update set waiting = line_sizes.waiting + 1;
      return null;
    end $$`).execute(db);
  await sql.raw(`create function line_sizes_leave() returns trigger language plpgsql as $$
    begin
      update line_sizes set waiting = waiting - 1 where center_id = old.center_id and service_id = old.service_id;
      return null;
    end $$`).execute(db);
  const triggers: [name: string, on: string, when: string, fn: string][] = [
    ['insert', 'after insert', inLine('new'), 'line_sizes_join'],
    ['delete', 'after delete', inLine('old'), 'line_sizes_leave'],
    // An update naming a line's columns leaves the old line and joins the new one, unless it stays in the same line.
    ['update_leave', `after update of ${lineColumns}`, `${inLine('old')} and not (${inLine('new')} and ${sameLine})`, 'line_sizes_leave'],
    ['update_join', `after update of ${lineColumns}`, `${inLine('new')} and not (${inLine('old')} and ${sameLine})`, 'line_sizes_join'],
  ];
  for (const [name, on, when, fn] of triggers) {
    await sql.raw(`create trigger line_sizes_${name} ${on} on tickets for each row when (${when}) execute function ${fn}()`).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  for (const name of ['insert', 'delete', 'update_leave', 'update_join']) await sql.raw(`drop trigger line_sizes_${name} on tickets`).execute(db);
  await sql`drop function line_sizes_join()`.execute(db);
  await sql`drop function line_sizes_leave()`.execute(db);
  await sql`drop table line_sizes`.execute(db);
}
