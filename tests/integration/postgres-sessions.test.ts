import { beforeAll, describe, expect, it, vi } from 'vitest';
import pg from 'pg';
import { adminPassword, login, type TestApp } from '../support/test-app';
import { postgresAvailable } from '../support/pg';
import { useTwoInstances } from '../support/instances';
import { resetAdmin } from '../../server/src/ops/reset-admin';
import { SessionCache } from '../../server/src/db/session-cache';
import { DatabaseNews } from '../../server/src/db/news';

// Sessions kept between requests on PostgreSQL (server/src/db/session-cache.ts): two instances on one database,
// each keeping the sessions it has seen, must each stop honouring one as soon as the database says it ended or
// its user changed, whoever changed it; and keep nothing while they cannot hear that news.

const ready = await postgresAvailable();

describe.runIf(ready)('sessions kept between requests, on PostgreSQL', () => {
  const two = useTwoInstances('sessions');
  let a: TestApp;
  let b: TestApp;
  let sql: pg.Client;
  beforeAll(() => ({ a, b, sql } = two));

  const me = (t: TestApp, cookie: string) => t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
  /** Ends sessions without telling anyone: only a kept session can still answer afterwards. */
  const quietly = (statement: string, values: unknown[]) => two.quietly('sessions', 'sessions_changed', statement, values);
  const userId = async (username: string) => (await sql.query<{ id: number }>('select id from users where username = $1', [username])).rows[0]!.id;

  it('keeps a session it opened or has seen: the next request reads nothing (it answers after the row is gone, unannounced)', async () => {
    const cookie = await login(a.app, 'operator1', 'operator1-demo');
    expect((await me(b, cookie)).statusCode).toBe(200);
    await quietly('delete from sessions where user_id = $1', [await userId('operator1')]);
    // A opened it, B read it once.
    expect((await me(a, cookie)).statusCode).toBe(200);
    expect((await me(b, cookie)).statusCode).toBe(200);
  });

  it('never keeps a session it did not find', async () => {
    const cookie = await login(a.app, 'operator2', 'operator2-demo');
    await quietly('delete from sessions where user_id = $1', [await userId('operator2')]);
    expect((await me(b, cookie)).statusCode).toBe(401);
    expect((await me(b, cookie)).statusCode).toBe(401);
  });

  it('a logout on one instance ends the session at once there and on the other as soon as the database tells it', async () => {
    const cookie = await login(a.app, 'operator2', 'operator2-demo');
    expect((await me(a, cookie)).statusCode).toBe(200);
    expect((await me(b, cookie)).statusCode).toBe(200);
    expect((await a.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } })).statusCode).toBe(204);
    expect((await me(a, cookie)).statusCode).toBe(401);
    await vi.waitFor(async () => expect((await me(b, cookie)).statusCode).toBe(401), { timeout: 5000, interval: 20 });
  });

  it('a role change by an administrator on one instance reaches the user’s kept session on the other', async () => {
    const admin = await login(a.app, 'admin', adminPassword);
    const cookie = await login(a.app, 'supervisor', 'supervisor-demo');
    expect((await me(b, cookie)).json().user.role).toBe('supervisor');
    const changed = await a.app.inject({ method: 'PATCH', url: `/api/v1/admin/users/${await userId('supervisor')}`, headers: { cookie: admin }, payload: { role: 'operator' } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await me(a, cookie)).json().user.role).toBe('operator');
    await vi.waitFor(async () => expect((await me(b, cookie)).json().user.role).toBe('operator'), { timeout: 5000, interval: 20 });
  });

  it('npm run reset-admin, from another process with only the database, ends the administrator’s kept sessions', async () => {
    const cookie = await login(a.app, 'admin', adminPassword);
    expect((await me(b, cookie)).statusCode).toBe(200);
    const other = await import('../../server/src/db/database').then((m) => m.openDatabase({ url: two.url }));
    try {
      await resetAdmin(other.db, new Date(), 'a-new-admin-password');
    } finally {
      await other.close();
    }
    await vi.waitFor(async () => expect((await me(b, cookie)).statusCode).toBe(401), { timeout: 5000, interval: 20 });
    await resetAdmin(a.database.db, new Date(), adminPassword);
  });

  it('keeps nothing while it cannot hear the news, and keeps sessions again once it listens anew', async () => {
    const cookie = await login(a.app, 'operator3', 'operator3-demo');
    expect((await me(b, cookie)).statusCode).toBe(200);
    // The listening connections of both instances are cut by the database.
    await two.cutNews(b);
    // Unannounced and unheard: instance B no longer answers from what it kept (forgotten when the connection went).
    await quietly('delete from sessions where user_id = $1', [await userId('operator3')]);
    expect((await me(b, cookie)).statusCode).toBe(401);
    await vi.waitFor(() => expect(b.database.sessions?.listening).toBe(true), { timeout: 10_000, interval: 20 });
    const again = await login(a.app, 'operator3', 'operator3-demo');
    expect((await me(b, again)).statusCode).toBe(200);
    await quietly('delete from sessions where user_id = $1', [await userId('operator3')]);
    expect((await me(b, again)).statusCode).toBe(200);
  });

  it('behind a connection that does not relay notifications (a pooler in transaction mode) nothing is ever kept', async () => {
    // A listening connection whose notifications never arrive: its heartbeat is not heard back.
    const deaf = () => {
      const client = new pg.Client({ connectionString: two.url });
      const emit = client.emit.bind(client) as (event: string | symbol, ...args: unknown[]) => boolean;
      (client as unknown as { emit: typeof emit }).emit = (event, ...args) => (event === 'notification' ? false : emit(event, ...args));
      return client;
    };
    const news = new DatabaseNews(deaf);
    const sessions = SessionCache.onPostgres(news);
    news.start();
    try {
      await vi.waitFor(() => expect(news.losses).toBeGreaterThan(0), { timeout: 10_000, interval: 50 });
      expect(sessions.listening).toBe(false);
      let reads = 0;
      const read = async () => (reads++, { user: { id: 1, username: 'x', name: 'X', role: 'operator' as const, active: true }, expiresAt: '2999-01-01T00:00:00.000Z' });
      await sessions.userOf(a.database.db, 's', '2026-11-24T05:00:00.000Z', read);
      await sessions.userOf(a.database.db, 's', '2026-11-24T05:00:00.000Z', read);
      expect(reads).toBe(2);
    } finally {
      await news.stop();
    }
  });

  it('a session past its end is not honoured from what is kept', async () => {
    const cookie = await login(a.app, 'operator1', 'operator1-demo');
    expect((await me(b, cookie)).statusCode).toBe(200);
    b.clock.advance(13 * 3600_000);
    try {
      expect((await me(b, cookie)).statusCode).toBe(401);
    } finally {
      b.clock.advance(-13 * 3600_000);
    }
  });
});
