/**
 * Figure 2 — call → display: 1,000 `/display` sockets and 20 counters calling; the time from the
 * `call-next` request to the last display receiving `ticket:called`, against bare Socket.IO
 * broadcasting a message of the same size to the same number of sockets after one SQLite commit.
 * Then, on the same servers and sockets, one counter calling as fast as it completes (a closed loop: call-next, the
 * last display has it, complete, the next call-next), against the raw broadcast in the same loop (issue 18). Both
 * phases run in blocks, the two sides taking turns.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { adminPassword, createOperators, quantile, sleep, startNavbat, startProcess, tempDir, withServer, type BenchRow } from './support';
import { staffSession } from '../support/staff-http';
import { closeAll, connectMany } from './displays';

export interface CallDisplayOptions {
  displays: number;
  counters: number;
  callsPerCounter: number;
  /** Each counter calls once per interval (staggered): an open loop, so latency is not hidden by back-pressure. */
  intervalMs: number;
  /** After the paced calls: this many calls by one counter in a closed loop (0: none). */
  closedLoopCalls?: number;
  log: (line: string) => void;
}

/** Both phases' samples (ms from the call to the last display; NaN: some display never had it). */
export interface CallSamples {
  samples: number[];
  closedSamples: number[];
}

/** A call that has not reached every display after this long counts as lost. */
const callTimeoutMs = 15_000;

interface Waiter {
  t0: number;
  count: number;
  resolve: (ms: number) => void;
}

/** Listens on every display and resolves a waiter when its `ticket:called` reached all of them. */
function receiptTracker(sockets: { on: (e: string, f: (p: { counterId: number; recall?: boolean }) => void) => void }[], total: number) {
  const waiters = new Map<number, Waiter>();
  let bytes = 0;
  for (const s of sockets) {
    s.on('ticket:called', (payload) => {
      if (bytes === 0) bytes = Buffer.byteLength(JSON.stringify(payload));
      if (payload.recall) return;
      const w = waiters.get(payload.counterId);
      if (!w) return;
      w.count += 1;
      if (w.count === total) {
        waiters.delete(payload.counterId);
        w.resolve(performance.now() - w.t0);
      }
    });
  }
  return {
    /** Resolves with the milliseconds until the last display had it, or NaN when some display never did. */
    expect(counterId: number, t0: number): Promise<number> {
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiters.delete(counterId);
          resolve(Number.NaN);
        }, callTimeoutMs);
        waiters.set(counterId, { t0, count: 0, resolve: (ms) => (clearTimeout(timer), resolve(ms)) });
      });
    },
    messageBytes: () => bytes,
  };
}

/**
 * Each of `counters` callers calls `callsPerCounter` times, once per interval, staggered (an open loop); `call` answers
 * null when its line is empty.
 */
async function paced(opts: CallDisplayOptions, callsPerCounter: number, call: (index: number) => Promise<number | null>): Promise<number[]> {
  const samples: number[] = [];
  await Promise.all(
    Array.from({ length: opts.counters }, async (_, index) => {
      const start = performance.now() + (index * opts.intervalMs) / opts.counters;
      for (let k = 0; k < callsPerCounter; k++) {
        await sleep(start + k * opts.intervalMs - performance.now());
        const ms = await call(index);
        if (ms === null) break;
        samples.push(ms);
      }
    }),
  );
  return samples;
}

/** One caller calling `calls` times, each call as soon as the one before is on every display and done (a closed loop). */
async function closedLoop(calls: number, call: () => Promise<number | null>): Promise<number[]> {
  const samples: number[] = [];
  for (let k = 0; k < calls; k++) {
    const ms = await call();
    if (ms === null) throw new Error(`closed loop: the line ran out after ${k} of ${calls} calls`);
    samples.push(ms);
  }
  return samples;
}

/** One side of the figure on a running server, its displays connected: paced calls and closed-loop calls on demand. */
interface Caller {
  /** `callsPerCounter` more paced calls of every counter. */
  paced(callsPerCounter: number): Promise<number[]>;
  /** `calls` more calls of the closed loop. */
  closed(calls: number): Promise<number[]>;
  messageBytes(): number;
  close(): void;
}

/** The paced calls run in this many blocks per side, the sides alternating (Navbat's first, which sizes the baseline's message). */
const pacedBlocks = 4;
/** The closed loop runs in this many blocks per side, the sides alternating. */
const closedLoopBlocks = 8;

/** Runs `total` calls as `blocks` blocks of `run(calls)` (as even as they divide), in turn. */
async function inBlocks(total: number, blocks: number, run: (calls: number) => Promise<void>): Promise<void> {
  for (let block = 0, done = 0; done < total; block++) {
    const calls = Math.ceil((total - done) / Math.max(1, blocks - block));
    await run(calls);
    done += calls;
  }
}

