/**
 * Figures 1 and 2 on PostgreSQL: issuing tickets, and call → display, with Navbat on
 * `DATABASE_URL=postgres://…` against the same raw baselines on PostgreSQL (bare Fastify + one `pg`
 * insert; bare Socket.IO broadcasting after one `pg` commit). Each server gets a fresh database that
 * is dropped afterwards. `tests/bench/run.ts` calls `pgBench()` (or the two figures separately).
 */
import { performance } from 'node:perf_hooks';
import { buildApp } from '../../server/src/app';
import { testConfig } from '../../server/src/config';
import { openDatabase } from '../../server/src/db/database';
import { migrateToLatest } from '../../server/src/db/migrate';
import { createPgDatabase, postgresAvailable, type TestPgDatabase } from '../support/pg';
import { adminPassword, createOperators, issueConnections, measureIssueLoad, quantile, sleep, staffSession, startNavbat, startProcess, type BenchRow, type RunningProcess } from './support';
import { closeAll, connectMany } from './displays';


/** Runs `fn` with a process started on a fresh PostgreSQL database, then stops it and drops the database. */
async function onFreshDatabase<T>(label: string, start: (url: string) => Promise<RunningProcess>, fn: (server: RunningProcess) => Promise<T>): Promise<T> {
  const database: TestPgDatabase = await createPgDatabase(label);
  try {
    const server = await start(database.url);
    try {
      return await fn(server);
    } finally {
      await server.stop();
    }
  } finally {
    await database.drop();
  }
}

const startBaseline = (url: string, env: Record<string, string> = {}) => startProcess('tests/bench/pg-baseline.server.ts', { DATABASE_URL: url, ...env });
/** Migrates and seeds the database first (as the server would), so the timed start is only the start. */
async function startNavbatOnPg(url: string): Promise<RunningProcess> {
  const database = openDatabase({ url });
  try {
    await migrateToLatest(database.db);
    const app = await buildApp({ config: testConfig(), database });
    await app.services.bootstrap.ensureAdmin(adminPassword);
    await app.services.bootstrap.seedDemo();
    await app.close();
  } finally {
    await database.close();
  }
  return startNavbat({ DATABASE_URL: url });
}

/** Whether PostgreSQL is there for these figures (throws in CI when it is not). */
export const pgBenchAvailable = postgresAvailable;

export interface PgIssueOptions {
  durationSeconds: number;
  log: (line: string) => void;
}

/** Figure 1 on PostgreSQL: POST tickets at 50 connections, Navbat vs bare Fastify + one `pg` insert. */
export async function pgIssueBench(opts: PgIssueOptions): Promise<BenchRow[]> {
  const serviceIds = Array.from({ length: 11 }, (_, i) => i + 1);
  const body = () => JSON.stringify({ serviceId: serviceIds[Math.floor(Math.random() * serviceIds.length)], language: 'en' });

  const base = await onFreshDatabase('bench_base', (url) => startBaseline(url), (s) => measureIssueLoad(`${s.url}/tickets`, body, opts.durationSeconds, null));
  opts.log(`  pg baseline: ${base.closed.rps.toFixed(0)} req/s closed loop; p99 ${base.open.p99} ms at ${base.rate} req/s`);
  const nav = await onFreshDatabase('bench_nav', startNavbatOnPg, (s) => measureIssueLoad(`${s.url}/api/v1/centers/isb-g9/tickets`, body, opts.durationSeconds, base.rate));
  opts.log(`  pg navbat:   ${nav.closed.rps.toFixed(0)} req/s closed loop; p99 ${nav.open.p99} ms at ${nav.rate} req/s (non-2xx ${nav.closed.non2xx + nav.open.non2xx}, errors ${nav.closed.errors + nav.open.errors})`);
  if (nav.closed.non2xx + nav.open.non2xx > 0) throw new Error('Navbat answered non-2xx during the PostgreSQL issue benchmark');

  const figure = '1 issue a ticket (PostgreSQL)';
  return [
    { figure, metric: `requests/s, ${issueConnections} connections`, baseline: base.closed.rps, navbat: nav.closed.rps, unit: 'req/s', ratio: nav.closed.rps / base.closed.rps },
    { figure, metric: `p99 latency at ${base.rate} req/s (open loop)`, baseline: base.open.p99, navbat: nav.open.p99, unit: 'ms', ratio: nav.open.p99 / Math.max(base.open.p99, 1) },
    { figure, metric: `p50 latency at ${base.rate} req/s (open loop)`, baseline: base.open.p50, navbat: nav.open.p50, unit: 'ms', ratio: nav.open.p50 / Math.max(base.open.p50, 1) },
  ];
}

