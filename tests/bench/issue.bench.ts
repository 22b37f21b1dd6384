/**
 * Figure 1 — issue a ticket: POST /api/v1/centers/:id/tickets (validation, idempotency key, audit
 * event, broadcast) at 50 connections, against bare Fastify + one prepared better-sqlite3 insert.
 */
import path from 'node:path';
import { issueConnections, measureIssueLoad, startNavbat, startProcess, tempDir, type BenchRow } from './support';

export interface IssueOptions {
  durationSeconds: number;
  log: (line: string) => void;
}


export async function issueBench(opts: IssueOptions): Promise<BenchRow[]> {
  const serviceIds = Array.from({ length: 11 }, (_, i) => i + 1);
  const body = () => JSON.stringify({ serviceId: serviceIds[Math.floor(Math.random() * serviceIds.length)], language: 'en' });

  const baseline = await startProcess('tests/bench/baseline.server.ts', { DATABASE_FILE: path.join(tempDir('baseline'), 'b.sqlite'), SQLITE_SYNCHRONOUS: 'FULL' });
  let base;
  try {
    base = await measureIssueLoad(`${baseline.url}/tickets`, body, opts.durationSeconds, null);
  } finally {
    await baseline.stop();
  }
  opts.log(`  baseline: ${base.closed.rps.toFixed(0)} req/s closed loop; p99 ${base.open.p99} ms at ${base.rate} req/s`);

  const navbat = await startNavbat();
  let nav;
  try {
    nav = await measureIssueLoad(`${navbat.url}/api/v1/centers/isb-g9/tickets`, body, opts.durationSeconds, base.rate);
  } finally {
    await navbat.stop();
  }
  opts.log(`  navbat:   ${nav.closed.rps.toFixed(0)} req/s closed loop; p99 ${nav.open.p99} ms at ${nav.rate} req/s (non-2xx ${nav.closed.non2xx + nav.open.non2xx}, errors ${nav.closed.errors + nav.open.errors})`);
  if (nav.closed.non2xx + nav.open.non2xx > 0) throw new Error('Navbat answered non-2xx during the issue benchmark');

  const throughputRatio = nav.closed.rps / base.closed.rps;
  const p99Ratio = nav.open.p99 / Math.max(base.open.p99, 1);
  return [
    { figure: '1 issue a ticket', metric: `requests/s, ${issueConnections} connections`, baseline: base.closed.rps, navbat: nav.closed.rps, unit: 'req/s', ratio: throughputRatio, target: '≥ 0.80', met: throughputRatio >= 0.8 },
    { figure: '1 issue a ticket', metric: `p99 latency at ${base.rate} req/s (open loop)`, baseline: base.open.p99, navbat: nav.open.p99, unit: 'ms', ratio: p99Ratio, target: '≤ 1.25', met: p99Ratio <= 1.25 },
    { figure: '1 issue a ticket', metric: `p50 latency at ${base.rate} req/s (open loop)`, baseline: base.open.p50, navbat: nav.open.p50, unit: 'ms', ratio: nav.open.p50 / Math.max(base.open.p50, 1) },
  ];
}