/** Navbat's half on a running server (SQLite or PostgreSQL): operators at `counters` counters call and complete. */
async function navbatCaller(serverUrl: string, opts: CallDisplayOptions): Promise<Caller> {
  const closedCalls = opts.closedLoopCalls ?? 0;
  const admin = await staffSession(serverUrl, 'admin', adminPassword);
  const counterIds = (await admin.call<{ id: number }[]>('GET', '/api/v1/centers/isb-g9/counters')).body.map((c) => c.id);
  const allServices = Array.from({ length: 11 }, (_, k) => ({ serviceId: k + 1 }));
  const addCounter = async (name: string) =>
    (await admin.call<{ counter: { id: number } }>('POST', '/api/v1/admin/counters', { centerId: 'isb-g9', name, zone: 'hall-b', services: allServices })).body.counter.id;
  for (let i = counterIds.length; i < opts.counters; i++) counterIds.push(await addCounter(`X${i + 1}`));
  // The closed loop's own counter serves every service, so any ticket the paced calls left is one it can call.
  const used = [...counterIds.slice(0, opts.counters), ...(closedCalls > 0 ? [await addCounter('Closed loop')] : [])];
  const users = await createOperators(admin, used.length);
  const operators: { op: Awaited<ReturnType<typeof staffSession>>; counterId: number }[] = [];
  for (const [i, counterId] of used.entries()) {
    const op = await staffSession(serverUrl, users[i]!.username, users[i]!.password);
    const open = await op.call('POST', `/api/v1/counters/${counterId}/open`);
    if (open.status !== 200) throw new Error(`open counter: ${open.status} ${JSON.stringify(open.body)}`);
    operators.push({ op, counterId });
  }
  // Enough waiting tickets for every call; counters 1–14 serve only some services, so spread them.
  for (let i = 0; i < opts.counters * opts.callsPerCounter * 2 + closedCalls; i++) {
    await fetch(`${serverUrl}/api/v1/centers/isb-g9/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serviceId: 1 + (i % 11) }) });
  }
  const sockets = await connectMany(`${serverUrl}/display`, opts.displays, { centerId: 'isb-g9' });
  const tracker = receiptTracker(sockets as never, opts.displays);
  const call = async (index: number) => {
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
  };
  return {
    paced: (calls) => paced(opts, calls, call),
    closed: (calls) => closedLoop(calls, () => call(opts.counters)),
    messageBytes: tracker.messageBytes,
    close: () => closeAll(sockets as never),
  };
}

/** The baseline's half on a running baseline server: `POST /call` broadcasts; each call waits for every display. */
async function baselineCaller(serverUrl: string, opts: CallDisplayOptions): Promise<Caller> {
  const sockets = await connectMany(`${serverUrl}/display`, opts.displays, null);
  // Receipts per broadcast `seq`; the caller learns its seq from the answer to its request.
  const receipts = new Map<number, { count: number; last: number; done?: (last: number) => void }>();
  for (const s of sockets) {
    s.on('ticket:called', (payload: { seq: number }) => {
      const r = receipts.get(payload.seq) ?? { count: 0, last: 0 };
      r.count += 1;
      r.last = performance.now();
      receipts.set(payload.seq, r);
      if (r.count === opts.displays) r.done?.(r.last);
    });
  }
  const allReceived = (seq: number) =>
    new Promise<number>((resolve) => {
      const r = receipts.get(seq) ?? { count: 0, last: 0 };
      receipts.set(seq, r);
      if (r.count === opts.displays) return resolve(r.last);
      const timer = setTimeout(() => resolve(Number.NaN), callTimeoutMs);
      r.done = (last) => (clearTimeout(timer), resolve(last));
    });
  const call = async () => {
    const t0 = performance.now();
    const { seq } = (await (await fetch(`${serverUrl}/call`, { method: 'POST' })).json()) as { seq: number };
    const ms = (await allReceived(seq)) - t0;
    // The real counter also completes the ticket in between: one more commit.
    await fetch(`${serverUrl}/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"serviceId":1}' });
    return ms;
  };
  return {
    paced: (calls) => paced(opts, calls, call),
    closed: (calls) => closedLoop(calls, call),
    messageBytes: () => 0,
    close: () => closeAll(sockets),
  };
}

/** Runs `use` with a server up at `url`, then stops it. */
export type WithServer = <T>(use: (url: string) => Promise<T>) => Promise<T>;

/**
 * Both sides with both servers up, taking turns in blocks so a slow spell of the machine (it comes and goes within
 * minutes here) falls on both sides alike: the paced calls (Navbat's first block before the baseline starts, as its
 * message is sized to Navbat's), then the closed loop.
 */
