/**
 * Figure 7 — what kiosks, phones and displays poll (issue 18): `GET /centers/:id/services` and
 * `GET /centers/:id/display` with none waiting and with 5,000 waiting, and a raw Fastify route that returns
 * the same JSON from memory (the baseline). Polls run between writes, where Navbat serves its last answer
 * (services/read-cache.ts); after a write the next poll reads again (index-only counts). Two Navbat servers run side
 * by side, one left with none waiting and one filled; with the lines full, the empty server, the full one and the raw
 * route are measured in rounds taking turns, all three up (the median round of each), so a slow spell of the machine
 * falls on every side of both ratios.
 */
import fs from 'node:fs';
import path from 'node:path';
import { getLoad, issueBody, postLoad, startNavbat, startProcess, tempDir, type BenchRow, type Load } from './support';

export interface ReadsOptions {
  durationSeconds: number;
  waiting: number;
  log: (line: string) => void;
}

const connections = 20;
const reads = [
  { name: 'services', path: '/api/v1/centers/isb-g9/services' },
  { name: 'display', path: '/api/v1/centers/isb-g9/display' },
] as const;

/** Rounds of the full lines against the raw route, taking turns; each side's figure is its median round. */
const alternatedRounds = 3;

/** The round with the median requests per second (its non-2xx count summed over all rounds). */
function medianLoad(loads: Load[]): Load {
  const sorted = [...loads].sort((a, b) => a.rps - b.rps);
  return { ...sorted[Math.floor(sorted.length / 2)]!, non2xx: loads.reduce((n, l) => n + l.non2xx, 0) };
}

export async function readsBench(opts: ReadsOptions): Promise<BenchRow[]> {
  const navbat = await startNavbat({ SQLITE_SYNCHRONOUS: 'NORMAL' });
  const emptyNavbat = await startNavbat({ SQLITE_SYNCHRONOUS: 'NORMAL' });
  const empty = new Map<string, Load>();
  const full = new Map<string, Load>();
  const raw = new Map<string, Load>();
  const bodies: Record<string, unknown> = {};
  try {
    for (const r of reads) {
      bodies[r.name] = await (await fetch(navbat.url + r.path)).json();
      for (const server of [navbat, emptyNavbat]) await getLoad(server.url + r.path, { connections, duration: 1 }); // warm-up (JIT)
    }
    // Fill one server's lines: `waiting` tickets over the 11 services (a closed loop of issues until there are enough).
    let issued = 0;
    while (issued < opts.waiting) {
      const load = await postLoad(`${navbat.url}/api/v1/centers/isb-g9/tickets`, issueBody, { connections: 50, duration: 2 });
      issued += Math.round(load.rps * 2);
    }
    const counted = (await (await fetch(navbat.url + reads[0].path)).json()) as { services: { waiting: number }[] };
    const total = counted.services.reduce((a, s) => a + s.waiting, 0);
    opts.log(`  ${total} waiting`);
    // The empty server, the full one and the raw route, all up, in rounds taking turns: this machine's speed moves
    // within minutes, and a side measured alone in a fast or slow spell decided a ratio (the full lines against the raw
    // route 0.42× and 0.28× in two runs; against none waiting 0.96× and 0.66× in two runs of the same code, when the
    // empty server was measured minutes before the full one).
    const file = path.join(tempDir('reads'), 'bodies.json');
    fs.writeFileSync(file, JSON.stringify(bodies));
    const baseline = await startProcess('tests/bench/baseline.server.ts', { STATIC_JSON_FILE: file });
    try {
      for (const r of reads) await getLoad(`${baseline.url}/static/${r.name}`, { connections, duration: 1 });
      const sides = [
        { loads: empty, url: (r: (typeof reads)[number]) => emptyNavbat.url + r.path },
        { loads: full, url: (r: (typeof reads)[number]) => navbat.url + r.path },
        { loads: raw, url: (r: (typeof reads)[number]) => `${baseline.url}/static/${r.name}` },
      ];
      const rounds = sides.map(() => new Map<string, Load[]>());
      for (let round = 0; round < alternatedRounds; round++) {
        for (const r of reads) {
          for (const [i, side] of sides.entries()) {
            const load = await getLoad(side.url(r), { connections, duration: opts.durationSeconds });
            rounds[i]!.set(r.name, [...(rounds[i]!.get(r.name) ?? []), load]);
          }
        }
      }
      for (const [i, side] of sides.entries()) for (const r of reads) side.loads.set(r.name, medianLoad(rounds[i]!.get(r.name)!));
    } finally {
      await baseline.stop();
    }
  } finally {
    await Promise.all([navbat.stop(), emptyNavbat.stop()]);
  }
  const rows: BenchRow[] = [];
  for (const r of reads) {
    const e = empty.get(r.name) as Load;
    const f = full.get(r.name) as Load;
    const b = raw.get(r.name) as Load;
    if (e.non2xx + f.non2xx > 0) throw new Error(`GET ${r.path} answered non-2xx`);
    opts.log(`  GET ${r.name}: ${e.rps.toFixed(0)} req/s with none waiting, ${f.rps.toFixed(0)} with ${opts.waiting}; raw route ${b.rps.toFixed(0)} req/s`);
    rows.push(
      { figure: '7 polled reads', metric: `GET …/${r.name} req/s, ${opts.waiting} waiting (baseline: none waiting)`, baseline: e.rps, navbat: f.rps, unit: 'req/s', ratio: f.rps / e.rps, target: '≥ 0.70', met: f.rps / e.rps >= 0.7 },
      { figure: '7 polled reads', metric: `GET …/${r.name} req/s, ${opts.waiting} waiting (baseline: raw route, same JSON from memory)`, baseline: b.rps, navbat: f.rps, unit: 'req/s', ratio: f.rps / b.rps, target: '≥ 0.30', met: f.rps / b.rps >= 0.3 },
    );
  }
  return rows;
}
