import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listBackups, makeBackup, pruneBackups } from '../../server/src/ops/backup';
import { scheduleBackups } from '../../server/src/ops/backup-schedule';
import { checkRestorable, restoreSqlite } from '../../server/src/ops/restore';
import { createTestApp, login, staffClient, TestClock, type TestApp } from '../support/test-app';
import { runOpsCommand, tempDir, withSqliteFile } from '../support/ops';

/** Online SQLite backups: consistent while the hall works, on demand (route and command) and on a schedule. */
let tmp: ReturnType<typeof tempDir>;
let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
  tmp?.remove();
});

async function fileApp(options: { backupDir?: string; clock?: TestClock } = {}): Promise<TestApp> {
  tmp = tempDir('backup');
  return createTestApp({ databaseUrl: `file:${path.join(tmp.dir, 'navbat.sqlite')}`, ...(options.clock ? { clock: options.clock } : {}), config: { backupDir: options.backupDir ?? path.join(tmp.dir, 'backups'), backupKeep: 3 } });
}

type TicketRow = { id: number; code: string; status: string; service_id: number; service_day: string; number: number };
const ticketsIn = (file: string) => withSqliteFile(file, (db) => db.prepare('select id, code, status, service_id, service_day, number from tickets').all() as TicketRow[]);

describe('a backup while the hall works', () => {
  it('restores to a sound database holding every ticket acknowledged before the backup began', { timeout: 60_000 }, async () => {
    t = await fileApp();
    const app = t.app;
    const op = await staffClient(app, 'operator1');
    await op('POST', '/api/v1/counters/1/open');
    const acknowledged = new Map<number, string>();
    const issueOne = async (i: number) => {
      const res = await app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/tickets', payload: { serviceId: 1 + (i % 3) } });
      if (res.statusCode === 201) acknowledged.set(res.json().ticket.id, res.json().ticket.code);
    };
    // A day's worth of rows first, so the copy takes many steps and the load runs between them.
    for (let i = 0; i < 600; i += 20) await Promise.all(Array.from({ length: 20 }, (_, k) => issueOne(i + k)));

    let running = true;
    let calls = 0;
    const kiosks = Array.from({ length: 4 }, async (_, k) => {
      for (let i = k; running; i += 4) await issueOne(i);
    });
    const counter = (async () => {
      while (running) {
        const called = await op('POST', '/api/v1/counters/1/call-next');
        if (called.status === 200) calls++;
        await op('POST', '/api/v1/counters/1/complete', {});
      }
    })();
    while (acknowledged.size < 650) await new Promise((r) => setImmediate(r));

    // The backup is taken by another process (`npm run backup`, as cron or an operator would), while this
    // one keeps issuing and calling: SQLite gives the copy one consistent moment and writers go on.
    const before = new Map(acknowledged);
    const dir = path.join(tmp.dir, 'backups');
    const run = await runOpsCommand('backup', [dir], { DATABASE_URL: `file:${path.join(tmp.dir, 'navbat.sqlite')}` });
    const duringBackup = acknowledged.size - before.size;
    running = false;
    await Promise.all([...kiosks, counter]);

    expect(run.code, run.out).toBe(0);
    // The hall did not stop for the backup: tickets were issued while it was taken.
    expect(duringBackup).toBeGreaterThan(0);
    expect(calls).toBeGreaterThan(0);

    const [made] = listBackups(dir);
    const backupFile = made!.file;
    expect(withSqliteFile(backupFile, (db) => db.pragma('integrity_check', { simple: true }))).toBe('ok');
    const rows = ticketsIn(backupFile);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const lost = [...before].filter(([id, code]) => byId.get(id)?.code !== code);
    expect(lost, 'acknowledged before the backup began, missing from it').toEqual([]);
    const numbers = rows.map((r) => `${r.service_id}/${r.service_day}/${r.number}`);
    expect(new Set(numbers).size).toBe(numbers.length);

    // Restored in place of a database, it opens, migrates (nothing to do) and serves.
    const target = path.join(tmp.dir, 'restored', 'navbat.sqlite');
    expect(restoreSqlite(backupFile, target, new Date()).pending).toEqual([]);
    const restored = await createTestApp({ databaseUrl: `file:${target}`, seed: 'none' });
    try {
      const count = withSqliteFile(target, (db) => (db.prepare('select count(*) as n from tickets').get() as { n: number }).n);
      expect(count).toBe(rows.length);
      const issued = await restored.app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/tickets', payload: { serviceId: 1 } });
      expect(issued.statusCode).toBe(201);
    } finally {
      await restored.close();
    }
  });
});

