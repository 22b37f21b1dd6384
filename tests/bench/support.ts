import crypto from 'node:crypto';
import autocannon from 'autocannon';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtServer, deployedLaunch } from '../support/deployed';
import type { staffSession } from '../support/staff-http';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const adminPassword = 'bench-admin-password';

const hasTaskset = (() => {
  try {
    return fs.existsSync('/usr/bin/taskset') && os.cpus().length >= 2;
  } catch {
    return false;
  }
})();

/** The server gets CPU 0, load generators CPU 1 (when the machine has two cores or more). */
export const cpus = { server: '0', load: '1' };

/** Prefixes a command with `taskset -c` so the server and the load generator do not share a core. */
export function pinned(cpu: string, command: string, args: string[]): [string, string[]] {
  return hasTaskset ? ['taskset', ['-c', cpu, command, ...args]] : [command, args];
}

/** Every core of the machine, for figures where the OS schedules the processes (figure 9). */
export const allCpus = `0-${os.cpus().length - 1}`;

/** Pins this (load generator) process to its core (or to `cpu`, e.g. `allCpus` to let it go again), where taskset exists. */
export function pinSelf(cpu = cpus.load): void {
  if (!hasTaskset) return;
  // Synchronous, so a figure that lets go of the pin (figure 9) cannot race the runner's pin.
  spawnSync('taskset', ['-pc', cpu, String(process.pid)], { stdio: 'ignore' });
}

const madeDirs = new Set<string>();

/**
 * A temporary directory for a figure's files (databases, bodies). Removed by `removeTempDirs`, which the runner calls
 * after each figure, or when this process exits: a full run writes ~0.5 GiB of databases, and files left behind are
 * written back by the kernel while the next figures measure.
 */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `navbat-bench-${prefix}-`));
  madeDirs.add(dir);
  return dir;
}

/** Removes every directory `tempDir` made in this process (their processes must have stopped). */
export function removeTempDirs(): void {
  for (const dir of madeDirs) fs.rmSync(dir, { recursive: true, force: true });
  madeDirs.clear();
}
process.once('exit', removeTempDirs);

export interface RunningProcess {
  child: ChildProcess;
  port: number;
  url: string;
  /** CPU time (user + system) of the child so far, in milliseconds, from /proc. */
  cpuMs(): number;
  /** The same, split into user and system time. */
  cpu(): { cpuMs: number; userMs: number; sysMs: number };
  /** CPU time of the child's main thread (its event loop) so far; the rest is V8's helper threads (optimising compiler, GC) and workers. */
  mainThreadCpuMs(): number;
  /** Resident set size now, and its peak (VmHWM), in MiB. */
  memory(): { rssMiB: number; peakMiB: number };
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts a server process, runs `use` with it, and stops it whatever `use` did. */
export async function withServer<S extends RunningProcess, T>(start: () => Promise<S>, use: (server: S) => Promise<T>): Promise<T> {
  const server = await start();
  try {
    return await use(server);
  } finally {
    await server.stop();
  }
}

export const clockTicks = 100;

/** The fields of `/proc/<pid>/stat` (or a thread's) after the command name: 0-based, ppid is 1, utime 11, stime 12, cutime 13, cstime 14. */
function procStatFields(pid: number | string, thread?: number): string[] {
  const text = fs.readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8');
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

const ticksMs = (ticks: number) => (ticks * 1000) / clockTicks;

/** CPU time (user + system) of process `pid` so far, from /proc. */
export function readProcStat(pid: number, thread?: number): { cpuMs: number; userMs: number; sysMs: number } {
  const fields = procStatFields(pid, thread);
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return { cpuMs: ticksMs(utime + stime), userMs: ticksMs(utime), sysMs: ticksMs(stime) };
}

/**
 * A process's reads and writes so far (`/proc/<pid>/io`): bytes through `read`/`write`-like system calls (its sockets,
 * pipes and files) and the number of calls. Figures that do not move with the host's speed.
 */
export function ioOf(pid: number): { readBytes: number; reads: number; writtenBytes: number; writes: number } {
  const fields = new Map(
    fs
      .readFileSync(`/proc/${pid}/io`, 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split(': ') as [string, string]),
  );
  const field = (name: string) => Number(fields.get(name) ?? 0);
  return { readBytes: field('rchar'), reads: field('syscr'), writtenBytes: field('wchar'), writes: field('syscw') };
}

/** CPU so far of each of these processes (one that ended meanwhile is left out). */
export function cpuOfPids(pids: Iterable<number>): Map<number, number> {
  const cpu = new Map<number, number>();
  for (const pid of pids) {
    try {
      cpu.set(pid, readProcStat(pid).cpuMs);
    } catch {
      // ended meanwhile
    }
  }
  return cpu;
}

/** CPU of the processes between two readings of `cpuOfPids` (a process started since counts from zero). */
export function cpuSince(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>): number {
  let ms = 0;
  for (const [pid, now] of after) ms += now - (before.get(pid) ?? 0);
  return ms;
}

/**
 * CPU so far of all processes named `comm` (PostgreSQL's `postgres`, `redis-server`). With `endedChildren`, also what
 * the family's root (the one whose parent has another name, e.g. the postmaster) counts for its children that have
 * ended (an autovacuum worker, a backend whose connection closed), so a process ending between readings is not lost.
 */
export function cpuOfProcessesNamed(comm: string, opts: { endedChildren?: boolean } = {}): number {
  const named = (pid: string) => fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === comm;
  let total = 0;
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (!named(pid)) continue;
      const fields = procStatFields(pid);
      total += ticksMs(Number(fields[11]) + Number(fields[12]));
      if (opts.endedChildren && !named(fields[1]!)) total += ticksMs(Number(fields[13]) + Number(fields[14]));
    } catch {
      // ended meanwhile (with endedChildren, its root counts it)
    }
  }
  return total;
}

