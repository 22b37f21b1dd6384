import type { Generated, Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../server/src/db/database';
import { migrateToLatest } from '../../server/src/db/migrate';
import { planColumns } from '../../server/src/db/plan-values';
import { erasePhonesEndedBefore, nearCandidatesQuery } from '../../server/src/db/messages.repository';
import { firstOutboxEventSince, markOutboxEventsFannedOut, purgeDeliveredOutboxEvents, takeUnfannedOutboxEvents } from '../../server/src/db/outbox.repository';
import { expireWaitingBefore, listRecentCalls, listTicketEvents } from '../../server/src/db/tickets.repository';
import { listBookedStartedBefore } from '../../server/src/db/appointments.repository';
import { purgeIdempotencyKeys } from '../../server/src/db/idempotency.repository';
import { planOf, watchPrepared } from '../support/sqlite-plan';

// SQLite only: how Kysely's statements run on better-sqlite3 (server/src/db/sqlite-statements.ts).
let handle: DatabaseHandle | undefined;
afterEach(async () => {
  await handle?.close();
  handle = undefined;
});

async function migrated() {
  handle = openDatabase({ url: ':memory:' });
  const { texts: prepared } = watchPrepared(handle.sqlite!);
  await migrateToLatest(handle.db);
  return { db: handle.db, sqlite: handle.sqlite!, prepared };
}

describe('statements on SQLite', () => {
  it('knows every column a partial index compares with a value', async () => {
    const { sqlite } = await migrated();
    const conditions = (sqlite.prepare(`select sql from sqlite_master where type = 'index' and sql like '% where %'`).all() as { sql: string }[]).map((r) =>
      r.sql.slice(r.sql.toLowerCase().lastIndexOf(' where ')),
    );
    expect(conditions.length).toBeGreaterThan(5);
    const compared = new Set(conditions.flatMap((c) => [...c.matchAll(/"?(\w+)"?\s*(?:=|<>|!=|\bin\b)\s*[('\d]/gi)].map((m) => m[1]!)));
    expect([...compared].sort()).toEqual([...compared].filter((c) => (planColumns as readonly string[]).includes(c)).sort());
    expect(compared.has('status')).toBe(true);
  });

  it('finds who can be told "your turn is near" from the partial index of reachable tickets, not the line', async () => {
    const { db, sqlite } = await migrated();
    const query = nearCandidatesQuery(db, 'c').compile();
    expect(planOf(sqlite, query.sql, query.parameters)).toMatch(/SEARCH t USING (COVERING )?INDEX tickets_waiting_reachable_idx/);
  });

  // Migration 2026-12-03T1500-fewer-ticket-index-entries: a waiting ticket writes no entry that no query looks up.
  it('reads the recent calls newest first from the index of called tickets, which a waiting ticket does not enter', async () => {
    const { db, sqlite, prepared } = await migrated();
    await listRecentCalls(db, 'c', '2026-12-03T00:00:00.000Z', [1, 2], 10);
    const text = prepared.filter((t) => t.includes('"called_at" >= ?')).at(-1)!;
    const plan = planOf(sqlite, text);
    expect(plan).toMatch(/SEARCH tickets USING INDEX tickets_center_called_idx \(center_id=\? AND called_at>\?\)/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
    const indexes = new Map((sqlite.prepare(`select name, sql from sqlite_master where type = 'index' and tbl_name = 'tickets'`).all() as { name: string; sql: string | null }[]).map((r) => [r.name, r.sql ?? '']));
    expect(indexes.get('tickets_center_called_idx')).toMatch(/where "called_at" is not null$/);
    expect(indexes.get('tickets_counter_called_idx')).toMatch(/where "counter_id" is not null$/);
    expect(indexes.has('tickets_center_day_idx')).toBe(false);
    expect(indexes.has('tickets_center_day_code_uq')).toBe(true);
  });

  // Migration 2026-12-05T0200-unread-audit-index: an audit row enters the one index its reads use.
  it('reads a ticket\'s audit trail by its index, the only one an audit row enters', async () => {
    const { db, sqlite, prepared } = await migrated();
    await listTicketEvents(db, 1);
    const text = prepared.filter((t) => t.includes('from "ticket_events"')).at(-1)!;
    expect(planOf(sqlite, text)).toMatch(/SEARCH ticket_events USING INDEX ticket_events_ticket_idx \(ticket_id=\?\)/);
    const indexes = (sqlite.prepare(`select name from sqlite_master where type = 'index' and tbl_name = 'ticket_events'`).all() as { name: string }[]).map((r) => r.name);
    expect(indexes).toEqual(['ticket_events_ticket_idx']);
  });

  // Migration 2026-12-05T0300-outbox-without-time-index: the retention purge walks the primary key, up to the first young event.
  it('purges old outbox events by walking the primary key from the oldest, with no index of times', async () => {
    const { db, sqlite, prepared } = await migrated();
    await firstOutboxEventSince(db, '2026-11-01T00:00:00.000Z');
    await purgeDeliveredOutboxEvents(db, '2026-11-01T00:00:00.000Z', 500, 7);
    const first = prepared.filter((t) => t.startsWith('select "id" from "outbox_events"')).at(-1)!;
    // In id order as the table is stored: no sort, so the walk stops at the first young event.
    expect(planOf(sqlite, first)).toBe('SCAN outbox_events');
    const purge = prepared.filter((t) => t.startsWith('delete from "outbox_events"')).at(-1)!;
    expect(planOf(sqlite, purge)).toMatch(/SEARCH e USING INTEGER PRIMARY KEY \(rowid<\?\)/);
    const indexes = (sqlite.prepare(`select name from sqlite_master where type = 'index' and tbl_name = 'outbox_events'`).all() as { name: string }[]).map((r) => r.name);
    expect(indexes).toEqual([]);
  });

  // Migration 2026-12-05T1200-outbox-cursor: a pass takes the events after one number and moves it; no row is marked.
  it('takes the events not fanned out by walking the primary key from the cursor, and marks them by moving it', async () => {
    const { db, sqlite, prepared } = await migrated();
    await db.insertInto('outbox_events').values([1, 2, 3, 4].map((i) => ({ type: 'ticket.issued', center_id: 'c', ticket_id: i, data: '{}', occurred_at: '2026-12-05T00:00:00Z' }))).execute();
    const taken = await db.transaction().execute(async (trx) => {
      const events = await takeUnfannedOutboxEvents(trx, 3);
      await markOutboxEventsFannedOut(trx, events.map((e) => e.id));
      return events.map((e) => e.ticket_id);
    });
    expect(taken).toEqual([1, 2, 3]);
    expect(await db.transaction().execute((trx) => takeUnfannedOutboxEvents(trx, 3))).toMatchObject([{ ticket_id: 4 }]);
    const take = prepared.filter((t) => t.startsWith('select * from "outbox_events"')).at(-1)!;
    expect(planOf(sqlite, take)).toMatch(/^SEARCH outbox_events USING INTEGER PRIMARY KEY \(rowid>\?\)\nSCALAR SUBQUERY 1\nSCAN outbox_cursor$/);
    expect(sqlite.prepare('select fanned_up_to from outbox_cursor').pluck().get()).toBe(3);
    // No event's row was written again: every flag is still as inserted.
    expect(sqlite.prepare('select count(*) from outbox_events where fanned_out <> 0').pluck().get()).toBe(0);
    // The cursor never moves back.
    await markOutboxEventsFannedOut(db, [2]);
    expect(sqlite.prepare('select fanned_up_to from outbox_cursor').pluck().get()).toBe(3);
  });

  // Migration 2026-12-05T0500-idempotency-keys-by-rowid: an issue writes no entry to an index of times.
  it('purges old idempotency keys by walking the rowid from the oldest, with no index of times', async () => {
    const { db, sqlite, prepared } = await migrated();
    await db.insertInto('idempotency_keys').values({ scope: 's', key: 'k', request_hash: 'h', status_code: 201, response: '{}', created_at: '2026-12-05T00:00:00.000Z' }).execute();
    await purgeIdempotencyKeys(db, '2026-12-04T00:00:00.000Z');
    const first = prepared.filter((t) => t.startsWith('select rowid from idempotency_keys')).at(-1)!;
    // In rowid order as the table is stored: no sort, so the walk stops at the first young key.
    expect(planOf(sqlite, first)).toBe('SCAN idempotency_keys');
    const purge = prepared.filter((t) => t.startsWith('delete from idempotency_keys') && t.includes('rowid <')).at(-1)!;
    expect(planOf(sqlite, purge)).toMatch(/^SEARCH idempotency_keys USING INTEGER PRIMARY KEY \(rowid<\?\)$/);
    const indexes = (sqlite.prepare(`select name from sqlite_master where type = 'index' and tbl_name = 'idempotency_keys'`).all() as { name: string }[]).map((r) => r.name);
    expect(indexes).toEqual(['sqlite_autoindex_idempotency_keys_1']);
  });

  // Migration 2026-12-05T0400-tickets-holding-phones and the index hints of the minute jobs: each reads what it may
  // change (today's waiting tickets, booked appointments, tickets still holding a number), never a centre's history.
  it('runs the minute jobs over what they may change, not over every past day', async () => {
    const { db, sqlite, prepared } = await migrated();
    const planned = (prefix: string) => planOf(sqlite, prepared.filter((t) => t.startsWith(prefix)).at(-1)!);
    await expireWaitingBefore(db, 'c', '2026-12-05', '2026-12-05T00:00:00.000Z');
    expect(planned('select * from "tickets" as "waiting_line"')).toMatch(/^SEARCH waiting_line USING INDEX tickets_line_idx \(center_id=\?\)$/);
    await listBookedStartedBefore(db, 'c', '2026-12-05T00:00:00.000Z', 200);
    expect(planned('select * from "appointments" as "booked"')).toMatch(/^SEARCH booked USING INDEX appointments_booked_idx \(start_at<\?\)$/);
    await erasePhonesEndedBefore(db, '2026-11-05T00:00:00.000Z');
    expect(planned('delete from "push_subscriptions"')).toMatch(/^SCAN push_subscriptions\nCORRELATED SCALAR SUBQUERY 1\nSEARCH tickets USING INTEGER PRIMARY KEY \(rowid=\?\)$/);
    expect(planned('update "tickets" set "phone"')).toMatch(/^SEARCH tickets USING INDEX tickets_phone_kept_idx \(finished_at<\?\)$/);
  });

  it('runs a condition on a plan column and a limit with their values written in, answering as bound', async () => {
    const { db, sqlite, prepared } = await migrated();
    // A table of its own with a plan column (`status`), so the test does not depend on which tables have one.
    sqlite.exec('create table plan_probe (id integer primary key, status text not null)');
    const probe = db as unknown as Kysely<{ plan_probe: { id: Generated<number>; status: string } }>;
    await probe.insertInto('plan_probe').values(['waiting', 'waiting', 'done'].map((status) => ({ status }))).execute();
    const waiting = () => probe.selectFrom('plan_probe').select('id').where('status', '=', 'waiting').orderBy('id').limit(1).execute();
    expect(await waiting()).toEqual([{ id: 1 }]);
    expect(await waiting()).toEqual([{ id: 1 }]);
    const written = prepared.filter((t) => t.includes('"plan_probe"') && t.includes('limit'));
    expect(written).toContain(`select "id" from "plan_probe" where "status" = 'waiting' order by "id" limit 1`);
    // Prepared once: the second run reuses it.
    expect(written.filter((t) => t.endsWith('limit 1'))).toHaveLength(1);
    // A value that cannot be written stays bound, and a hostile one is only a string.
    expect(await probe.selectFrom('plan_probe').select('id').where('id', '>', 0).where('status', '=', "waiting' or 1=1 --").execute()).toEqual([]);
    expect(await probe.selectFrom('plan_probe').select('id').where('status', '=', 'a\u0000b').execute()).toEqual([]);
  });
});