describe('backups on demand and on a schedule', () => {
  it('the admin action lists backups and keeps only BACKUP_KEEP of them', async () => {
    t = await fileApp();
    const admin = await login(t.app, 'admin', 'admin-password-1');
    for (let i = 0; i < 4; i++) {
      t.clock.advance(3600_000);
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/admin/backups', headers: { cookie: admin } })).statusCode).toBe(201);
    }
    const list = (await t.app.inject({ method: 'GET', url: '/api/v1/admin/backups', headers: { cookie: admin } })).json() as { createdAt: string }[];
    expect(list.map((b) => b.createdAt)).toEqual([4, 3, 2].map((h) => new Date(Date.parse('2026-11-24T05:00:00.000Z') + h * 3600_000).toISOString()));
    expect(fs.readdirSync(path.join(tmp.dir, 'backups')).sort()).toHaveLength(3);
  });

  it('without BACKUP_DIR the action is refused with a typed 409 and nothing is written', async () => {
    t = await createTestApp();
    const admin = await login(t.app, 'admin', 'admin-password-1');
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/admin/backups', headers: { cookie: admin } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('BACKUP_NOT_CONFIGURED');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/admin/backups', headers: { cookie: admin } })).json()).toEqual([]);
  });

  it('daily: one at start when none is a day old, none again the same day, the next a day later', async () => {
    t = await fileApp();
    const dir = path.join(tmp.dir, 'scheduled');
    let now = new Date('2026-11-24T05:00:00.000Z');
    const made: string[] = [];
    const schedule = scheduleBackups({ sqlite: t.database.sqlite!, dir, keep: 14, now: () => now, checkMs: 3_600_000, onBackup: (f) => made.push(f) });
    try {
      await schedule.due();
      expect(made).toHaveLength(1);
      now = new Date('2026-11-24T20:00:00.000Z');
      await schedule.due();
      expect(made).toHaveLength(1);
      now = new Date('2026-11-25T05:00:00.000Z');
      await schedule.due();
      expect(made).toHaveLength(2);
      expect(listBackups(dir).map((b) => b.createdAt)).toEqual(['2026-11-25T05:00:00.000Z', '2026-11-24T05:00:00.000Z']);
    } finally {
      schedule.stop();
    }
  });

  it('pruning keeps the newest and ignores files that are not backups', async () => {
    t = await fileApp();
    const dir = path.join(tmp.dir, 'prune');
    for (let h = 0; h < 5; h++) await makeBackup(t.database.sqlite!, { dir, keep: 100, now: new Date(Date.UTC(2026, 10, 24, h)) });
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'keep me');
    expect(pruneBackups(dir, 2)).toHaveLength(3);
    expect(fs.readdirSync(dir).sort()).toEqual(['navbat-20261124T030000000Z.sqlite', 'navbat-20261124T040000000Z.sqlite', 'notes.txt']);
    expect(listBackups(dir).map((b) => path.basename(b.file))).toEqual(['navbat-20261124T040000000Z.sqlite', 'navbat-20261124T030000000Z.sqlite']);
    expect(fs.existsSync(path.join(dir, 'notes.txt'))).toBe(true);
  });

  it('`npm run backup` copies the database of a running server, from another process', async () => {
    t = await fileApp();
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/tickets', payload: { serviceId: 1 } });
    const { id, code } = res.json().ticket as { id: number; code: string };
    const dir = path.join(tmp.dir, 'by-command');
    const run = await runOpsCommand('backup', [dir], { DATABASE_URL: `file:${path.join(tmp.dir, 'navbat.sqlite')}`, BACKUP_KEEP: '14' });
    expect(run.code, run.out).toBe(0);
    expect(run.out).toMatch(/backup written: .*navbat-\d{8}T\d{9}Z\.sqlite .*integrity ok/);
    const [file] = listBackups(dir);
    expect(checkRestorable(file!.file).pending).toEqual([]);
    expect(ticketsIn(file!.file).find((r) => r.id === id)?.code).toBe(code);
  });

  it('`npm run backup` on PostgreSQL says to use pg_dump and writes nothing', async () => {
    tmp = tempDir('backup-pg');
    const run = await runOpsCommand('backup', [tmp.dir], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/pg_dump/);
    expect(fs.readdirSync(tmp.dir)).toEqual([]);
  });
});
