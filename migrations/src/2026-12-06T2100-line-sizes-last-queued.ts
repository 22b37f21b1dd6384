import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here. Both dialects. Each line's row (`line_sizes`) also keeps the
// latest queue time of the tickets that joined it. Issuing counts a new ticket's place as its line's size less the
// tickets of its class queued after it: a range that is empty unless another instance's request, or a clock set back,
// queued one later. The count of that range cost PostgreSQL ~12 % of its CPU an issue (it descends the line's index
// where the inserts are: docs/PERFORMANCE.md, fortieth session); with the latest time kept, the range is read only
// when that time is later than the new ticket's. A ticket's queue time only moves when it joins a line (the triggers
// below) or goes to the front (a class of its own, never counted in that range), so the kept time is never too early.

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

const inLine = (row: string) => `${row}.status = 'waiting' and ${row}.transfer_counter_id is null`;
const lineColumns = 'status, transfer_counter_id, service_id, center_id';
const latestOfLine = `update line_sizes set last_queued_at = (select max(queued_at) from tickets
  where tickets.center_id = line_sizes.center_id and tickets.service_id = line_sizes.service_id and ${inLine('tickets')})`;

/** SQLite's join of a line, before and after (migration 2026-12-03T1200-line-sizes). */
const sqliteJoin = (withTime: boolean) =>
  withTime
    ? `insert into line_sizes (center_id, service_id, waiting, last_queued_at) values (new.center_id, new.service_id, 1, new.queued_at)
  on conflict (center_id, service_id) do update set waiting = waiting + 1, last_queued_at = max(coalesce(last_queued_at, ''), excluded.last_queued_at)`
    : `insert into line_sizes (center_id, service_id, waiting) values (new.center_id, new.service_id, 1)
  on conflict (center_id, service_id) do update set waiting = waiting + 1`;
const sqliteJoinTriggers = (withTime: boolean): [string, string][] => [
  ['insert', `create trigger line_sizes_insert after insert on tickets for each row when ${inLine('new')} begin ${sqliteJoin(withTime)}; end`],
  ['update_join', `create trigger line_sizes_update_join after update of ${lineColumns} on tickets for each row when ${inLine('new')} begin ${sqliteJoin(withTime)}; end`],
];

/** PostgreSQL's join of a line, before and after (migration 2026-12-05T1700-line-sizes-on-postgres). */
const postgresJoin = (withTime: boolean) => `create or replace function line_sizes_join() returns trigger language plpgsql as $$
    begin
      ${
        withTime
          ? `insert into line_sizes (center_id, service_id, waiting, last_queued_at) values (new.center_id, new.service_id, 1, new.queued_at)
        on conflict (center_id, service_id) do update set waiting = line_sizes.waiting + 1, last_queued_at = greatest(line_sizes.last_queued_at, excluded.last_queued_at);`
          : `insert into line_sizes (center_id, service_id, waiting) values (new.center_id, new.service_id, 1)
        on conflict (center_id, service_id) do update set waiting = line_sizes.waiting + 1;`
      }
      return null;
    end $$`;

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`alter table line_sizes add column last_queued_at varchar(30)`.execute(db);
    // No ticket joins a line meanwhile: the times read below stay the latest until the new function keeps them.
    await sql`lock table tickets in share mode`.execute(db);
    await sql.raw(postgresJoin(true)).execute(db);
  } else {
    await sql`alter table line_sizes add column last_queued_at text`.execute(db);
    for (const [name, create] of sqliteJoinTriggers(true)) {
      await sql.raw(`drop trigger line_sizes_${name}`).execute(db);
      await sql.raw(create).execute(db);
    }
  }
  await sql.raw(latestOfLine).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql.raw(postgresJoin(false)).execute(db);
  } else {
    for (const [name, create] of sqliteJoinTriggers(false)) {
      await sql.raw(`drop trigger line_sizes_${name}`).execute(db);
      await sql.raw(create).execute(db);
    }
  }
  await sql`alter table line_sizes drop column last_queued_at`.execute(db);
}
