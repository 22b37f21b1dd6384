import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/src/db/database';
import { migrateToLatest } from '../../server/src/db/migrate';
import { appliedMigrations } from '../../server/src/db/backup.repository';
import { knownMigrations, schemaState } from '../../server/src/ops/schema-state';
import { checkRestorable } from '../../server/src/ops/restore';
import { fixtureFile, fixtureOperatorPassword } from '../fixtures/make-release-2026-11-24';
import { createTestApp, login, TestClock } from '../support/test-app';
import { addFutureMigration, repoRoot, tempDir, withSqliteFile } from '../support/ops';

/**
 * Upgrades: a database the previous release wrote (tests/fixtures/release-2026-11-24.sqlite, made by
 * tests/fixtures/make-release-2026-11-24.ts with only that release's migrations) migrates forward at start and
 * keeps working; a database newer than the code is refused at start.
 */
let tmp: ReturnType<typeof tempDir> | undefined;
afterEach(() => tmp?.remove());

function copyOfFixture(): string {
  tmp = tempDir('upgrade');
  const file = path.join(tmp.dir, 'navbat.sqlite');
  fs.copyFileSync(fixtureFile, file);
  return file;
}

describe('upgrade from the previous release', () => {
  it('the fixture holds only the previous release’s migrations', () => {
    const { applied, pending } = checkRestorable(fixtureFile);
    expect(applied).toEqual(['2026-11-24T0900-initial', '2026-11-24T1900-ticket-durations', '2026-11-24T1910-ticket-indexes']);
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.every((m) => !m.startsWith('2026-11-24'))).toBe(true);
  });

  it('migrates to the latest schema, passes integrity_check, and the hall carries on where it stopped', async () => {
    const file = copyOfFixture();
    const database = openDatabase({ url: `file:${file}` });
    await migrateToLatest(database.db);
    expect(schemaState(await appliedMigrations(database.db))).toEqual({ pending: [], newer: [] });
    expect(await appliedMigrations(database.db)).toEqual(knownMigrations());
    await database.close();
    expect(withSqliteFile(file, (db) => db.pragma('integrity_check', { simple: true }))).toBe('ok');

    // The same day, an hour later: every ticket is there, the one at the counter finishes, the line moves on,
    // and numbering continues after the last number the old release handed out.
    const t = await createTestApp({ databaseUrl: `file:${file}`, seed: 'none', clock: new TestClock('2026-11-27T05:00:00.000Z') });
    try {
      const waiting = await t.app.inject({ method: 'GET', url: '/api/v1/tickets/fixture-public-id-0006' });
      expect(waiting.statusCode).toBe(200);
      expect(waiting.json().ticket).toMatchObject({ code: 'A006', status: 'waiting' });
      const cookie = await login(t.app, 'operator1', fixtureOperatorPassword);
      const headers = { cookie };
      const done = await t.app.inject({ method: 'POST', url: '/api/v1/counters/1/complete', headers, payload: {} });
      expect(done.statusCode, done.body).toBe(200);
      expect(done.json().ticket).toMatchObject({ code: 'A005', status: 'done' });
      const next = await t.app.inject({ method: 'POST', url: '/api/v1/counters/1/call-next', headers });
      expect(next.statusCode, next.body).toBe(200);
      expect(next.json().ticket.code).toBe('A006');
      const issued = await t.app.inject({ method: 'POST', url: '/api/v1/centers/lhr-1/tickets', payload: { serviceId: 1 } });
      expect(issued.statusCode, issued.body).toBe(201);
      expect(issued.json().ticket.code).toBe('A007');
      const stats = await t.app.inject({ method: 'GET', url: '/api/v1/centers/lhr-1/stats?from=2026-11-27&to=2026-11-27', headers: { cookie: await login(t.app, 'admin', 'fixture-admin-password') } });
      expect(stats.statusCode, stats.body).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('a server older than its database refuses to start, with a message that says what to do', async () => {
    const file = copyOfFixture();
    const database = openDatabase({ url: `file:${file}` });
    await migrateToLatest(database.db);
    await database.close();
    addFutureMigration(file);
    const before = fs.readFileSync(file);

    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/server.ts'], {
      cwd: repoRoot,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `file:${file}`, SEED: 'none', REDIS_URL: '', BACKUP_DIR: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(1);
    expect(out).toMatch(/migrations this Navbat version does not know \(2099-01-01T0000-from-the-future\)/);
    expect(out).toMatch(/rolling upgrades .* are not supported/);
    expect(out).not.toMatch(/listening/);
    // Nothing was written: the file is as the newer version left it.
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });
});
