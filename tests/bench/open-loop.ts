/**
 * Dev tool: issuing's latency in a true open loop (docs/PERFORMANCE.md, forty-fifth session), beside figure 1's.
 * Figure 1's "open loop" is autocannon's `overallRate`, which gives each connection a quota a second: every second its
 * connections send back to back until their quotas are used, then wait for the next second, so the first part of
 * each second is a closed loop at full concurrency; autocannon then corrects each latency for coordinated omission
 * with an expected interval of `ceil(1 / a connection's rate)` = 1 ms, recording a 40 ms answer as 40 samples (40, 39,
 * … 1 ms). So figure 1's p99 is the tail of a closed loop of 50 connections, weighted by length.
 *
 * This sends request i at start + i / rate whatever has come back, on a keep-alive pool of `connections` sockets (a
 * request waits for a free socket when all are busy), and times each from when it was due to its answer's end, so a
 * stall counts once for every request it delayed. It also reports how late the generator itself sent (its own
 * pauses: if that p99 is near the server's, the figure is the generator's).
 *   node --import tsx tests/bench/open-loop.ts [rate …]   # the raw route and Navbat at `NORMAL`, taking turns, 2 rounds a rate
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { cpus, issueBody, issueConnections, pinSelf, postLoad, quantile, startNavbat, startRawInsertRoute, withServer } from './support';

export interface OpenLoopResult {
  sent: number;
  ok: number;
  p50: number;
  p99: number;
  max: number;
  /** p99 of how late the generator sent a request after it was due (ms). */
  lateP99: number;
}

/** POSTs a fresh issue body every 1 / `rate` s for `seconds` to `url` over `connections` keep-alive sockets. */
export async function openLoop(url: string, rate: number, seconds: number, connections = issueConnections): Promise<OpenLoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const target = new URL(url);
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  const late: number[] = [];
  let ok = 0;
  let sent = 0;
  let done = 0;
  const start = performance.now();
  const dueAt = (i: number) => start + (i * 1000) / rate;
  await new Promise<void>((resolve) => {
    const finish = () => {
      if (++done === total) resolve();
    };
    const send = (due: number) => {
      late.push(performance.now() - due);
      const body = issueBody();
      const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'idempotency-key': crypto.randomUUID() };
      const req = http.request({ agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers }, (res) => {
        res.resume();
        res.on('end', () => {
          latencies.push(performance.now() - due);
          if (res.statusCode === 201) ok++;
          finish();
        });
      });
      req.on('error', finish);
      req.end(body);
    };
    // Every request due by now goes out; then the loop yields until the next is due (a timer when that is ≥ 1 ms
    // away, else an immediate, so sends stay within about a millisecond of their schedule).
    const tick = () => {
      const now = performance.now();
      while (sent < total && dueAt(sent) <= now) send(dueAt(sent++));
      if (sent === total) return;
      const wait = dueAt(sent) - performance.now();
      if (wait >= 1) setTimeout(tick, Math.floor(wait));
      else setImmediate(tick);
    };
    tick();
  });
  agent.destroy();
  latencies.sort((a, b) => a - b);
  late.sort((a, b) => a - b);
  return { sent: total, ok, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), max: latencies[latencies.length - 1] ?? 0, lateP99: quantile(late, 0.99) };
}

/** Warms `url` up as figure 1 does (2 s at 50 connections), then runs the open loop. */
export async function warmedOpenLoop(url: string, rate: number, seconds: number): Promise<OpenLoopResult> {
  await postLoad(url, issueBody, { connections: issueConnections, duration: 2 });
  return openLoop(url, rate, seconds);
}

// Run as a program (not when imported).
if (process.argv[1] && fs.realpathSync(process.argv[1]) === fs.realpathSync(fileURLToPath(import.meta.url))) {
  pinSelf();
  const seconds = 8;
  const rates = process.argv.slice(2).map(Number);
  const show = (r: OpenLoopResult) => `p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, max ${r.max.toFixed(1)} ms (${r.ok} of ${r.sent} answered 201; sent late p99 ${r.lateP99.toFixed(2)} ms)`;
  for (const rate of rates.length > 0 ? rates : [3000]) {
    for (let round = 1; round <= 2; round++) {
      const raw = await withServer(
        () => startRawInsertRoute('NORMAL'),
        (s) => warmedOpenLoop(`${s.url}/tickets`, rate, seconds),
      );
      const navbat = await withServer(
        () => startNavbat({ SQLITE_SYNCHRONOUS: 'NORMAL' }, { cpu: cpus.server }),
        (s) => warmedOpenLoop(`${s.url}/api/v1/centers/isb-g9/tickets`, rate, seconds),
      );
      console.log(`${rate} req/s, round ${round}: raw route ${show(raw)}`);
      console.log(`${' '.repeat(`${rate} req/s, round ${round}: `.length)}Navbat    ${show(navbat)}; p99 ${(navbat.p99 / raw.p99).toFixed(2)}× the raw route's`);
    }
  }
  process.exit(0);
}
