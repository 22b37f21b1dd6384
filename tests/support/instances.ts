import { afterAll, beforeAll, expect, vi } from 'vitest';
import pg from 'pg';
import { createTestApp, type TestApp } from './test-app';
import { createPgDatabase, type TestPgDatabase } from './pg';

/**
 * Two server instances on one fresh PostgreSQL database for the calling file (A seeded with the demo centre, B not),
 * both hearing the database's news before the first test (as a server does within milliseconds of its start), and
 * `sql`, a plain connection for changes made by hand. For what instances keep between requests (`server/src/db/news.ts`).
 */
export function useTwoInstances(name: string) {
  let database: TestPgDatabase | undefined;
  let a: TestApp | undefined;
  let b: TestApp | undefined;
  let sql: pg.Client | undefined;
  beforeAll(async () => {
    database = await createPgDatabase(name);
    a = await createTestApp({ databaseUrl: database.url });
    b = await createTestApp({ databaseUrl: database.url, seed: 'none' });
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    await vi.waitFor(() => expect(a!.database.news?.listening && b!.database.news?.listening).toBe(true));
  }, 60_000);
  afterAll(async () => {
    await sql?.end();
    await a?.close();
    await b?.close();
    await database?.drop();
  });
  const sqlNow = () => sql!;
  return {
    get a() {
      return a!;
    },
    get b() {
      return b!;
    },
    get sql() {
      return sqlNow();
    },
    get url() {
      return database!.url;
    },
    /** Runs `statement` with the table's trigger off: no instance hears of the change. */
    async quietly(table: string, trigger: string, statement: string, values: unknown[]) {
      await sqlNow().query(`alter table ${table} disable trigger ${trigger}`);
      try {
        await sqlNow().query(statement, values);
      } finally {
        await sqlNow().query(`alter table ${table} enable trigger ${trigger}`);
      }
    },
    /** The database cuts both instances' listening connections; answers once `t` has noticed. */
    async cutNews(t: TestApp) {
      const losses = t.database.news!.losses;
      await sqlNow().query(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'navbat-news' and datname = current_database()`);
      await vi.waitFor(() => expect(t.database.news!.losses).toBeGreaterThan(losses), { timeout: 5000, interval: 10 });
    },
  };
}
