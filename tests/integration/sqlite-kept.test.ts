import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../server/src/db/database';
import { migrateToLatest } from '../../server/src/db/migrate';
import { noteRollback, setupVersion } from '../../server/src/db/versions';
import { createTestApp, issue, login, type TestApp } from '../support/test-app';

// SQLite only: what the server keeps between requests while a number raised by triggers stays the same
// (server/src/db/kept-values.ts). A centre's setup between issues (`setup_version`, migration
// 2026-12-03T1300-setup-version, server/src/db/setup-cache.ts): every change to what issuing reads — a centre but its
// display sequence, a service, a holiday — must raise it, whoever makes it; the display sequence, which moves with
// every issue and call, must not. Signed-in sessions (`session_version`, migration 2026-12-03T1400-session-version,
// server/src/db/session-cache.ts): a session ended or its user changed, by the app or by hand.
let handle: DatabaseHandle | undefined;
let t: TestApp | undefined;
afterEach(async () => {
  await handle?.close();
  await t?.close();
  handle = t = undefined;
});

describe('setup_version on SQLite', () => {
  it('is raised by an update of every column of a centre but its display sequence, and by services and holidays', async () => {
    handle = openDatabase({ url: ':memory:' });
    await migrateToLatest(handle.db);
    const db = handle.db;
    const version = async () => (await sql<{ version: number }>`select version from setup_version`.execute(db)).rows[0]!.version;
    await sql`insert into centers (id, name, timezone, priority_categories, priority_run, pause_alert_minutes, display_seq, created_at)
      values ('c1', 'Centre', 'Asia/Karachi', '[]', 3, 10, 0, '2026-12-03T00:00:00.000Z')`.execute(db);
    let seen = await version();
    expect(seen).toBeGreaterThan(0);
    const raised = async () => {
      const now = await version();
      const up = now > seen;
      seen = now;
      return up;
    };
    // Read from the table itself: a column added to centres later and not named by the trigger fails here.
    const columns = (await sql<{ name: string }>`select name from pragma_table_info('centers')`.execute(db)).rows.map((r) => r.name);
    expect(columns).toContain('issuing_stop');
    for (const column of columns.filter((c) => c !== 'display_seq')) {
      await sql`update centers set ${sql.ref(column)} = ${sql.ref(column)} where id = 'c1'`.execute(db);
      expect({ column, raised: await raised() }).toEqual({ column, raised: true });
    }
    await sql`update centers set display_seq = display_seq + 1 where id = 'c1'`.execute(db);
    expect(await raised()).toBe(false);
    const writes = [
      sql`insert into services (center_id, prefix, name, sla_target_minutes, allows_priority, active, sort_order) values ('c1', 'S', 'Service', 15, 1, 1, 1)`,
      sql`update services set prefix = 'T' where center_id = 'c1'`,
      sql`delete from services where center_id = 'c1'`,
      sql`insert into center_holidays (center_id, date, reason, created_at) values ('c1', '2026-12-25', 'Quaid Day', '2026-12-03T00:00:00.000Z')`,
      sql`update center_holidays set reason = 'Christmas' where center_id = 'c1'`,
      sql`delete from center_holidays where center_id = 'c1'`,
      sql`delete from centers where id = 'c1'`,
    ];
    for (const write of writes) {
      await write.execute(db);
      expect(await raised()).toBe(true);
    }
  });

  it('reads differently after a rollback in this process (a rolled-back raise brings back a number already seen)', async () => {
    handle = openDatabase({ url: ':memory:' });
    await migrateToLatest(handle.db);
    const before = await setupVersion(handle.db);
    noteRollback(handle.db);
    expect(await setupVersion(handle.db)).not.toBe(before);
  });

  it('issuing keeps the setup it read and issues by a change made by hand as soon as it commits', async () => {
    t = await createTestApp();
    const raw = t.database.sqlite!;
    const prefixOf = async (serviceId: number) => {
      const res = await issue(t!.app, serviceId);
      expect(res.status).toBe(201);
      return (res.body.ticket.code as string).replace(/\d+$/, '');
    };
    const before = (raw.prepare('select prefix from services where id = 3').get() as { prefix: string }).prefix;
    expect(await prefixOf(3)).toBe(before);
    expect(await prefixOf(3)).toBe(before);
    raw.prepare("update services set prefix = 'R' where id = 3").run();
    expect(await prefixOf(3)).toBe('R');
    raw.prepare("update centers set issuing_stop = json_object('reason', 'the hall is full', 'until', null, 'since', '2026-12-03T00:00:00.000Z') where id = 'isb-g9'").run();
    expect((await issue(t.app, 3)).status).toBe(409);
    raw.prepare("update centers set issuing_stop = null where id = 'isb-g9'").run();
    expect(await prefixOf(3)).toBe('R');
    const day = t.clock.now().toLocaleDateString('en-CA', { timeZone: 'Asia/Karachi' });
    raw.prepare("insert into center_holidays (center_id, date, reason, created_at) values ('isb-g9', ?, 'Quaid Day', '2026-12-03T00:00:00.000Z')").run(day);
    expect((await issue(t.app, 3)).body.error?.code).toBe('CENTER_CLOSED');
    raw.prepare('delete from center_holidays').run();
    expect(await prefixOf(3)).toBe('R');
  });

  it('session_version is raised by a session ended or changed and by a user changed, not by signing in', async () => {
    handle = openDatabase({ url: ':memory:' });
    await migrateToLatest(handle.db);
    const db = handle.db;
    const version = async () => (await sql<{ version: number }>`select version from session_version`.execute(db)).rows[0]!.version;
    let seen = await version();
    const raised = async () => {
      const now = await version();
      const up = now > seen;
      seen = now;
      return up;
    };
    await sql`insert into users (username, name, role, password_hash, active, created_at) values ('u', 'U', 'operator', 'x', 1, '2026-12-03T00:00:00.000Z')`.execute(db);
    expect(await raised()).toBe(false);
    await sql`insert into sessions (id, user_id, created_at, expires_at) values ('s', (select id from users where username = 'u'), '2026-12-03T00:00:00.000Z', '2026-12-03T12:00:00.000Z')`.execute(db);
    expect(await raised()).toBe(false);
    for (const write of [
      sql`update sessions set expires_at = '2026-12-03T06:00:00.000Z'`,
      sql`delete from sessions`,
      sql`update users set role = 'supervisor'`,
      sql`delete from users where username = 'u'`,
    ]) {
      await write.execute(db);
      expect(await raised()).toBe(true);
    }
  });

  it('a kept session ends as soon as it is deleted, its user deactivated or changed by hand, or signed out', async () => {
    t = await createTestApp();
    const raw = t.database.sqlite!;
    const me = (cookie: string) => t!.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    let cookie = await login(t.app, 'operator3', 'operator3-demo');
    expect((await me(cookie)).statusCode).toBe(200);
    expect((await me(cookie)).json().user.role).toBe('operator');
    raw.prepare("update users set role = 'supervisor' where username = 'operator3'").run();
    expect((await me(cookie)).json().user.role).toBe('supervisor');
    raw.prepare("update users set role = 'operator' where username = 'operator3'").run();
    raw.prepare("delete from sessions where user_id = (select id from users where username = 'operator3')").run();
    expect((await me(cookie)).statusCode).toBe(401);
    cookie = await login(t.app, 'operator3', 'operator3-demo');
    expect((await me(cookie)).statusCode).toBe(200);
    raw.prepare("update users set active = 0 where username = 'operator3'").run();
    expect((await me(cookie)).statusCode).toBe(401);
    raw.prepare("update users set active = 1 where username = 'operator3'").run();
    cookie = await login(t.app, 'operator3', 'operator3-demo');
    expect((await me(cookie)).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } })).statusCode).toBeLessThan(300);
    expect((await me(cookie)).statusCode).toBe(401);
  });
});
