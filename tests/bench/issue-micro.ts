/**
 * Dev tool: the cost of one issue in-process (no HTTP load generator), and where its SQL time goes.
 *   node --import tsx tests/bench/issue-micro.ts [tickets] [waitingBefore]
 * Prints ms per issue (median) and the SQL statements by total time.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../../server/src/app';
import { testConfig } from '../../server/src/config';
import { openDatabase } from '../../server/src/db/database';
import { migrateToLatest } from '../../server/src/db/migrate';
import { quantile, tempDir } from './support';

const n = Number(process.argv[2] ?? 2000);
const before = Number(process.argv[3] ?? 0);
const dir = tempDir('issue-micro');
const database = openDatabase({ url: path.join(dir, 'navbat.sqlite'), sqliteSynchronous: 'NORMAL' });
const sqlStats = new Map<string, { n: number; ms: number }>();
const sqlite = database.sqlite!;
const prepare = sqlite.prepare.bind(sqlite);
let timing = false;
(sqlite as unknown as { prepare: unknown }).prepare = (text: string) => {
  const stmt = prepare(text);
  for (const m of ['run', 'get', 'all'] as const) {
    const orig = stmt[m].bind(stmt) as (...a: unknown[]) => unknown;
    (stmt as unknown as Record<string, unknown>)[m] = (...args: unknown[]) => {
      if (!timing) return orig(...args);
      const t0 = performance.now();
      try {
        return orig(...args);
      } finally {
        const s = sqlStats.get(text) ?? { n: 0, ms: 0 };
        s.n++;
        s.ms += performance.now() - t0;
        sqlStats.set(text, s);
      }
    };
  }
  return stmt;
};
await migrateToLatest(database.db);
const app = await buildApp({ config: testConfig(), database });
await app.services.bootstrap.ensureAdmin('bench-admin-password');
await app.services.bootstrap.seedDemo();
await app.ready();
let k = 0;
const issue = () =>
  app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/tickets', headers: { 'idempotency-key': `k-${k++}` }, payload: { serviceId: 1 + (k % 11), language: 'en' } });
for (let i = 0; i < before; i++) await issue();
for (let i = 0; i < 200; i++) await issue();
timing = process.env.SQL_TIMING === '1';
const times: number[] = [];
const t0 = performance.now();
const cpu0 = process.cpuUsage();
for (let i = 0; i < n; i++) {
  const s = performance.now();
  const r = await issue();
  times.push(performance.now() - s);
  if (r.statusCode !== 201) throw new Error(r.body);
}
const total = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
console.log(`CPU ${((cpu.user + cpu.system) / 1000 / n).toFixed(3)} ms per issue (user ${(cpu.user / 1000 / n).toFixed(3)}, system ${(cpu.system / 1000 / n).toFixed(3)})`);
console.log(`${n} issues (${before} waiting before): ${(total / n).toFixed(3)} ms each, median ${quantile(times, 0.5).toFixed(3)} p99 ${quantile(times, 0.99).toFixed(3)}`);
if (timing) {
  const sum = [...sqlStats.values()].reduce((a, s) => a + s.ms, 0);
  console.log(`SQL ${(sum / n).toFixed(3)} ms per issue`);
  for (const [text, s] of [...sqlStats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) console.log(`${(s.ms / n).toFixed(3)} ms  ${(s.n / n).toFixed(2)}×  ${text.replace(/\s+/g, ' ').slice(0, 160)}`);
}
await app.close();
await database.close();
fs.rmSync(dir, { recursive: true, force: true });
