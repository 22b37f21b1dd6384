/**
 * `npm run bench`: the five figures of issue 7, each against a raw baseline started in the same run,
 * printed as one table and written into docs/PERFORMANCE.md (between the bench markers).
 *
 *   npm run bench                       # everything (about 6–9 minutes on a 2-core machine)
 *   BENCH_ONLY=1,3 npm run bench        # some figures only
 *   BENCH_ONLY=1,2,3,4,5,pg npm run bench # also figures 1 and 2 on PostgreSQL (needs a server)
 *   BENCH_QUICK=1 npm run bench         # fewer samples and a 1,000-ticket day, for busy machines
 *   BENCH_DAY_TICKETS=2000 npm run bench # another size for figure 3
 *   BENCH_ONLY=6 npm run bench          # figure 6 only: estimate accuracy (simulated hall) and estimating's cost at issue
 *   BENCH_ONLY=7 npm run bench          # figure 7 only: GET services/display with 0 and 5,000 waiting, and a raw route
 *   BENCH_ONLY=8 npm run bench          # figure 8 only: PostgreSQL round trips per command, and issuing with 1–3 instances
 *   BENCH_ONLY=9 npm run bench          # figure 9 only: 50 centres × 20 counters on 3 instances and one PostgreSQL (NATIONAL_* sizes it)
 *
 * Exits 1 when any target is missed (or a figure fails).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import SQLite from 'better-sqlite3';
import { issueBench } from './issue.bench';
import { callDisplayBench } from './call-display.bench';
import { dayBench } from './day.bench';
import { restartBench } from './restart.bench';
import { pgBench } from './pg.bench';
import { pgScaleBench } from './pg-scale.bench';
import { nationalBench } from './national.bench';
import { estimateAccuracyBench } from './estimate-accuracy.bench';
import { estimateCostBench } from './estimate-cost.bench';
import { readsBench } from './reads.bench';
import { measureHostSpeed, summariseHostSpeed, type HostSpeed } from './host-speed';
import { cpus, pinSelf, quantile, removeTempDirs, repoRoot, tempDir, type BenchRow } from './support';

const quick = process.env.BENCH_QUICK === '1';
const only = new Set((process.env.BENCH_ONLY ?? '1,2,3,4,5,6,7,8,9').split(',').map((s) => s.trim()));
const log = (line: string) => console.log(line);

/**
 * Figure 4 runs tests/bench/stats.bench.ts (the statistics benchmark) in its own process on a kept file,
 * then times a bare SQL aggregate over the same month on the same file as the baseline.
 */
async function statsFigure(): Promise<BenchRow[]> {
  const script = path.join(repoRoot, 'tests/bench/stats.bench.ts');
  if (!fs.existsSync(script)) {
    log('  tests/bench/stats.bench.ts is missing: figure 4 skipped');
    return [];
  }
  const dir = tempDir('stats');
  const file = path.join(dir, 'stats.sqlite');
  const runs = quick ? 5 : 30;
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn('taskset', ['-c', cpus.server, process.execPath, '--import', 'tsx', script], {
      cwd: repoRoot,
      env: { ...process.env, REUSE: file, RUNS: String(runs), ...(quick ? { TICKETS: '50000' } : {}) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`stats.bench.ts exited with ${code}:\n${out}`))));
  });
  const month = /GET \/stats \(month, (\d+) tickets\): median ([\d.]+) ms, p99 ([\d.]+) ms/.exec(output);
  if (!month) throw new Error(`could not read the stats benchmark's output:\n${output}`);
  const [, tickets, median, p99] = month;
  log(`  navbat:   GET /stats for a month of ${tickets} tickets: median ${median} ms, p99 ${p99} ms`);

  // Baseline: the one aggregate a hand-written report would run, over the same rows.
  const sqlite = new SQLite(file, { readonly: true });
  const range = sqlite.prepare('select min(service_day) as lo, max(service_day) as hi from tickets').get() as { lo: string; hi: string };
  const aggregate = sqlite.prepare(`
    select service_id, count(*) as issued,
      sum(status = 'done') as served, sum(status = 'no_show') as no_show, sum(status = 'cancelled') as cancelled,
      avg((julianday(first_called_at) - julianday(issued_at)) * 86400) as avg_wait,
      avg((julianday(finished_at) - julianday(coalesce(started_at, called_at))) * 86400) as avg_service
    from tickets where center_id = ? and service_day between ? and ? group by service_id`);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    aggregate.all('isb-g9', range.lo, range.hi);
    times.push(performance.now() - t0);
  }
  sqlite.close();
  const b = { median: quantile(times, 0.5), p99: quantile(times, 0.99) };
  log(`  baseline: one bare SQL aggregate over the same month: median ${b.median.toFixed(1)} ms, p99 ${b.p99.toFixed(1)} ms`);
  return [
    { figure: '4 statistics', metric: `GET /stats median, a month of ${tickets} tickets`, baseline: b.median, navbat: Number(median), unit: 'ms', ratio: Number(median) / b.median },
    { figure: '4 statistics', metric: 'GET /stats p99', baseline: b.p99, navbat: Number(p99), unit: 'ms', ratio: Number(p99) / b.p99 },
  ];
}

