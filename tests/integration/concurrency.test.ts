import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/src/db/database';
import { migrateToLatest } from '../../server/src/db/migrate';
import { buildApp } from '../../server/src/app';
import { testConfig } from '../../server/src/config';
import { insertUser } from '../../server/src/db/users.repository';
import { adminPassword } from '../support/test-app';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'navbat-concurrency-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function runWorker(file: string, counters: number[]): Promise<{ called: number[]; errors: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'workers/call-worker.ts'), file, ...counters.map(String)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`worker exited ${code}: ${err}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1)!));
    });
  });
}

describe('several processes on one SQLite file', () => {
  it('every ticket is called exactly once, none lost, no SQLITE_BUSY surfaces', async () => {
    const file = path.join(dir, 'navbat.sqlite');
    const database = openDatabase({ url: `file:${file}`, sqliteSynchronous: 'NORMAL' });
    await migrateToLatest(database.db);
    const app = await buildApp({ config: testConfig(), database });
    await app.services.bootstrap.ensureAdmin(adminPassword);
    await app.services.bootstrap.seedDemo();

    // One operator per counter, all 14 counters open.
    const counters = await database.db.selectFrom('counters').select('id').orderBy('id').execute();
    for (const c of counters) {
      const id = await insertUser(database.db, { username: `op-${c.id}`, password_hash: 'x', name: `Operator ${c.id}`, role: 'operator', active: 1, created_at: new Date().toISOString() });
      await app.services.counters.open({ id, username: `op-${c.id}`, name: '', role: 'operator', active: true }, c.id);
    }
    // A shared line of thousands of tickets over every service, some with priority.
    // Services of one step and no fee: a journey's ticket is called once per stop, a held fee not at all.
    const services = await database.db.selectFrom('services').select('id').where('fee', 'is', null).where('next_service_ids', '=', '[]').execute();
    const total = 2000;
    for (let i = 0; i < total; i++) {
      const serviceId = services[i % services.length]!.id;
      await app.services.tickets.issue('isb-g9', { serviceId, ...(i % 7 === 0 ? { priority: 'senior' } : {}) }, undefined);
    }
    await app.close();
    await database.close();

    const ids = counters.map((c) => c.id);
    const groups = [ids.slice(0, 4), ids.slice(4, 8), ids.slice(8, 11), ids.slice(11)];
    const results = await Promise.all(groups.map((g) => runWorker(file, g)));

    expect(results.flatMap((r) => r.errors)).toEqual([]);
    const called = results.flatMap((r) => r.called);
    expect(called.length).toBe(total);
    expect(new Set(called).size).toBe(total);
    expect(results.every((r) => r.called.length > 0)).toBe(true);

    const check = openDatabase({ url: `file:${file}` });
    const statuses = await check.db.selectFrom('tickets').select(['status']).execute();
    expect(statuses.length).toBe(total);
    expect(statuses.every((s) => s.status === 'done')).toBe(true);
    const calls = await check.db
      .selectFrom('ticket_events')
      .select((eb) => ['ticket_id', eb.fn.countAll().as('n')])
      .where('type', '=', 'called')
      .groupBy('ticket_id')
      .execute();
    expect(calls.length).toBe(total);
    expect(calls.every((c) => Number(c.n) === 1)).toBe(true);
    await check.close();
  }, 180_000);
});