export async function callDisplayBoth(
  opts: CallDisplayOptions,
  withNavbat: WithServer,
  withBaseline: (messageBytes: number) => WithServer,
): Promise<{ nav: CallSamples & { messageBytes: number }; base: CallSamples }> {
  return withNavbat(async (navUrl) => {
    const nav = await navbatCaller(navUrl, opts);
    try {
      const blocks = Math.min(pacedBlocks, opts.callsPerCounter);
      const first = Math.ceil(opts.callsPerCounter / blocks);
      const samples = { nav: await nav.paced(first), base: [] as number[] };
      const messageBytes = nav.messageBytes();
      return await withBaseline(messageBytes || 200)(async (baseUrl) => {
        const base = await baselineCaller(baseUrl, opts);
        try {
          samples.base.push(...(await base.paced(first)));
          await inBlocks(opts.callsPerCounter - first, blocks - 1, async (calls) => {
            samples.nav.push(...(await nav.paced(calls)));
            samples.base.push(...(await base.paced(calls)));
          });
          const closed = { nav: [] as number[], base: [] as number[] };
          await inBlocks(opts.closedLoopCalls ?? 0, closedLoopBlocks, async (calls) => {
            closed.nav.push(...(await nav.closed(calls)));
            closed.base.push(...(await base.closed(calls)));
          });
          return {
            nav: { samples: samples.nav, closedSamples: closed.nav, messageBytes },
            base: { samples: samples.base, closedSamples: closed.base },
          };
        } finally {
          base.close();
        }
      });
    } finally {
      nav.close();
    }
  });
}

/** The figure's rows from both sides' samples; a lost call (some display never got it) counts as infinitely late. */
export function callDisplayRows(figure: string, opts: CallDisplayOptions, nav: CallSamples, base: CallSamples, target?: { p99: number }): BenchRow[] {
  const paced = `${opts.displays} displays, ${opts.counters} counters, ${((opts.counters * 1000) / opts.intervalMs).toFixed(0)} calls/s`;
  const closed = `${opts.displays} displays, one counter calling as fast as it completes (closed loop, ${nav.closedSamples.length} calls)`;
  return [
    ...latencyRows(figure, paced, nav.samples, base.samples, opts.log, target),
    ...(nav.closedSamples.length > 0 && base.closedSamples.length > 0 ? latencyRows(figure, closed, nav.closedSamples, base.closedSamples, opts.log, target) : []),
  ];
}

function latencyRows(figure: string, label: string, nav: number[], base: number[], log: (line: string) => void, target?: { p99: number }): BenchRow[] {
  const late = (xs: number[]) => xs.map((x) => (Number.isNaN(x) ? Number.POSITIVE_INFINITY : x));
  const lost = { b: base.filter(Number.isNaN).length, n: nav.filter(Number.isNaN).length };
  if (lost.b + lost.n > 0) log(`  lost calls (not on every display within ${callTimeoutMs / 1000} s), ${label}: baseline ${lost.b}, navbat ${lost.n}`);
  const p50 = { b: quantile(late(base), 0.5), n: quantile(late(nav), 0.5) };
  const p99 = { b: quantile(late(base), 0.99), n: quantile(late(nav), 0.99) };
  return [
    { figure, metric: `p50 call-next → last display, ${label}`, baseline: p50.b, navbat: p50.n, unit: 'ms', ratio: p50.n / p50.b },
    {
      figure,
      metric: `p99 call-next → last display, ${label}`,
      baseline: p99.b,
      navbat: p99.n,
      unit: 'ms',
      ratio: p99.n / p99.b,
      ...(target ? { target: `≤ ${target.p99.toFixed(2)}`, met: p99.n / p99.b <= target.p99 } : {}),
    },
  ];
}

/** Both phases' samples as "p50 … ms, p99 … ms" (lost calls as ∞). */
const describeBoth = (x: CallSamples) => describeSamples(x.samples) + (x.closedSamples.length > 0 ? `; closed loop: ${describeSamples(x.closedSamples)}` : '');

/** `n` samples as "p50 … ms, p99 … ms", lost calls as ∞. */
export const describeSamples = (xs: number[]) => {
  const late = xs.map((x) => (Number.isNaN(x) ? Number.POSITIVE_INFINITY : x));
  return `${xs.length} calls, p50 ${quantile(late, 0.5).toFixed(1)} ms, p99 ${quantile(late, 0.99).toFixed(1)} ms`;
};

export async function callDisplayBench(opts: CallDisplayOptions): Promise<BenchRow[]> {
  const { nav, base } = await callDisplayBoth(
    opts,
    (use) => withServer(() => startNavbat(), (s) => use(s.url)),
    (messageBytes) => (use) =>
      withServer(() => startProcess('tests/bench/baseline.server.ts', { DATABASE_FILE: path.join(tempDir('baseline'), 'b.sqlite'), MESSAGE_BYTES: String(messageBytes) }), (s) => use(s.url)),
  );
  opts.log(`  navbat:   ${describeBoth(nav)} (ticket:called is ${nav.messageBytes} bytes)`);
  opts.log(`  baseline: ${describeBoth(base)}`);
  return callDisplayRows('2 call → display', opts, nav, base, { p99: 1.3 });
}
