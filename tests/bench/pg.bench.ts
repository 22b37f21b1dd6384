/**
 * Figures 1 and 2 on PostgreSQL: issuing tickets, and call → display, with Navbat on
 * `DATABASE_URL=postgres://…` against the same raw baselines on PostgreSQL (bare Fastify + one `pg`
 * insert; bare Socket.IO broadcasting after one `pg` commit). Each server gets a fresh database that
 * is dropped afterwards. `tests/bench/run.ts` calls `pgBench()` (or the two figures separately).
 */
import { buildApp } from '../../server/src/app';
import { testConfig } from '../../server/src/config';
import { openDatabase } from '../../server/src/db/database';
import { migrateToLatest } from '../../server/src/db/migrate';
import { createPgDatabase, postgresAvailable, type TestPgDatabase } from '../support/pg';
import { adminPassword, issueBody, measureIssueLoad, startNavbat, startProcess, withServer, type BenchRow, type RunningProcess } from './support';
import { issueRows, type IssueOptions } from './issue.bench';
import { callDisplayBoth, callDisplayRows, describeSamples, type CallDisplayOptions } from './call-display.bench';


/** Runs `fn` with a process started on a fresh PostgreSQL database, then stops it and drops the database. */
export async function onFreshDatabase<T>(label: string, start: (url: string) => Promise<RunningProcess>, fn: (server: RunningProcess) => Promise<T>): Promise<T> {
  const database: TestPgDatabase = await createPgDatabase(label);
  try {
    return await withServer(() => start(database.url), fn);
  } finally {
    await database.drop();
  }
}

export const startPgBaseline = (url: string, env: Record<string, string> = {}) => startProcess('tests/bench/pg-baseline.server.ts', { DATABASE_URL: url, ...env });
/** Migrates and seeds the database first (as the server would), so the timed start is only the start. */
export async function prepareNavbatDatabase(url: string): Promise<void> {
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
}

/** Navbat on a fresh PostgreSQL database, migrated and seeded first. */
async function startNavbatOnPg(url: string): Promise<RunningProcess> {
  await prepareNavbatDatabase(url);
  return startNavbat({ DATABASE_URL: url });
}

/** Whether PostgreSQL is there for these figures (throws in CI when it is not). */
export const pgBenchAvailable = postgresAvailable;

/** Figure 1 on PostgreSQL: POST tickets at 50 connections, Navbat vs bare Fastify + one `pg` insert. */
export async function pgIssueBench(opts: IssueOptions): Promise<BenchRow[]> {

  const base = await onFreshDatabase('bench_base', (url) => startPgBaseline(url), (s) => measureIssueLoad(`${s.url}/tickets`, issueBody, opts.durationSeconds, null));
  opts.log(`  pg baseline: ${base.closed.rps.toFixed(0)} req/s closed loop; p99 ${base.open.p99} ms at ${base.rate} req/s`);
  const nav = await onFreshDatabase('bench_nav', startNavbatOnPg, (s) => measureIssueLoad(`${s.url}/api/v1/centers/isb-g9/tickets`, issueBody, opts.durationSeconds, base.rate));
  return issueRows('1 issue a ticket (PostgreSQL)', base, nav, opts.log);
}

/** Figure 2 on PostgreSQL: call-next → the last of N displays, Navbat vs bare Socket.IO after one `pg` commit. */
export async function pgCallDisplayBench(opts: CallDisplayOptions): Promise<BenchRow[]> {
  const { nav, base } = await callDisplayBoth(
    opts,
    (use) => onFreshDatabase('bench_nav', startNavbatOnPg, (s) => use(s.url)),
    (messageBytes) => (use) => onFreshDatabase('bench_base', (url) => startPgBaseline(url, { MESSAGE_BYTES: String(messageBytes) }), (s) => use(s.url)),
  );
  opts.log(`  pg navbat:   ${describeSamples(nav.samples)}`);
  opts.log(`  pg baseline: ${describeSamples(base.samples)}`);
  return callDisplayRows('2 call → display (PostgreSQL)', opts, nav, base);
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