export interface PgCallDisplayOptions {
  displays: number;
  counters: number;
  callsPerCounter: number;
  /** Each counter calls once per interval (staggered): an open loop. */
  intervalMs: number;
  log: (line: string) => void;
}

type Listener = { on: (event: string, fn: (payload: { counterId?: number; recall?: boolean }) => void) => void };

/** Resolves, per call, the time until the `ticket:called` reached every display; `key` picks the waiter. */
function receipts(sockets: Listener[], key: (payload: { counterId?: number }) => number | 'oldest') {
  const byCounter = new Map<number, { t0: number; count: number; resolve: (ms: number) => void }>();
  const queue: { t0: number; count: number; resolve: (ms: number) => void }[] = [];
  let bytes = 0;
  for (const s of sockets) {
    s.on('ticket:called', (payload) => {
      if (bytes === 0) bytes = Buffer.byteLength(JSON.stringify(payload));
      if (payload.recall) return;
      const k = key(payload);
      const w = k === 'oldest' ? queue[0] : byCounter.get(k);
      if (!w) return;
      w.count += 1;
      if (w.count === sockets.length) {
        if (k === 'oldest') queue.shift();
        else byCounter.delete(k);
        w.resolve(performance.now() - w.t0);
      }
    });
  }
  return {
    expect: (k: number | 'oldest', t0: number) =>
      new Promise<number>((resolve) => {
        const w = { t0, count: 0, resolve };
        if (k === 'oldest') queue.push(w);
        else byCounter.set(k, w);
      }),
    messageBytes: () => bytes,
  };
}

/** Each of `counters` callers calls once per interval, staggered; returns every call's receipt time. */
async function paced(opts: PgCallDisplayOptions, call: (index: number, k: number) => Promise<number | null>): Promise<number[]> {
  const samples: number[] = [];
  await Promise.all(
    Array.from({ length: opts.counters }, async (_, index) => {
      const start = performance.now() + (index * opts.intervalMs) / opts.counters;
      for (let k = 0; k < opts.callsPerCounter; k++) {
        await sleep(start + k * opts.intervalMs - performance.now());
        const ms = await call(index, k);
        if (ms === null) break;
        samples.push(ms);
      }
    }),
  );
  return samples;
}

async function navbatCalls(server: RunningProcess, opts: PgCallDisplayOptions) {
  const admin = await staffSession(server.url, 'admin', adminPassword);
  const counterIds = (await admin.call<{ id: number }[]>('GET', '/api/v1/centers/isb-g9/counters')).body.map((c) => c.id);
  for (let i = counterIds.length; i < opts.counters; i++) {
    const res = await admin.call<{ counter: { id: number } }>('POST', '/api/v1/admin/counters', { centerId: 'isb-g9', name: `X${i + 1}`, zone: 'hall-b', services: Array.from({ length: 11 }, (_, k) => ({ serviceId: k + 1 })) });
    counterIds.push(res.body.counter.id);
  }
  const users = await createOperators(admin, opts.counters);
  const operators: { op: Awaited<ReturnType<typeof staffSession>>; counterId: number }[] = [];
  for (let i = 0; i < opts.counters; i++) {
    const op = await staffSession(server.url, users[i]!.username, users[i]!.password);
    const open = await op.call('POST', `/api/v1/counters/${counterIds[i]}/open`);
    if (open.status !== 200) throw new Error(`open counter: ${open.status} ${JSON.stringify(open.body)}`);
    operators.push({ op, counterId: counterIds[i]! });
  }
  for (let i = 0; i < opts.counters * opts.callsPerCounter * 2; i++) {
    await fetch(`${server.url}/api/v1/centers/isb-g9/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serviceId: 1 + (i % 11) }) });
  }
  const sockets = await connectMany(`${server.url}/display`, opts.displays, { centerId: 'isb-g9' });
  try {
    const tracker = receipts(sockets as unknown as Listener[], (p) => p.counterId ?? -1);
    const samples = await paced(opts, async (index) => {
      const { op, counterId } = operators[index]!;
      const t0 = performance.now();
      const arrived = tracker.expect(counterId, t0);
      const res = await op.call('POST', `/api/v1/counters/${counterId}/call-next`);
      if (res.status === 204) return null;
      if (res.status !== 200) throw new Error(`call-next: ${res.status} ${JSON.stringify(res.body)}`);
      const ms = await arrived;
      const done = await op.call('POST', `/api/v1/counters/${counterId}/complete`, {});
      if (done.status !== 200) throw new Error(`complete: ${done.status}`);
      return ms;
    });
    return { samples, messageBytes: tracker.messageBytes() };
  } finally {
    closeAll(sockets);
  }
}

async function baselineCalls(server: RunningProcess, opts: PgCallDisplayOptions) {
  const sockets = await connectMany(`${server.url}/display`, opts.displays, null);
  try {
    // Broadcasts leave the baseline in call order, so each receipt belongs to the oldest outstanding call.
    const tracker = receipts(sockets as unknown as Listener[], () => 'oldest');
    return await paced(opts, async () => {
      const t0 = performance.now();
      const arrived = tracker.expect('oldest', t0);
      await fetch(`${server.url}/call`, { method: 'POST' });
      const ms = await arrived;
      // The real counter also completes the ticket in between: one more commit.
      await fetch(`${server.url}/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"serviceId":1}' });
      return ms;
    });
  } finally {
    closeAll(sockets);
  }
}

