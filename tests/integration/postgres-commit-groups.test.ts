import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { AppError } from '@navbat/shared';
import { openDatabase, type DatabaseHandle, type Executor } from '../../server/src/db/database';
import { inTransaction, rollback, type CommitGroupOf } from '../../server/src/db/transaction';
import { sendCompiledLater } from '../../server/src/db/prepared';
import { centerGroup } from '../../server/src/db/centers.repository';
import { createPgDatabase, postgresAvailable, withPgClient, type TestPgDatabase } from '../support/pg';
import { createTestApp, type TestApp } from '../support/test-app';

// On PostgreSQL a centre's commands that arrive together share one transaction (server/src/db/transaction.ts,
// `CommitGroupOf`; issuing and check-in use `centerGroup`), each in a savepoint of its own, as every command does on
// SQLite. Two instances on one database: what two server processes share.
const ready = await postgresAvailable();

// With POSTGRES_PIPELINE=off too (each statement waits for the one before): the same groups, the same answers.
describe.runIf(ready).each([true, false])('PostgreSQL commit groups (pipelined: %s)', (pipelined) => {
  let database: TestPgDatabase;
  let app: TestApp;
  let one: DatabaseHandle;
  let two: DatabaseHandle;

  beforeAll(async () => {
    database = await createPgDatabase('groups');
    // Migrated and seeded with the demo centre (isb-g9).
    app = await createTestApp({ databaseUrl: database.url });
    await sql`create table probe (id integer primary key, at text)`.execute(app.database.db);
    one = openDatabase({ url: database.url, postgresPoolSize: 4, postgresPipeline: pipelined });
    two = openDatabase({ url: database.url, postgresPoolSize: 4, postgresPipeline: pipelined });
  });

  afterAll(async () => {
    await one?.close();
    await two?.close();
    await app?.close();
    await database?.drop();
  });

  const insert = (ex: Executor, id: number) => sendCompiledLater(ex, sql`insert into probe values (${id}, ${'x'})`.compile(ex));
  const txid = async (ex: Executor) => (await sql<{ txid: string }>`select txid_current()::text as txid`.execute(ex)).rows[0]!.txid;
  /** A promise, and what settles it. */
  const signal = (): [Promise<void>, () => void] => {
    let fire!: () => void;
    return [new Promise<void>((resolve) => (fire = resolve)), () => fire()];
  };
  /** Runs `fn` as a command in the demo centre's commit group, on `one`. */
  const run = (fn: (trx: Executor) => Promise<unknown>) => inTransaction(one, fn, { group: centerGroup('isb-g9') });
  const storedIds = async (from: number, to: number) =>
    (await sql<{ id: number }>`select id from probe where id >= ${from} and id < ${to} order by id`.execute(app.database.db)).rows.map((r) => r.id);

  it('commands of one group that arrive together share one transaction; each that fails or rolls back is undone alone', async () => {
    const results = await Promise.allSettled([
      run(async (trx) => (await insert(trx, 101), await txid(trx))),
      // Fails after its write went out.
      run(async (trx) => {
        await insert(trx, 102);
        await txid(trx);
        throw new AppError('VALIDATION_ERROR', 'refused after writing');
      }),
      // Fails before anything of it went out.
      run(async (trx) => {
        await insert(trx, 103);
        throw new AppError('VALIDATION_ERROR', 'refused before writing');
      }),
      run(async (trx) => {
        await insert(trx, 104);
        await txid(trx);
        return rollback('nothing');
      }),
      // Its write (the first command's key again) fails, and fails it with PostgreSQL's own error.
      run(async (trx) => {
        await insert(trx, 105);
        await insert(trx, 101);
        return txid(trx);
      }),
      run(async (trx) => (await insert(trx, 106), await txid(trx))),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    const value = (i: number) => (results[i] as PromiseFulfilledResult<unknown>).value;
    const reason = (i: number) => (results[i] as PromiseRejectedResult).reason as { code?: string; message?: string };
    expect([reason(1).message, reason(2).message, reason(4).code]).toEqual(['refused after writing', 'refused before writing', '23505']);
    expect(value(3)).toBe('nothing');
    // One transaction for the commands that committed: the same transaction id.
    expect(value(0)).toBe(value(5));
    expect(await storedIds(101, 200)).toEqual([101, 106]);
    // A lone command runs in a transaction of its own.
    expect(await inTransaction(one, txid)).not.toBe(value(0));
    // And the group's connection is clean for the next group.
    expect(await run(async (trx) => (await insert(trx, 107), 'stored'))).toBe('stored');
    expect(await storedIds(101, 200)).toEqual([101, 106, 107]);
  });

  // The group's first command runs without a savepoint (nothing before it to keep): when it fails or rolls back after
  // writing, the whole transaction is rolled back, and the commands behind it commit together in the next one.
  it("a group's first command that fails or rolls back after writing is undone alone; the ones behind it share the next transaction", async () => {
    for (const ending of ['throws', 'rolls back'] as const) {
      const base = ending === 'throws' ? 301 : 311;
      let firstTxid = '';
      const results = await Promise.allSettled([
        run(async (trx) => {
          await insert(trx, base);
          firstTxid = await txid(trx);
          if (ending === 'throws') throw new AppError('VALIDATION_ERROR', 'refused after writing');
          return rollback('nothing');
        }),
        run(async (trx) => (await insert(trx, base + 1), await txid(trx))),
        run(async (trx) => (await insert(trx, base + 2), await txid(trx))),
      ]);
      expect(results.map((r) => r.status)).toEqual([ending === 'throws' ? 'rejected' : 'fulfilled', 'fulfilled', 'fulfilled']);
      if (ending === 'rolls back') expect((results[0] as PromiseFulfilledResult<unknown>).value).toBe('nothing');
      const [second, third] = results.slice(1).map((r) => (r as PromiseFulfilledResult<string>).value);
      expect(second).toBe(third);
      expect(firstTxid).not.toBe('');
      expect(second).not.toBe(firstTxid);
      expect(await storedIds(base, base + 10)).toEqual([base + 1, base + 2]);
    }
  });

  // Commands after the first run without savepoints (a subtransaction each costs PostgreSQL): one that fails after its
  // writes went out rolls the whole transaction back. The commands that had succeeded run again in the next
  // transaction, and it after them (what it read may have been their writes), each in a savepoint: it alone fails.
  it('a later command that fails after writing undoes the group: the commands before it run again, it fails alone', async () => {
    const runs = new Map<number, number>();
    const counted = (id: number, fn: (trx: Executor) => Promise<unknown>) =>
      run(async (trx) => {
        runs.set(id, (runs.get(id) ?? 0) + 1);
        return fn(trx);
      });
    const results = await Promise.allSettled([
      counted(401, async (trx) => (await insert(trx, 401), await txid(trx))),
      counted(402, async (trx) => (await insert(trx, 402), await txid(trx))),
      counted(403, async (trx) => {
        await insert(trx, 403);
        await txid(trx);
        throw new AppError('VALIDATION_ERROR', 'refused after writing');
      }),
      counted(404, async (trx) => (await insert(trx, 404), await txid(trx))),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const txids = [0, 1, 3].map((i) => (results[i] as PromiseFulfilledResult<string>).value);
    expect(new Set(txids).size).toBe(1);
    expect([...runs.entries()].sort()).toEqual([
      [401, 2],
      [402, 2],
      [403, 2],
      [404, 1],
    ]);
    expect(await storedIds(401, 500)).toEqual([401, 402, 404]);
  });

  // An earlier command's last write is queued (no round trip of its own) and goes out with the next command's first
  // statement. When it fails there, the earlier command has failed, whatever it answered: no command of the group may
  // be answered as stored while its writes are rolled back.
  it("an earlier command's queued write that fails with a later command's statements fails the group, and nothing is answered as stored that is not", async () => {
    await run(async (trx) => insert(trx, 501));
    for (const careful of [false, true]) {
      const base = careful ? 520 : 510;
      const commands = [
        run(async (trx) => (await insert(trx, base), await txid(trx))),
        // Its last write breaks the primary key, and it does not wait for it.
        run(async (trx) => (await insert(trx, base + 1), await txid(trx), await insert(trx, 501), 'answered')),
        run(async (trx) => (await insert(trx, base + 2), await txid(trx))),
      ];
      // Made careful (savepoints for commands after the first) by a group undone just before.
      if (careful) {
        commands.unshift(
          run(async (trx) => (await insert(trx, base + 5), await txid(trx))),
          run(async (trx) => {
            await insert(trx, base + 6);
            await txid(trx);
            throw new AppError('VALIDATION_ERROR', 'refused after writing');
          }),
        );
      }
      const results = await Promise.allSettled(commands);
      const failing = results[careful ? 3 : 1]!;
      expect(failing.status).toBe('rejected');
      expect((failing as PromiseRejectedResult).reason).toMatchObject({ code: '23505' });
      expect(await storedIds(base + 1, base + 2)).toEqual([]);
    }
  });

  it("a centre's group holds the centre's row lock from before its first command runs", async () => {
    const [runningSignal, running] = signal();
    const [finishSignal, finish] = signal();
    const command = run(async (trx) => {
      await sql`select 1`.execute(trx);
      running();
      await finishSignal;
      return 'done';
    });
    await runningSignal;
    const tryLock = () =>
      withPgClient(database.url, (client) =>
        client.query(`select id from centers where id = 'isb-g9' for no key update nowait`).then(
          () => 'free',
          (e: { code?: string }) => e.code,
        ),
      );
    // 55P03: lock_not_available.
    expect(await tryLock()).toBe('55P03');
    finish();
    expect(await command).toBe('done');
    expect(await tryLock()).toBe('free');
  });

  // Issuing takes the day's number for its service (a row of its own) and then moves the centre's display sequence. In a
  // group, the centre's lock is held from one command to the next: were it not taken first, a group holding it could
  // wait for a number another instance's group holds while that one waits for the centre's lock (a deadlock,
  // PostgreSQL's 40P01 after a second).
  it("two instances' groups of one centre, each taking numbers and the centre's sequence, never deadlock", async () => {
    await sql`create table probe_numbers (service integer primary key, n integer not null)`.execute(app.database.db);
    const errors: string[] = [];
    const issueLike = (handle: DatabaseHandle, service: number) =>
      inTransaction(
        handle,
        async (trx) => {
          try {
            await sql`insert into probe_numbers values (${service}, 1) on conflict (service) do update set n = probe_numbers.n + 1`.execute(trx);
            await sql`update centers set display_seq = display_seq + 1 where id = 'isb-g9'`.execute(trx);
          } catch (error) {
            errors.push((error as { code?: string }).code ?? String(error));
            throw error;
          }
        },
        { group: centerGroup('isb-g9') },
      );
    const before = (await sql<{ n: number }>`select display_seq as n from centers where id = 'isb-g9'`.execute(app.database.db)).rows[0]!.n;
    await Promise.all(Array.from({ length: 80 }, (_, i) => issueLike(i % 2 ? one : two, (i * 7) % 3)));
    expect(errors).toEqual([]);
    const after = (await sql<{ n: number }>`select display_seq as n from centers where id = 'isb-g9'`.execute(app.database.db)).rows[0]!.n;
    expect(after - before).toBe(80);
    const numbers = await sql<{ n: number }>`select sum(n)::int as n from probe_numbers`.execute(app.database.db);
    expect(numbers.rows[0]!.n).toBe(80);
  });

  it('a group of its own for each key: another centre’s commands do not wait for this one’s', async () => {
    const [finishSignal, finish] = signal();
    const held: CommitGroupOf = { key: 'probe:held', lock: async () => {} };
    const other: CommitGroupOf = { key: 'probe:other', lock: async () => {} };
    const holding = inTransaction(one, async (trx) => (await insert(trx, 201), await finishSignal, 'held'), { group: held });
    // Runs and commits while the first group is still open.
    expect(await inTransaction(one, async (trx) => (await insert(trx, 202), 'other'), { group: other })).toBe('other');
    expect(await storedIds(201, 300)).toEqual([202]);
    finish();
    expect(await holding).toBe('held');
    expect(await storedIds(201, 300)).toEqual([201, 202]);
  });
});