function format(value: number | null, unit = ''): string {
  if (value === null || Number.isNaN(value)) return '—';
  if (!Number.isFinite(value)) return '∞';
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toFixed(digits)}${unit ? ` ${unit}` : ''}`;
}

function table(rows: BenchRow[]): string {
  const header = ['figure', 'metric', 'baseline', 'Navbat', 'ratio', 'target', 'met'];
  const lines = rows.map((r) => [
    r.figure,
    r.metric,
    format(r.baseline, r.unit),
    format(r.navbat, r.unit),
    r.ratio === null ? '—' : `${format(r.ratio)}×`,
    r.target ?? '',
    r.met === undefined ? '' : r.met ? 'yes' : 'no',
  ]);
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...lines.map((l) => `| ${l.join(' | ')} |`),
  ].join('\n');
}

function writePerformanceDoc(markdown: string): void {
  const file = path.join(repoRoot, 'docs/PERFORMANCE.md');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : `# Performance\n\n${start}\n${end}\n`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  const next = i >= 0 && j > i ? `${text.slice(0, i + start.length)}\n${markdown}\n${text.slice(j)}` : `${text}\n${start}\n${markdown}\n${end}\n`;
  fs.writeFileSync(file, next);
}

async function main() {
  pinSelf();
  const begun = performance.now();
  const loadBefore = os.loadavg()[0] ?? Number.NaN;
  const rows: BenchRow[] = [];
  // The host's speed before each figure and at the end (host-speed.ts): whether the run was quiet, and when it was not.
  const speeds: { label: string; speed: HostSpeed }[] = [];
  const measureSpeed = (label: string) => {
    const speed = measureHostSpeed();
    speeds.push({ label, speed });
    log(`  host speed ${label}: a unit of CPU work ${speed.server.toFixed(2)} ms on the server's core, ${speed.load.toFixed(2)} ms on the load generator's; a random read of memory ${speed.memory.toFixed(0)} ns`);
  };
  const figures: [string, string, () => Promise<BenchRow[]>][] = [
    ['1', 'issue a ticket', () => issueBench({ durationSeconds: quick ? 4 : 8, log })],
    ['2', 'call → display', () => callDisplayBench({ displays: 1000, counters: 20, callsPerCounter: quick ? 3 : 20, intervalMs: 2000, closedLoopCalls: quick ? 20 : 400, log })],
    ['3', 'a day in the hall', () => dayBench({ tickets: Number(process.env.BENCH_DAY_TICKETS ?? (quick ? 1000 : 10_000)), counters: 40, displays: 4, log })],
    ['4', 'statistics', statsFigure],
    ['5', 'restart', () => restartBench({ displays: 1000, log })],
    // Figure 6 (issue 16): estimator v2 against the naive estimate on a simulated hall, and what estimating costs at issue.
    ['6', 'estimates', async () => {
      const accuracy = estimateAccuracyBench(log);
      accuracy.lines.forEach((line) => log(`  ${line}`));
      return [...accuracy.rows, ...(await estimateCostBench({ samples: quick ? 100 : 300, log }))];
    }],
    // Figure 7 (issue 18): the polled reads with none and with 5,000 waiting, and against a raw route.
    ['7', 'polled reads', () => readsBench({ durationSeconds: quick ? 3 : 8, waiting: 5000, log })],
    // Figure 8 (issue 18): PostgreSQL round trips per command, and issuing with 1, 2 and 3 instances on one PostgreSQL and Redis.
    ['8', 'PostgreSQL: round trips and instances', () => pgScaleBench({ quick, log })],
    // Figure 9 (issue 18): a country on one PostgreSQL — 50 centres × 20 counters, 3 unpinned instances, a compressed day.
    ['9', 'a country on one PostgreSQL', () => nationalBench({ quick, log })],
    // Figures 1 and 2 again on PostgreSQL (tests/bench/pg.bench.ts); opt-in: BENCH_ONLY=…,pg.
    ['pg', 'figures 1 and 2 on PostgreSQL', () => pgBench({ quick, log })],
  ];
  for (const [id, name, run] of figures) {
    if (!only.has(id)) continue;
    log(`figure ${id}: ${name}`);
    measureSpeed(`before ${id}`);
    const t0 = performance.now();
    try {
      rows.push(...(await run()));
    } catch (error) {
      log(`  failed: ${(error as Error).stack ?? String(error)}`);
      rows.push({ figure: `${id} ${name}`, metric: `failed: ${(error as Error).message.split('\n')[0]}`, baseline: null, navbat: Number.NaN, unit: '', ratio: null, met: false });
    } finally {
      removeTempDirs();
    }
    log(`  (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  measureSpeed('at the end');
  const minutes = (performance.now() - begun) / 60_000;
  const result = table(rows);
  const host = summariseHostSpeed(speeds);
  console.log(`\n${result}\n\nall figures in ${minutes.toFixed(1)} min\n${host}`);
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average before the run ${loadBefore.toFixed(1)}`;
  if (['1', '2', '3', '4', '5'].every((id) => only.has(id))) {
    const command = quick ? 'BENCH_QUICK=1 npm run bench' : 'npm run bench';
    writePerformanceDoc([`Latest run: ${new Date().toISOString()} — \`${command}\` — ${minutes.toFixed(1)} min`, `Machine: ${machine}`, host, '', result].join('\n'));
    console.log('written to docs/PERFORMANCE.md');
  }
  // Any missed target (or a figure that failed) fails the run (issues 16 and 18), so a regression is seen.
  const missed = rows.filter((r) => r.met === false);
  if (missed.length > 0) console.log(`\n${missed.length} target(s) missed:\n${missed.map((r) => `  ${r.figure}: ${r.metric}`).join('\n')}`);
  process.exit(missed.length > 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
