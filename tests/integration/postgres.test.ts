import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import pg from 'pg';
import { Migrator, NO_MIGRATIONS, sql } from 'kysely';
import { migrationProvider } from '@navbat/migrations';
import { openDatabase } from '../../server/src/db/database';
import { migrateToLatest } from '../../server/src/db/migrate';
import { inTransaction } from '../../server/src/db/transaction';
import { sendCompiledLater, sendOneRowChangeLater } from '../../server/src/db/prepared';
import { createPgDatabase, postgresAvailable, type TestPgDatabase } from '../support/pg';
import { createTestApp, type TestApp } from '../support/test-app';

// Two apps, each with its own connection pool, on one PostgreSQL database: what two server
// instances share. (The whole integration suite also runs on PostgreSQL: project integration-pg.)
const ready = await postgresAvailable();

describe.runIf(ready)('PostgreSQL shared by two app instances', () => {
  let database: TestPgDatabase;
  let one: TestApp;
  let two: TestApp;

  beforeAll(async () => {
    database = await createPgDatabase('shared');
    one = await createTestApp({ databaseUrl: database.url });
    two = await createTestApp({ databaseUrl: database.url, seed: 'none' });
  });

  afterAll(async () => {
    await one?.close();
    await two?.close();
    await database?.drop();
  });

  const issueOn = (t: TestApp, serviceId: number, key?: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/tickets', payload: { serviceId }, headers: key ? { 'idempotency-key': key } : {} });

  it('one Idempotency-Key sent to both instances at once makes one ticket and the same answer everywhere', async () => {
    const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => issueOn(i % 2 ? one : two, 1, 'kiosk-7-retry')));
    expect(answers.map((a) => a.statusCode)).toEqual(answers.map(() => 201));
    const tickets = answers.map((a) => a.json().ticket);
    expect(new Set(tickets.map((t) => t.id)).size).toBe(1);
    expect(new Set(tickets.map((t) => JSON.stringify(t))).size).toBe(1);
    const other = await issueOn(one, 1, 'kiosk-7-retry');
    expect(other.json().ticket.id).toBe(tickets[0].id);
    const reused = await issueOn(two, 2, 'kiosk-7-retry');
    expect(reused.statusCode).toBe(422);
    expect(reused.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('daily numbers stay unique and gapless when both instances issue at once', async () => {
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => issueOn(i % 2 ? one : two, 3)));
    expect(answers.filter((a) => a.statusCode !== 201).map((a) => a.body)).toEqual([]);
    const numbers = answers.map((a) => a.json().ticket.number as number).sort((a, b) => a - b);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
  });

  it('a session made on one instance is valid on the other', async () => {
    const login = await one.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'operator1', password: 'operator1-demo' } });
    const cookie = login.cookies.find((c) => c.name === 'navbat_session')!;
    const me = await two.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: `navbat_session=${cookie.value}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.username).toBe('operator1');
  });
});

describe.runIf(ready)('migrations on PostgreSQL', () => {
  it('run up, down to nothing, and up again on an empty database', async () => {
    const database = await createPgDatabase('migrate');
    const handle = openDatabase({ url: database.url });
    try {
      await migrateToLatest(handle.db);
      const tables = async () =>
        (await handle.db.introspection.getTables()).map((t) => t.name).filter((n) => !n.startsWith('kysely_')).sort();
      expect(await tables()).toContain('tickets');
      const migrator = new Migrator({ db: handle.db, provider: migrationProvider });
      const down = await migrator.migrateTo(NO_MIGRATIONS);
      expect(down.error).toBeUndefined();
      expect(await tables()).toEqual([]);
      await migrateToLatest(handle.db);
      // Identity ids work after a rebuild: two inserts get two ids.
      const at = new Date().toISOString();
      await handle.db.insertInto('centers').values({ id: 'c-1', name: '{}', timezone: 'Asia/Karachi', priority_categories: '[]', created_at: at } as never).execute();
      const ids = [];
      for (const prefix of ['A', 'B']) {
        const row = await handle.db
          .insertInto('services')
          .values({ center_id: 'c-1', prefix, name: '{}' } as never)
          .returning('id')
          .executeTakeFirstOrThrow();
        ids.push(row.id);
      }
      expect(ids[1]).toBe(ids[0]! + 1);
    } finally {
      await handle.close();
      await database.drop();
    }
  });
});

describe.runIf(ready)('PostgreSQL prepared statements', () => {
  let database: TestPgDatabase;
  let handle: ReturnType<typeof openDatabase>;
  beforeAll(async () => {
    database = await createPgDatabase('named');
    handle = openDatabase({ url: database.url, postgresPoolSize: 1 });
  });
  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });

  it('a query with arguments is prepared once per connection, and a schema change under it costs one failure', async () => {
    await sql`create table probe (id integer primary key, a text)`.execute(handle.db);
    await sql`insert into probe values (1, 'x')`.execute(handle.db);
    const read = () => sql<Record<string, unknown>>`select * from probe where id = ${1}`.execute(handle.db);
    expect((await read()).rows).toEqual([{ id: 1, a: 'x' }]);
    const names = await sql<{ name: string }>`select name from pg_prepared_statements where statement like 'select * from probe%'`.execute(handle.db);
    expect(names.rows).toHaveLength(1);
    // Another instance migrates: the prepared `select *` cannot answer the new row type once…
    await sql`alter table probe add column b text`.execute(handle.db);
    await expect(read()).rejects.toMatchObject({ code: '0A000' });
    // …and is prepared afresh at the next attempt.
    expect((await read()).rows).toEqual([{ id: 1, a: 'x', b: null }]);
  });

  it('POSTGRES_PREPARED_STATEMENTS=off prepares nothing (for a pooler that cannot keep statements)', async () => {
    const unprepared = openDatabase({ url: database.url, postgresPoolSize: 1, postgresPreparedStatements: false });
    try {
      expect((await sql<{ id: number }>`select id from probe where id = ${1}`.execute(unprepared.db)).rows).toEqual([{ id: 1 }]);
      expect((await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements`.execute(unprepared.db)).rows).toEqual([{ n: 0 }]);
    } finally {
      await unprepared.close();
    }
  });
});