/** Figure 2 on PostgreSQL: call-next → the last of N displays, Navbat vs bare Socket.IO after one `pg` commit. */
export async function pgCallDisplayBench(opts: PgCallDisplayOptions): Promise<BenchRow[]> {
  const nav = await onFreshDatabase('bench_nav', startNavbatOnPg, (s) => navbatCalls(s, opts));
  opts.log(`  pg navbat:   ${nav.samples.length} calls, p50 ${quantile(nav.samples, 0.5).toFixed(1)} ms, p99 ${quantile(nav.samples, 0.99).toFixed(1)} ms`);
  const base = await onFreshDatabase('bench_base', (url) => startBaseline(url, { MESSAGE_BYTES: String(nav.messageBytes || 200) }), (s) => baselineCalls(s, opts));
  opts.log(`  pg baseline: ${base.length} calls, p50 ${quantile(base, 0.5).toFixed(1)} ms, p99 ${quantile(base, 0.99).toFixed(1)} ms`);
  const p50 = { b: quantile(base, 0.5), n: quantile(nav.samples, 0.5) };
  const p99 = { b: quantile(base, 0.99), n: quantile(nav.samples, 0.99) };
  const label = `${opts.displays} displays, ${opts.counters} counters, ${((opts.counters * 1000) / opts.intervalMs).toFixed(0)} calls/s`;
  const figure = '2 call → display (PostgreSQL)';
  return [
    { figure, metric: `p50 call-next → last display, ${label}`, baseline: p50.b, navbat: p50.n, unit: 'ms', ratio: p50.n / p50.b },
    { figure, metric: `p99 call-next → last display, ${label}`, baseline: p99.b, navbat: p99.n, unit: 'ms', ratio: p99.n / p99.b },
  ];
}

/** Both PostgreSQL figures, or none (with a line saying why) when PostgreSQL is absent outside CI. */
export async function pgBench(opts: { quick: boolean; log: (line: string) => void }): Promise<BenchRow[]> {
  if (!(await pgBenchAvailable())) {
    opts.log('  PostgreSQL is not reachable at 127.0.0.1:5432: PostgreSQL figures skipped');
    return [];
  }
  return [
    ...(await pgIssueBench({ durationSeconds: opts.quick ? 3 : 10, log: opts.log })),
    ...(await pgCallDisplayBench({ displays: opts.quick ? 200 : 1000, counters: 20, callsPerCounter: opts.quick ? 3 : 10, intervalMs: 2000, log: opts.log })),
  ];
}

// `node --import tsx tests/bench/pg.bench.ts [--quick]` prints the PostgreSQL figures on their own.
if (process.argv[1]?.endsWith('pg.bench.ts')) {
  const rows = await pgBench({ quick: process.argv.includes('--quick'), log: (line) => console.log(line) });
  for (const r of rows) console.log(`${r.figure} | ${r.metric} | baseline ${r.baseline?.toFixed(1)} | navbat ${r.navbat.toFixed(1)} ${r.unit} | ratio ${r.ratio?.toFixed(2)}`);
}
