import path from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/src/app';
import { loadEnv, testConfig } from '../../server/src/config';
import { openDatabase } from '../../server/src/db/database';
import { migrateToLatest } from '../../server/src/db/migrate';
import { makeBackup } from '../../server/src/ops/backup';
import { resetAdmin } from '../../server/src/ops/reset-admin';
import { findUserByUsername, updateUser } from '../../server/src/db/users.repository';
import { databaseUnavailableCode } from '../../server/src/plugins/database-errors';
import { isQuietRequest } from '../../server/src/plugins/request-log';
import { adminPassword, createTestApp, login, TestClock, type TestApp } from '../support/test-app';
import { runOpsCommand, tempDir } from '../support/ops';

/** Operations: /readyz, the rolling-upgrade guard, reset-admin, PUBLIC_URL, the request log, typed 503s. */
let t: TestApp | undefined;
let tmp: ReturnType<typeof tempDir> | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
  tmp?.remove();
  tmp = undefined;
});

const future = '2099-01-01T0000-from-the-future';

describe('/readyz', () => {
  it('reports the database, migrations, Redis and the age of the newest backup', async () => {
    tmp = tempDir('readyz');
    const backupDir = path.join(tmp.dir, 'backups');
    t = await createTestApp({ databaseUrl: `file:${path.join(tmp.dir, 'n.sqlite')}`, config: { backupDir } });
    const first = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ status: 'ready', database: 'ok', migrations: { pending: [], newer: [] }, redis: 'not configured', backup: { configured: true, newest: null, ageHours: null } });
    await makeBackup(t.database.sqlite!, { dir: backupDir, keep: 14, now: t.clock.now() });
    t.clock.advance(30 * 3600_000);
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).json().backup).toEqual({ configured: true, newest: '2026-11-24T05:00:00.000Z', ageHours: 30 });
  });

  it('is 503 naming Redis when a readiness check fails, while /healthz stays 200', async () => {
    const database = openDatabase({ url: ':memory:' });
    await migrateToLatest(database.db);
    const app = await buildApp({ config: testConfig(), database, clock: new TestClock(), readinessChecks: [() => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6390'))] });
    try {
      const res = await app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: 'not ready', database: 'ok', redis: 'unreachable: connect ECONNREFUSED 127.0.0.1:6390', error: { code: 'SERVICE_UNAVAILABLE' } });
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await app.close();
      await database.close();
    }
  });
});

describe('an instance older than the shared database (rolling upgrade)', () => {
  it('stops taking writes with 503 SCHEMA_NEWER_THAN_CODE and fails /readyz; reads go on; nothing is stored', async () => {
    t = await createTestApp();
    const before = (await t.app.inject({ method: 'GET', url: '/api/v1/centers/isb-g9/display' })).json();
    // A newer instance migrates the shared database.
    await sql`insert into kysely_migration (name, timestamp) values (${future}, ${new Date().toISOString()})`.execute(t.database.db);
    await t.app.ops.schema();

    const refused = await t.app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/tickets', payload: { serviceId: 1 } });
    expect(refused.statusCode).toBe(503);
    expect(refused.json().error.code).toBe('SCHEMA_NEWER_THAN_CODE');
    expect(refused.json().error.message).toMatch(/does not know \(2099-01-01T0000-from-the-future\).*rolling upgrades .* not supported/);
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: adminPassword } });
    expect(login.statusCode).toBe(503);
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().migrations.newer).toEqual([future]);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/centers/isb-g9/display' })).json()).toEqual(before);

    // Taken back (the upgrade was rolled back by restoring): writes resume at the next check.
    await sql`delete from kysely_migration where name = ${future}`.execute(t.database.db);
    await t.app.ops.schema();
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/tickets', payload: { serviceId: 1 } })).statusCode).toBe(201);
  });
});

