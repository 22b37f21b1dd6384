import { Migrator } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrationProvider } from '@navbat/migrations';
import { openDatabase, type DatabaseHandle } from '../../server/src/db/database';
import { createPgDatabase, onPostgres, type TestPgDatabase } from '../support/pg';
import { fannedOutStates } from '../support/outbox';
import { markOutboxEventsFannedOut } from '../../server/src/db/outbox.repository';

// Runs on SQLite here and on PostgreSQL in the `integration-pg` project.
let handle: DatabaseHandle | undefined;
let pg: TestPgDatabase | null = null;
afterEach(async () => {
  await handle?.close();
  await pg?.drop();
  handle = undefined;
  pg = null;
});

/** An empty database of this run's engine, and a migrator over it. */
async function freshDatabase() {
  pg = onPostgres ? await createPgDatabase('migrations') : null;
  handle = openDatabase({ url: pg?.url ?? ':memory:' });
  return { db: handle.db, migrator: new Migrator({ db: handle.db, provider: migrationProvider }) };
}

describe('migration 2026-11-24T1900-ticket-durations', () => {
  it('fills in wait and service milliseconds of tickets written before it', async () => {
    const { db, migrator } = await freshDatabase();
    expect((await migrator.migrateTo('2026-11-24T0900-initial')).error).toBeUndefined();

    await db.insertInto('centers').values({ id: 'c-1', name: '{}', timezone: 'Asia/Karachi', priority_categories: '[]', created_at: '2026-11-24T04:00:00.000Z' } as never).execute();
    const service = await db.insertInto('services').values({ center_id: 'c-1', prefix: 'A', name: '{}' } as never).returning('id').executeTakeFirstOrThrow();
    const ticket = (n: number, status: string, times: Partial<Record<'first_called_at' | 'started_at' | 'finished_at', string>>) => ({
      public_id: `pub-${n}`,
      center_id: 'c-1',
      service_id: service.id,
      service_day: '2026-11-24',
      number: n,
      code: `A00${n}`,
      status,
      priority: 'none',
      channel: 'kiosk',
      language: 'en',
      issued_at: '2026-11-24T05:00:00.000Z',
      queued_at: '2026-11-24T05:00:00.000Z',
      called_at: times.first_called_at ?? null,
      recall_count: 0,
      ...times,
    });
    await db
      .insertInto('tickets')
      .values([
        ticket(1, 'done', { first_called_at: '2026-11-24T05:05:00.250Z', started_at: '2026-11-24T05:06:00.000Z', finished_at: '2026-11-24T05:16:30.125Z' }),
        ticket(2, 'no_show', { first_called_at: '2026-11-24T05:16:00.000Z', finished_at: '2026-11-24T05:20:00.000Z' }),
        ticket(3, 'waiting', {}),
      ] as never)
      .execute();

    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    const rows = await db.selectFrom('tickets').select(['number', 'wait_ms', 'service_ms']).orderBy('number').execute();
    expect(rows.map((r) => [r.number, r.wait_ms === null ? null : Number(r.wait_ms), r.service_ms === null ? null : Number(r.service_ms)])).toEqual([
      [1, 300_250, 630_125],
      [2, 960_000, null],
      [3, null, null],
    ]);
    // And back down.
    expect((await migrator.migrateTo('2026-11-24T0900-initial')).error).toBeUndefined();
    const columns = (await db.introspection.getTables()).find((t) => t.name === 'tickets')!.columns.map((c) => c.name);
    expect(columns).not.toContain('wait_ms');
  });
});

describe('migration 2026-12-05T1200-outbox-cursor', () => {
  it('keeps which events were fanned out, up and down (SQLite: the cursor; PostgreSQL: the flags, untouched)', async () => {
    const { db, migrator } = await freshDatabase();
    const before = '2026-12-05T0500-idempotency-keys-by-rowid';
    expect((await migrator.migrateTo(before)).error).toBeUndefined();
    const event = (i: number, fanned: number) => ({ type: 'ticket.issued', center_id: 'c-1', ticket_id: i, data: '{}', occurred_at: '2026-12-05T05:00:00.000Z', fanned_out: fanned });
    await db.insertInto('outbox_events').values([event(1, 1), event(2, 1), event(3, 1), event(4, 0), event(5, 0)]).execute();

    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    expect(await fannedOutStates(db)).toEqual([1, 1, 1, 0, 0]);
    const ids = (await db.selectFrom('outbox_events').select('id').orderBy('id').execute()).map((r) => r.id);
    await markOutboxEventsFannedOut(db, ids.slice(0, 4));

    expect((await migrator.migrateTo(before)).error).toBeUndefined();
    const flags = async () => (await db.selectFrom('outbox_events').select('fanned_out').orderBy('id').execute()).map((r) => Number(r.fanned_out));
    expect(await flags()).toEqual([1, 1, 1, 1, 0]);

    // Every event fanned out: the cursor starts at the last.
    await db.updateTable('outbox_events').set({ fanned_out: 1 }).execute();
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    expect(await fannedOutStates(db)).toEqual([1, 1, 1, 1, 1]);
  });
});