function readProcStatus(pid: number): { rssMiB: number; peakMiB: number } {
  const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(text)?.[1] ?? 0);
  return { rssMiB: kb('VmRSS') / 1024, peakMiB: kb('VmHWM') / 1024 };
}

/** Waits until `url` answers 200 (or throws after `timeoutMs`). */
export async function waitForHttp(url: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`${url} did not come up`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Picks a free TCP port. */
export async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * Starts a TypeScript entry point in its own Node process pinned to the server core. The process's
 * pid is the real node process (taskset execs it), so /proc readings are the server's own.
 */
export async function startProcess(entry: string, env: Record<string, string>, opts: { port?: number; readyPath?: string; nodeArgs?: string[]; cpu?: string } = {}): Promise<RunningProcess> {
  const port = opts.port ?? (await freePort());
  // TypeScript entries run through tsx; the built server (`npm run build -w server`) runs on plain node.
  const loader = entry.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const [cmd, args] = pinned(opts.cpu ?? cpus.server, process.execPath, [...(opts.nodeArgs ?? []), ...loader, entry]);
  const stdout = process.env.BENCH_STDOUT ? fs.openSync(process.env.BENCH_STDOUT, 'a') : 'ignore';
  const child = spawn(cmd, args, {
    cwd: repoRoot,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', stdout, 'pipe'],
  });
  // The child has its own copy of the file: the bench's is closed at once (one would stay open per process started).
  if (typeof stdout === 'number') fs.closeSync(stdout);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await Promise.race([
      waitForHttp(url + (opts.readyPath ?? '/readyz')),
      exited.then(() => {
        throw new Error(`${entry} exited early: ${stderr}`);
      }),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const pid = child.pid as number;
  return {
    child,
    port,
    url,
    cpuMs: () => readProcStat(pid).cpuMs,
    cpu: () => readProcStat(pid),
    mainThreadCpuMs: () => readProcStat(pid, pid).cpuMs,
    memory: () => readProcStatus(pid),
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Starts the raw insert route (`baseline.server.ts`: bare Fastify, one prepared insert) on a fresh file at `synchronous`. */
export const startRawInsertRoute = (synchronous: 'FULL' | 'NORMAL') =>
  startProcess('tests/bench/baseline.server.ts', { DATABASE_FILE: path.join(tempDir('baseline'), 'b.sqlite'), SQLITE_SYNCHRONOUS: synchronous });

/** Starts the real Navbat server (the bundle `npm start` runs) on its own temp database. */
export async function startNavbat(extraEnv: Record<string, string> = {}, opts: { port?: number; databaseFile?: string; nodeArgs?: string[]; cpu?: string } = {}): Promise<RunningProcess & { databaseFile: string }> {
  const databaseFile = opts.databaseFile ?? path.join(tempDir('navbat'), 'navbat.sqlite');
  // Measured as deployed: the bundle `npm start` runs (`npm run bench` builds it first).
  if (!fs.existsSync(path.join(repoRoot, builtServer))) throw new Error(`${builtServer} is missing: run \`npm run build -w server\``);
  const deployed = deployedLaunch();
  const proc = await startProcess(
    builtServer,
    {
      ...deployed.env,
      DATABASE_URL: `file:${databaseFile}`,
      SEED: 'demo',
      ADMIN_PASSWORD: adminPassword,
      RATE_LIMIT_PER_MINUTE: '0',
      LOGIN_ATTEMPTS_PER_MINUTE: '0',
      LOG_LEVEL: 'warn',
      SQLITE_SYNCHRONOUS: 'FULL',
      ...extraEnv,
    },
    {
      ...(opts.port !== undefined ? { port: opts.port } : {}),
      ...(opts.cpu !== undefined ? { cpu: opts.cpu } : {}),
      // BENCH_PROFILE=dir writes a V8 CPU profile of every Navbat process there (open it in Chrome DevTools).
      // BENCH_NODE_ARGS adds Node options to every Navbat process (e.g. `--trace-gc`, `--max-old-space-size=96`);
      // BENCH_STDOUT=file appends their standard output there (what `--trace-gc` prints).
      nodeArgs: [
        ...deployed.nodeArgs,
        ...(opts.nodeArgs ?? []),
        ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
        ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean),
      ],
    },
  );
  return { ...proc, databaseFile };
}

/** Creates `count` staff operators (op-bench-N) and returns their usernames. */
export async function createOperators(admin: Awaited<ReturnType<typeof staffSession>>, count: number, prefix = 'bench-op'): Promise<{ username: string; password: string }[]> {
  const users = [];
  for (let i = 1; i <= count; i++) {
    const username = `${prefix}-${i}`;
    const password = `${username}-password`;
    const res = await admin.call('POST', '/api/v1/admin/users', { username, password, name: `Bench operator ${i}`, role: 'operator' });
    if (res.status !== 201) throw new Error(`create user: ${res.status} ${JSON.stringify(res.body)}`);
    users.push({ username, password });
  }
  return users;
}

/** Quantiles of a list of numbers (sorted copy). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] as number;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One printed row of the results table. */
export interface BenchRow {
  figure: string;
  metric: string;
  baseline: number | null;
  navbat: number;
  unit: string;
  /** navbat / baseline, or for "lower is better" metrics baseline-relative as well (navbat / baseline). */
  ratio: number | null;
  target?: string;
  met?: boolean;
}

/** Throughput and latency of one autocannon run. */
export interface Load {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

/**
 * POSTs JSON bodies to `url` with autocannon at `connections` connections, each request with a fresh
 * Idempotency-Key; `overallRate` makes it an open loop (for latency) instead of as fast as possible.
 */
export function postLoad(url: string, body: () => string, opts: { connections: number; duration: number; overallRate?: number }): Promise<Load> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: opts.connections,
        duration: opts.duration,
        ...(opts.overallRate ? { overallRate: opts.overallRate } : {}),
        requests: [
          {
            method: 'POST',
            setupRequest: (req: Record<string, unknown>) => ({
              ...req,
              headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
              body: body(),
            }),
          },
        ],
      },
      (error: Error | null, result: autocannon.Result) => {
        if (error) return reject(error);
        resolve({ rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors + result.timeouts });
      },
    );
    instance.on('error', reject);
  });
}

