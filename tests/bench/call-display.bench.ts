/**
 * Figure 2 — call → display: 1,000 `/display` sockets and 20 counters calling; the time from the
 * `call-next` request to the last display receiving `ticket:called`, against bare Socket.IO
 * broadcasting a message of the same size to the same number of sockets after one SQLite commit.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { adminPassword, createOperators, quantile, sleep, staffSession, startNavbat, startProcess, tempDir, type BenchRow } from './support';
import { closeAll, connectMany } from './displays';

export interface CallDisplayOptions {
  displays: number;
  counters: number;
  callsPerCounter: number;
  /** Each counter calls once per interval (staggered): an open loop, so latency is not hidden by back-pressure. */
  intervalMs: number;
  log: (line: string) => void;
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

async function navbatRun(opts: CallDisplayOptions): Promise<{ samples: number[]; messageBytes: number }> {
  const server = await startNavbat();
  const sockets = [];
  try {
    const admin = await staffSession(server.url, 'admin', adminPassword);
    const existing = (await admin.call<{ id: number }[]>('GET', '/api/v1/centers/isb-g9/counters')).body;
    const counterIds = existing.map((c) => c.id);
    for (let i = counterIds.length; i < opts.counters; i++) {
      const res = await admin.call<{ counter: { id: number } }>('POST', '/api/v1/admin/counters', { centerId: 'isb-g9', name: `X${i + 1}`, zone: 'hall-b', services: Array.from({ length: 11 }, (_, k) => ({ serviceId: k + 1 })) });
      counterIds.push(res.body.counter.id);
    }
    const users = await createOperators(admin, opts.counters);
    const operators = [];
    for (let i = 0; i < opts.counters; i++) {
      const op = await staffSession(server.url, users[i]!.username, users[i]!.password);
      const open = await op.call('POST', `/api/v1/counters/${counterIds[i]}/open`);
      if (open.status !== 200) throw new Error(`open counter: ${open.status} ${JSON.stringify(open.body)}`);
      operators.push({ op, counterId: counterIds[i] as number });
    }
    // Enough waiting tickets for every call; counters 1–14 serve only some services, so spread them.
    const total = opts.counters * opts.callsPerCounter * 2;
    for (let i = 0; i < total; i++) {
      await fetch(`${server.url}/api/v1/centers/isb-g9/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serviceId: 1 + (i % 11) }) });
    }
    sockets.push(...(await connectMany(`${server.url}/display`, opts.displays, { centerId: 'isb-g9' })));
    const tracker = receiptTracker(sockets as never, opts.displays);
    const samples: number[] = [];
    await Promise.all(
      operators.map(async ({ op, counterId }, index) => {
        const start = performance.now() + (index * opts.intervalMs) / opts.counters;
        for (let k = 0; k < opts.callsPerCounter; k++) {
          await sleep(start + k * opts.intervalMs - performance.now());
          const t0 = performance.now();
          const arrived = tracker.expect(counterId, t0);
          const res = await op.call('POST', `/api/v1/counters/${counterId}/call-next`);
          if (res.status === 204) break;
          if (res.status !== 200) throw new Error(`call-next: ${res.status} ${JSON.stringify(res.body)}`);
          samples.push(await arrived);
          const done = await op.call('POST', `/api/v1/counters/${counterId}/complete`, {});
          if (done.status !== 200) throw new Error(`complete: ${done.status}`);
        }
      }),
    );
    return { samples, messageBytes: tracker.messageBytes() };
  } finally {
    closeAll(sockets as never);
    await server.stop();
  }
}

async function baselineRun(opts: CallDisplayOptions, messageBytes: number): Promise<number[]> {
  const server = await startProcess('tests/bench/baseline.server.ts', { DATABASE_FILE: path.join(tempDir('baseline'), 'b.sqlite'), MESSAGE_BYTES: String(messageBytes) });
  const sockets = await connectMany(`${server.url}/display`, opts.displays, null);
  try {
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
    const samples: number[] = [];
    await Promise.all(
      Array.from({ length: opts.counters }, async (_, index) => {
        const start = performance.now() + (index * opts.intervalMs) / opts.counters;
        for (let k = 0; k < opts.callsPerCounter; k++) {
          await sleep(start + k * opts.intervalMs - performance.now());
          const t0 = performance.now();
          const { seq } = (await (await fetch(`${server.url}/call`, { method: 'POST' })).json()) as { seq: number };
          samples.push((await allReceived(seq)) - t0);
          // The real counter also completes the ticket in between: one more commit.
          await fetch(`${server.url}/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"serviceId":1}' });
        }
      }),
    );
    return samples;
  } finally {
    closeAll(sockets);
    await server.stop();
  }
}

export async function callDisplayBench(opts: CallDisplayOptions): Promise<BenchRow[]> {
  const nav = await navbatRun(opts);
  const late = (xs: number[]) => xs.map((x) => (Number.isNaN(x) ? Number.POSITIVE_INFINITY : x));
  opts.log(`  navbat:   ${nav.samples.length} calls, p50 ${quantile(late(nav.samples), 0.5).toFixed(1)} ms, p99 ${quantile(late(nav.samples), 0.99).toFixed(1)} ms (ticket:called is ${nav.messageBytes} bytes)`);
  const base = await baselineRun(opts, nav.messageBytes || 200);
  opts.log(`  baseline: ${base.length} calls, p50 ${quantile(late(base), 0.5).toFixed(1)} ms, p99 ${quantile(late(base), 0.99).toFixed(1)} ms`);
  // A lost call (some display never got it) counts as infinitely late.
  const withLost = late;
  const lost = { b: base.filter(Number.isNaN).length, n: nav.samples.filter(Number.isNaN).length };
  if (lost.b + lost.n > 0) opts.log(`  lost calls (not on every display within ${callTimeoutMs / 1000} s): baseline ${lost.b}, navbat ${lost.n}`);
  const p50 = { b: quantile(withLost(base), 0.5), n: quantile(withLost(nav.samples), 0.5) };
  const p99 = { b: quantile(withLost(base), 0.99), n: quantile(withLost(nav.samples), 0.99) };
  const label = `${opts.displays} displays, ${opts.counters} counters, ${((opts.counters * 1000) / opts.intervalMs).toFixed(0)} calls/s`;
  return [
    { figure: '2 call → display', metric: `p50 call-next → last display, ${label}`, baseline: p50.b, navbat: p50.n, unit: 'ms', ratio: p50.n / p50.b },
    { figure: '2 call → display', metric: `p99 call-next → last display, ${label}`, baseline: p99.b, navbat: p99.n, unit: 'ms', ratio: p99.n / p99.b, target: '≤ 1.30', met: p99.n / p99.b <= 1.3 },
  ];
}