describe.runIf(ready)('PostgreSQL pipeline mode (server/src/db/pg-pipeline.ts)', () => {
  let database: TestPgDatabase;
  beforeAll(async () => {
    database = await createPgDatabase('pipeline');
    const setup = openDatabase({ url: database.url, postgresPoolSize: 1 });
    await sql`create table probe (id integer primary key, a text)`.execute(setup.db);
    await setup.close();
  });
  afterAll(async () => {
    await database?.drop();
  });

  // The same command on, and with POSTGRES_PIPELINE=off (for a pooler that cannot relay a pipeline): same rows, same errors.
  for (const pipeline of [true, false]) {
    it(`POSTGRES_PIPELINE=${pipeline ? 'on' : 'off'}: writes sent later are stored in order, read back, and a failing one fails its command`, async () => {
      const handle = openDatabase({ url: database.url, postgresPoolSize: 1, postgresPipeline: pipeline });
      const base = pipeline ? 100 : 200;
      const insert = (id: number) => sql`insert into probe values (${id}, ${'p'}) returning id`.compile(handle.db);
      try {
        const read = await inTransaction(handle, async (trx) => {
          const first = await sendCompiledLater(trx, insert(base + 1));
          await sendCompiledLater(trx, insert(base + 2));
          const rows = await sql<{ id: number }>`select id from probe where id > ${base} and id < ${base + 100} order by id`.execute(trx);
          return { rows: rows.rows.map((r) => r.id), first: (await first.result()).rows };
        });
        expect(read).toEqual({ rows: [base + 1, base + 2], first: [{ id: base + 1 }] });
        // The second insert of the same key fails the command at its next statement; nothing of it stays.
        const failed = inTransaction(handle, async (trx) => {
          await sendCompiledLater(trx, insert(base + 3));
          await sendCompiledLater(trx, insert(base + 1));
          await sql`select 1`.execute(trx);
        });
        await expect(failed).rejects.toMatchObject({ code: '23505' });
        const stored = await sql<{ id: number }>`select id from probe where id > ${base} and id < ${base + 100} order by id`.execute(handle.db);
        expect(stored.rows.map((r) => r.id)).toEqual([base + 1, base + 2]);
        // A write that must change one row and changes none fails its command with the caller's error, at commit.
        const update = (id: number) => sql`update probe set a = ${'q'} where id = ${id}`.compile(handle.db);
        const lost = () => Object.assign(new Error('changed meanwhile'), { code: 'LOST' });
        const unchanged = inTransaction(handle, async (trx) => {
          await sendCompiledLater(trx, insert(base + 4));
          await sendOneRowChangeLater(trx, update(base + 99), lost);
        });
        await expect(unchanged).rejects.toMatchObject({ code: 'LOST' });
        await inTransaction(handle, (trx) => sendOneRowChangeLater(trx, update(base + 2), lost));
        const after = await sql<{ id: number; a: string }>`select id, a from probe where id > ${base} and id < ${base + 100} order by id`.execute(handle.db);
        expect(after.rows).toEqual([
          { id: base + 1, a: 'p' },
          { id: base + 2, a: 'q' },
        ]);
      } finally {
        await handle.close();
      }
    });
  }
  // A named statement's Describe goes out the first time it runs on a connection; its row description is kept (a
  // change of its result type fails it with 0A000 instead: the test above).
  it("a named statement's columns are asked for once per connection, and its later answers are read as the first", async () => {
    const handle = openDatabase({ url: database.url, postgresPoolSize: 1 });
    const describes = vi.spyOn((pg as unknown as { Connection: { prototype: { describe(): void } } }).Connection.prototype, 'describe');
    const marker = `shape-${Date.now()}`;
    const read = (id: number) =>
      sql<{ id: number; a: string; m: string; n: number | null; j: unknown; f: number; t: Date }>`select id, a, ${marker}::text as m, null::int as n, '{"k":[1]}'::jsonb as j, 2.5::float8 as f, now() as t from probe where id = ${id}`.execute(
        handle.db,
      );
    const write = (id: number) => sql`insert into probe (id, a) values (${id}, ${marker})`.compile(handle.db);
    try {
      await inTransaction(handle, async (trx) => {
        await sendCompiledLater(trx, write(401));
        await sendCompiledLater(trx, write(402));
      });
      const first = describes.mock.calls.length;
      await inTransaction(handle, async (trx) => {
        await sendCompiledLater(trx, write(403));
        await sendCompiledLater(trx, write(404));
      });
      // Only `begin` and `commit` (unnamed) were described the second time: the insert's NoData was kept.
      expect(describes.mock.calls.length - first).toBe(2);
      const answers = [];
      for (const id of [401, 402, 403]) {
        const before = describes.mock.calls.length;
        answers.push({ rows: (await read(id)).rows, described: describes.mock.calls.length - before });
      }
      expect(answers.map((a) => a.described)).toEqual([1, 0, 0]);
      for (const [i, { rows }] of answers.entries()) {
        expect(rows).toEqual([{ id: 401 + i, a: marker, m: marker, n: null, j: { k: [1] }, f: 2.5, t: expect.any(Date) }]);
      }
    } finally {
      describes.mockRestore();
      await handle.close();
    }
  });
  // Statements that go out together are one batch with one Sync: after one fails PostgreSQL skips the rest, and a
  // statement whose Parse was skipped, or whose first run failed after it was parsed, still runs next time.
  it('a batch: statements behind a failed one are skipped, fail as refused, and run afterwards on the same connection', async () => {
    const handle = openDatabase({ url: database.url, postgresPoolSize: 1 });
    const insert = (id: number) => sql`insert into probe values (${id}, ${'b'}) returning id`.compile(handle.db);
    // Texts this connection has not prepared yet: their Parse goes out in the batch that first runs them.
    const marker = `batch-${Date.now()}`;
    const fresh = (id: number) => sql<{ id: number }>`select id from probe where id = ${id} and a <> ${marker}`.compile(handle.db);
    const freshInsert = (id: number) => sql`insert into probe (id, a) values (${id}, ${marker})`.compile(handle.db);
    try {
      await inTransaction(handle, (trx) => sendCompiledLater(trx, insert(301)));
      let behind: { result(): Promise<unknown> } | undefined;
      const failed = inTransaction(handle, async (trx) => {
        await sendCompiledLater(trx, insert(302));
        await sendCompiledLater(trx, insert(301));
        behind = await sendCompiledLater(trx, insert(303));
        await trx.executeQuery(fresh(301));
      });
      await expect(failed).rejects.toMatchObject({ code: '23505' });
      await expect(behind!.result()).rejects.toMatchObject({ code: '25P02' });
      // The skipped select's Parse prepared nothing: it is parsed again, and runs.
      const read = await inTransaction(handle, async (trx) => (await trx.executeQuery(fresh(301))).rows);
      expect(read).toEqual([{ id: 301 }]);
      // A statement parsed in a batch whose first run fails stays prepared: its next run binds to it.
      const duplicate = inTransaction(handle, async (trx) => {
        await sendCompiledLater(trx, freshInsert(301));
        await sql`select 1`.execute(trx);
      });
      await expect(duplicate).rejects.toMatchObject({ code: '23505' });
      await inTransaction(handle, async (trx) => {
        await sendCompiledLater(trx, freshInsert(304));
        await sql`select 1`.execute(trx);
      });
      const stored = await sql<{ id: number; a: string }>`select id, a from probe where id between 300 and 399 order by id`.execute(handle.db);
      expect(stored.rows).toEqual([
        { id: 301, a: 'b' },
        { id: 304, a: marker },
      ]);
      // A value that cannot be sent fails its statement as the batch is written; those before it are answered.
      const circular: Record<string, unknown> = {};
      circular.self = circular;
      const unsendable = inTransaction(handle, async (trx) => {
        await sendCompiledLater(trx, insert(305));
        await sql`select ${circular}::jsonb`.execute(trx);
      });
      await expect(unsendable).rejects.toThrow(/circular/i);
      await inTransaction(handle, (trx) => sendCompiledLater(trx, insert(306)));
      const after = await sql<{ id: number }>`select id from probe where id in (305, 306)`.execute(handle.db);
      expect(after.rows).toEqual([{ id: 306 }]);
    } finally {
      await handle.close();
    }
  });
});