/** GETs `url` with autocannon at `connections` connections for `duration` seconds (a closed loop). */
export function getLoad(url: string, opts: { connections: number; duration: number }): Promise<Load> {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url, connections: opts.connections, duration: opts.duration }, (error: Error | null, result: autocannon.Result) => {
      if (error) return reject(error);
      resolve({ rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors + result.timeouts });
    });
    instance.on('error', reject);
  });
}

/** Connections of the ticket-issuing figures. */
export const issueConnections = 50;

/** The `index`th of `targets` loads' share of `total` connections: as even as they go, the first ones one more (at least one each). */
export const connectionShare = (total: number, targets: number, index: number): number => Math.max(1, Math.floor(total / targets) + (index < total % targets ? 1 : 0));

/** A kiosk's request body for one of the demo centre's 11 services, at random. */
export const issueBody = () => JSON.stringify({ serviceId: 1 + Math.floor(Math.random() * 11), language: 'en' });

/** How long figure 1 measures one connection alone, for a figure of `durationSeconds`. */
export const singleConnectionSeconds = (durationSeconds: number) => Math.max(2, Math.round(durationSeconds / 2));

/**
 * Ticket issuing load: a short warm-up, a closed loop at 50 connections for throughput, then an open loop at `rate` (or
 * half the closed rate) for latency, then one connection alone (ms per request).
 */
export async function measureIssueLoad(url: string, body: () => string, durationSeconds: number, rate: number | null) {
  const connections = issueConnections;
  await postLoad(url, body, { connections, duration: 2 });
  const closed = await postLoad(url, body, { connections, duration: durationSeconds });
  const r = rate ?? Math.max(50, Math.round(closed.rps * 0.5));
  const open = await postLoad(url, body, { connections, duration: durationSeconds, overallRate: r });
  // One request at a time (issue 18: ≤ 0.5 ms per request): what a lone kiosk waits, no queue to hide in.
  const single = await postLoad(url, body, { connections: 1, duration: singleConnectionSeconds(durationSeconds) });
  return { closed, open, single, rate: r };
}