describe('reset-admin', () => {
  it('gives admin a new password, ends its sessions, and re-activates a disabled admin', async () => {
    t = await createTestApp();
    const old = await login(t.app, 'admin', adminPassword);
    const admin = await findUserByUsername(t.database.db, 'admin');
    await updateUser(t.database.db, admin!.id, { active: 0, role: 'operator' });
    const { password, created } = await resetAdmin(t.database.db, t.clock.now());
    expect(created).toBe(false);
    expect(password).toMatch(/^\S{16}$/);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: old } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: adminPassword } })).statusCode).toBe(401);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: await login(t.app, 'admin', password) } });
    expect(me.json()).toMatchObject({ user: { username: 'admin', role: 'admin', active: true } });
  });

  it('`npm run reset-admin` prints a new password that signs in', async () => {
    tmp = tempDir('reset-admin');
    const file = path.join(tmp.dir, 'n.sqlite');
    await (await createTestApp({ databaseUrl: `file:${file}` })).close();
    const run = await runOpsCommand('reset-admin', [], { DATABASE_URL: `file:${file}` });
    expect(run.code, run.out).toBe(0);
    const password = /new password: (\S+)/.exec(run.out)?.[1];
    expect(password).toBeDefined();
    t = await createTestApp({ databaseUrl: `file:${file}`, seed: 'none' });
    await login(t.app, 'admin', password!);
  });

  it('refuses an empty, unmigrated database instead of creating tables', async () => {
    tmp = tempDir('reset-admin-empty');
    const file = path.join(tmp.dir, 'empty.sqlite');
    const run = await runOpsCommand('reset-admin', [], { DATABASE_URL: `file:${file}` });
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/not migrated yet: start the server once first/);
  });
});

describe('PUBLIC_URL', () => {
  it('is read from the environment without a trailing slash, and only http(s)', () => {
    expect(loadEnv({ PUBLIC_URL: 'https://queue.example.pk/' }).PUBLIC_URL).toBe('https://queue.example.pk');
    expect(loadEnv({}).PUBLIC_URL).toBeUndefined();
    expect(() => loadEnv({ PUBLIC_URL: 'queue.example.pk' })).toThrow(/PUBLIC_URL/);
    expect(() => loadEnv({ PUBLIC_URL: 'ftp://queue.example.pk' })).toThrow(/PUBLIC_URL/);
    expect(loadEnv({}).BACKUP_KEEP).toBe(14);
    expect(() => loadEnv({ BACKUP_KEEP: '0' })).toThrow(/BACKUP_KEEP/);
  });

  it('reaches the apps through GET /api/v1/site (null: the page’s own origin)', async () => {
    t = await createTestApp({ config: { publicUrl: 'https://queue.example.pk' } });
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/site' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ publicUrl: 'https://queue.example.pk' });
    await t.close();
    t = await createTestApp();
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/site' })).json()).toEqual({ publicUrl: null });
  });
});

describe('the request log', () => {
  it('one info line per request an operator needs; probes, metrics and assets only at debug', async () => {
    const lines: { level: number; msg: string; url?: string; statusCode?: number }[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
        done();
      },
    });
    const database = openDatabase({ url: ':memory:' });
    await migrateToLatest(database.db);
    const app = await buildApp({ config: testConfig({ logLevel: 'info' }), database, clock: new TestClock(), logger: { level: 'info', stream } });
    try {
      for (const url of ['/healthz', '/readyz', '/metrics', '/kiosk/assets/index-abc123.js', '/favicon.ico', '/api/v1/centers', '/api/v1/nothing-here']) await app.inject({ method: 'GET', url });
      const requests = lines.filter((l) => l.msg === 'request');
      expect(requests.map((l) => `${l.url} ${l.statusCode}`)).toEqual(['/api/v1/centers 200', '/api/v1/nothing-here 404']);
      expect(lines.filter((l) => /incoming request|request completed/.test(l.msg))).toEqual([]);
    } finally {
      await app.close();
      await database.close();
    }
    expect(isQuietRequest('/readyz?x=1')).toBe(true);
    expect(isQuietRequest('/display/assets/chime.mp3')).toBe(true);
    expect(isQuietRequest('/api/v1/counters/1/call-next')).toBe(false);
  });
});

describe('a database that cannot take a command is a typed 503', () => {
  it('maps disk full and unreachable errors, and nothing else', () => {
    expect(databaseUnavailableCode(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }))).toBe('STORAGE_FULL');
    expect(databaseUnavailableCode(Object.assign(new Error('could not extend file'), { code: '53100' }))).toBe('STORAGE_FULL');
    expect(databaseUnavailableCode(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe('DATABASE_UNAVAILABLE');
    expect(databaseUnavailableCode(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe('DATABASE_UNAVAILABLE');
    expect(databaseUnavailableCode(new Error('Connection terminated unexpectedly'))).toBe('DATABASE_UNAVAILABLE');
    expect(databaseUnavailableCode(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]))).toBe('DATABASE_UNAVAILABLE');
    expect(databaseUnavailableCode(Object.assign(new Error('UNIQUE constraint failed'), { code: 'SQLITE_CONSTRAINT_UNIQUE' }))).toBeNull();
    expect(databaseUnavailableCode(new TypeError('x is undefined'))).toBeNull();
  });
});

