import fc from 'fast-check';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../server/src/db/database';
import { migrateToLatest } from '../../server/src/db/migrate';
import { lineSizes } from '../support/line-sizes';
import { createPgDatabase, onPostgres, type TestPgDatabase } from '../support/pg';

// The size of each line kept by triggers, which issuing reads instead of counting the line: on SQLite (migration
// 2026-12-03T1200-line-sizes, the `integration` project) and on PostgreSQL (2026-12-05T1700-line-sizes-on-postgres,
// the `integration-pg` project); and its latest queue time (2026-12-06T2100-line-sizes-last-queued), never earlier
// than a waiting ticket's.
let handle: DatabaseHandle | undefined;
let database: TestPgDatabase | undefined;
afterEach(async () => {
  await handle?.close();
  await database?.drop();
  handle = undefined;
  database = undefined;
});

const engine = onPostgres ? 'PostgreSQL' : 'SQLite';
const lineSizesMigration = onPostgres ? '2026-12-05T1700-line-sizes-on-postgres' : '2026-12-03T1200-line-sizes';

/** An empty database of the project's engine. */
async function open(): Promise<DatabaseHandle> {
  if (!onPostgres) return openDatabase({ url: ':memory:' });
  database = await createPgDatabase('lines');
  return openDatabase({ url: database.url });
}

/** Tickets of made-up centres, services and counters: the foreign keys are not what these tests are about. */
async function withoutForeignKeys(db: DatabaseHandle['db']): Promise<void> {
  if (!onPostgres) {
    await sql`pragma foreign_keys = off`.execute(db);
    return;
  }
  const keys = await sql<{ name: string }>`select conname as name from pg_constraint where conrelid = 'tickets'::regclass and contype = 'f'`.execute(db);
  for (const { name } of keys.rows) await sql`alter table tickets drop constraint ${sql.id(name)}`.execute(db);
}

const statuses = ['waiting', 'waiting', 'called', 'serving', 'done', 'cancelled'] as const;
const step = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    center: fc.constantFrom('a', 'b'),
    service: fc.integer({ min: 1, max: 3 }),
    status: fc.constantFrom(...statuses),
    sent: fc.boolean(),
    // Any order of queue times: a clock set back, another instance's request.
    queuedAt: fc.integer({ min: 10, max: 59 }).map((m) => `2026-12-03T05:${m}:00.000Z`),
  }),
  fc.record({
    kind: fc.constant('update' as const),
    pick: fc.nat(),
    status: fc.option(fc.constantFrom(...statuses)),
    sent: fc.option(fc.boolean()),
    service: fc.option(fc.integer({ min: 1, max: 3 })),
    center: fc.option(fc.constantFrom('a', 'b')),
  }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
);

describe(`line sizes on ${engine}`, () => {
  it('equal the count of each line after any inserts, updates (status, counter sent to, service, centre) and deletes', async () => {
    handle = await open();
    await migrateToLatest(handle.db);
    const db = handle.db;
    await withoutForeignKeys(db);
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), async (steps) => {
        await sql`delete from tickets`.execute(db);
        for (const s of steps) {
          const ids = (await sql<{ id: number }>`select id from tickets order by id`.execute(db)).rows.map((r) => r.id);
          if (s.kind === 'insert') {
            n++;
            await sql`insert into tickets (public_id, center_id, service_id, service_day, number, code, status, priority, channel, language, issued_at, queued_at, transfer_counter_id, recall_count)
              values (${`ls${n}`}, ${s.center}, ${s.service}, '2026-12-03', ${n}, ${`L${n}`}, ${s.status}, 'none', 'kiosk', 'en', '2026-12-03T05:00:00.000Z', ${s.queuedAt}, ${s.sent ? 7 : null}, 0)`.execute(db);
          } else if (ids.length > 0 && s.kind === 'update') {
            const set = [
              ...(s.status === null ? [] : [sql`status = ${s.status}`]),
              ...(s.sent === null ? [] : [sql`transfer_counter_id = ${s.sent ? 7 : null}`]),
              ...(s.service === null ? [] : [sql`service_id = ${s.service}`]),
              ...(s.center === null ? [] : [sql`center_id = ${s.center}`]),
            ];
            // An update naming none of them (a waiting ticket's hold, say) leaves the sizes as they are.
            const changes = set.length > 0 ? sql.join(set, sql`, `) : sql`hold_until = '2026-12-03T06:00:00.000Z'`;
            await sql`update tickets set ${changes} where id = ${ids[s.pick % ids.length]!}`.execute(db);
          } else if (ids.length > 0 && s.kind === 'delete') {
            await sql`delete from tickets where id = ${ids[s.pick % ids.length]!}`.execute(db);
          }
          const { kept, counted, queuedAfterKept } = await lineSizes(db);
          expect(kept).toEqual(counted);
          expect(queuedAfterKept).toEqual([]);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('start from the tickets already waiting when the migration runs', async () => {
    handle = await open();
    const { migrations } = await import('../../migrations/src/index');
    const names = Object.keys(migrations);
    const before = names.slice(0, names.indexOf(lineSizesMigration));
    const { Migrator } = await import('kysely');
    const upTo = new Migrator({ db: handle.db, provider: { getMigrations: async () => Object.fromEntries(before.map((k) => [k, migrations[k]!])) } });
    expect((await upTo.migrateToLatest()).error).toBeUndefined();
    await withoutForeignKeys(handle.db);
    for (const [i, [status, sent]] of ([['waiting', false], ['waiting', false], ['waiting', true], ['called', false]] as const).entries()) {
      await sql`insert into tickets (public_id, center_id, service_id, service_day, number, code, status, priority, channel, language, issued_at, queued_at, transfer_counter_id, recall_count)
        values (${`old${i}`}, 'a', 1, '2026-12-03', ${i + 1}, ${`O${i}`}, ${status}, 'none', 'kiosk', 'en', '2026-12-03T05:00:00.000Z', '2026-12-03T05:00:00.000Z', ${sent ? 7 : null}, 0)`.execute(handle.db);
    }
    await migrateToLatest(handle.db);
    const { kept, counted, queuedAfterKept } = await lineSizes(handle.db);
    expect(kept).toEqual({ 'a/1': 2 });
    expect(kept).toEqual(counted);
    expect(queuedAfterKept).toEqual([]);
  });
});
