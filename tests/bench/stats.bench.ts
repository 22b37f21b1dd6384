/**
 * Statistics speed: a month of 300,000 tickets in one SQLite file, then `GET /stats` for the whole month
 * (and for one day) many times; prints median and p99 latency.
 *
 *   node --import tsx tests/bench/stats.bench.ts            # 300,000 tickets, 30 runs each
 *   TICKETS=100000 RUNS=10 node --import tsx tests/bench/stats.bench.ts
 *
 * The month is written straight into the file (one transaction, prepared statements), not through the API:
 * the point is the read side. Realistic shape: 11 services, 14 counters, opening hours 09–17 local time,
 * ~80 % served, ~8 % no-show, ~4 % cancelled, waits of a few minutes to an hour.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../../server/src/app';
import { testConfig } from '../../server/src/config';
import { openDatabase } from '../../server/src/db/database';
import { migrateToLatest } from '../../server/src/db/migrate';
import { tempDir } from './support';

const ticketCount = Number(process.env.TICKETS ?? 300_000);
const runs = Number(process.env.RUNS ?? 30);
const days = 30;
const firstDay = Date.UTC(2026, 9, 1); // 2026-10-01
const adminPassword = 'bench-admin-password';

function quantile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] as number;
}

// A small deterministic generator so every run measures the same month.
let seed = 42;
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
  return seed / 0x7fffffff;
}

async function main() {
  // REUSE=path keeps the generated file there and reuses it on the next run (for tuning queries).
  const reuse = process.env.REUSE;
  // Otherwise a temporary file, removed when this process exits (`tempDir`).
  const file = reuse ? path.resolve(reuse) : path.join(tempDir('stats'), 'stats.sqlite');
  const existing = reuse !== undefined && fs.existsSync(file);
  const clock = { now: () => new Date(firstDay + (days - 1) * 86_400_000 + 12 * 3_600_000) };
  const database = openDatabase({ url: `file:${file}`, sqliteSynchronous: 'NORMAL' });
  await migrateToLatest(database.db);
  const app = await buildApp({ config: testConfig({}), database, clock });
  await app.services.bootstrap.ensureAdmin(adminPassword);
  await app.services.bootstrap.seedDemo();
  await app.ready();

  const sqlite = database.sqlite!;
  const services = sqlite.prepare("select id, prefix from services where center_id = 'isb-g9' order by id").all() as { id: number; prefix: string }[];
  const counters = sqlite.prepare("select id from counters where center_id = 'isb-g9' order by id").all() as { id: number }[];
  const operators = sqlite.prepare("select id from users where role = 'operator'").all() as { id: number }[];

  const t0 = performance.now();
  if (existing) console.log(`reusing ${file}`);
  const insert = sqlite.prepare(`insert into tickets (public_id, center_id, service_id, service_day, number, code, status, priority, channel, language,
      issued_at, queued_at, first_called_at, called_at, started_at, finished_at, wait_ms, service_ms, counter_id, first_counter_id, operator_id, recall_count, rating)
      values (?, 'isb-g9', ?, ?, ?, ?, ?, ?, 'kiosk', 'en', ?, ?, ?, ?, ?, ?, ?, ?, null, ?, ?, 0, ?)`);
  const perDay = Math.ceil(ticketCount / days);
  const fill = sqlite.transaction(() => {
    let written = 0;
    for (let d = 0; d < days && written < ticketCount; d++) {
      const numbers = new Map<number, number>();
      const dayStartUtc = firstDay + d * 86_400_000 + 4 * 3_600_000; // 09:00 in Asia/Karachi
      const day = new Date(firstDay + d * 86_400_000).toISOString().slice(0, 10);
      for (let i = 0; i < perDay && written < ticketCount; i++, written++) {
        const service = services[Math.floor(random() * services.length)]!;
        const number = (numbers.get(service.id) ?? 0) + 1;
        numbers.set(service.id, number);
        const issued = dayStartUtc + Math.floor((i / perDay) * 8 * 3_600_000);
        const r = random();
        const status = r < 0.8 ? 'done' : r < 0.88 ? 'no_show' : r < 0.92 ? 'cancelled' : r < 0.96 ? 'expired' : 'done';
        const called = status === 'cancelled' || status === 'expired' ? null : issued + Math.floor(random() * random() * 3_600_000);
        const started = status === 'done' && called !== null ? called + 30_000 : null;
        const finished = started !== null ? started + 60_000 + Math.floor(random() * 600_000) : null;
        const counter = called !== null ? counters[Math.floor(random() * counters.length)]!.id : null;
        const operator = called !== null ? operators[Math.floor(random() * operators.length)]!.id : null;
        const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
        insert.run(
          `bench${d}x${i}x${service.id}`.padEnd(16, '0'),
          service.id,
          day,
          number,
          `${service.prefix}${String(number).padStart(3, '0')}`,
          status,
          random() < 0.05 ? 'senior' : 'none',
          iso(issued),
          iso(issued),
          iso(called),
          iso(called),
          iso(started),
          iso(finished),
          called === null ? null : called - issued,
          finished === null || started === null ? null : finished - started,
          counter,
          operator,
          status === 'done' && random() < 0.3 ? 1 + Math.floor(random() * 5) : null,
        );
      }
    }
  });
  if (!existing) fill();
  sqlite.exec('analyze');
  const generated = sqlite.prepare('select count(*) as n from tickets').get() as { n: number };
  console.log(`generated ${generated.n} tickets over ${days} days in ${((performance.now() - t0) / 1000).toFixed(1)} s (${(fs.statSync(file).size / 2 ** 20).toFixed(0)} MiB)`);

  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: adminPassword } });
  const cookie = res.headers['set-cookie'];
  const headers = { cookie: (Array.isArray(cookie) ? cookie[0]! : cookie!).split(';')[0]! };
  const lastDay = new Date(firstDay + (days - 1) * 86_400_000).toISOString().slice(0, 10);
  const firstDayIso = new Date(firstDay).toISOString().slice(0, 10);

  for (const [label, url] of [
    ['month', `/api/v1/centers/isb-g9/stats?from=${firstDayIso}&to=${lastDay}`],
    ['one day', `/api/v1/centers/isb-g9/stats?from=${lastDay}&to=${lastDay}`],
  ] as const) {
    const first = await app.inject({ method: 'GET', url, headers });
    if (first.statusCode !== 200) throw new Error(`stats answered ${first.statusCode}: ${first.body}`);
    const totals = first.json().totals;
    const times: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      const cpuStart = process.cpuUsage();
      const r = await app.inject({ method: 'GET', url, headers });
      times.push(performance.now() - start);
      const used = process.cpuUsage(cpuStart);
      cpu.push((used.user + used.system) / 1000);
      if (r.statusCode !== 200) throw new Error(`stats answered ${r.statusCode}`);
    }
    times.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    // CPU time is reported too: on a shared machine the wall clock mostly measures the neighbours.
    console.log(
      `GET /stats (${label}, ${totals.issued} tickets): median ${quantile(times, 0.5).toFixed(1)} ms, p99 ${quantile(times, 0.99).toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms over ${runs} runs; CPU median ${quantile(cpu, 0.5).toFixed(1)} ms, p99 ${quantile(cpu, 0.99).toFixed(1)} ms (load average ${os.loadavg()[0]!.toFixed(1)})`,
    );
  }

  await app.close();
  await database.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
