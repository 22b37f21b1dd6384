/**
 * The accuracy benchmark of issue 16 (`npm run bench`, figure 6; alone:
 * `node --import tsx tests/bench/estimate-accuracy.bench.ts`). Simulates the hall of tests/bench/estimate-sim.ts
 * in-process with the domain (`pickNext` and the estimators), not through HTTP, so it runs in seconds.
 * Tuning days (seeds 1–5) choose the refinements and check the range's spread; the figures are scored on
 * other days (seeds 101–…), at least 10,000 tickets. Exits non-zero when a target is missed.
 */
import { fileURLToPath } from 'node:url';
import { defaultEstimateTuning, type EstimateTuning } from '../../server/src/domain/estimate';
import { accuracyOf, type Accuracy, type ScoredTicket } from '../../server/src/domain/estimate-accuracy';
import { benchHall, simulateDay } from './estimate-sim';
import type { BenchRow } from './support';

const tuningDays = [1, 2, 3, 4, 5];
const minScored = 10_000;

function simulate(days: readonly number[], tuning: EstimateTuning): ScoredTicket[] {
  return days.flatMap((seed) => simulateDay(benchHall, seed, tuning));
}

/** The same tickets scored where the naive estimate is (it has no answer before a service's first served ticket). */
function paired(tickets: readonly ScoredTicket[]): Accuracy {
  return accuracyOf(tickets.filter((t) => t.naiveSeconds !== null));
}

const refinements = ['idleZero', 'shares', 'pauseReturn', 'noShows', 'residual', 'median'] as const;

export interface AccuracyResult {
  rows: BenchRow[];
  met: boolean;
  lines: string[];
}

/** Runs the benchmark; `log` gets the progress and the ablation. */
export function estimateAccuracyBench(log: (line: string) => void = console.log): AccuracyResult {
  // 1. On the tuning days: what each refinement is worth (MAE with it switched off), and the range's coverage.
  const tuned = paired(simulate(tuningDays, defaultEstimateTuning));
  log(`  tuning days ${tuningDays.join(',')}: v2 MAE ${tuned.maeSeconds?.toFixed(0)} s, naive ${tuned.naive.maeSeconds?.toFixed(0)} s, coverage ${tuned.rangeCoveragePercent?.toFixed(1)}%`);
  const kept: string[] = [];
  for (const name of refinements) {
    const without = paired(simulate(tuningDays, { ...defaultEstimateTuning, [name]: false }));
    const helps = (without.maeSeconds ?? 0) > (tuned.maeSeconds ?? 0);
    if (helps) kept.push(name);
    log(`  without ${name}: MAE ${without.maeSeconds?.toFixed(0)} s (${helps ? 'it helps: kept' : 'it does not help'})`);
  }
  // 2. Scored on days not tuned on, until at least 10,000 tickets are scored.
  const scored: ScoredTicket[] = [];
  let seed = 101;
  while (scored.filter((t) => t.naiveSeconds !== null).length < minScored) scored.push(...simulateDay(benchHall, seed++, defaultEstimateTuning));
  const a = paired(scored);
  const mae = a.maeSeconds as number;
  const naiveMae = a.naive.maeSeconds as number;
  const coverage = a.rangeCoveragePercent as number;
  const targets = {
    mae: mae <= 0.75 * naiveMae,
    rmse: (a.rmseSeconds as number) <= (a.naive.rmseSeconds as number),
    coverage: coverage >= 75 && coverage <= 85,
    // Each refinement switched on in the defaults must have earned its place on the tuning days.
    refinements: refinements.every((name) => !defaultEstimateTuning[name] || kept.includes(name)),
  };
  const min = (s: number | null) => (s === null ? '—' : `${(s / 60).toFixed(1)} min`);
  const pct = (p: number | null) => (p === null ? '—' : `${p.toFixed(1)}%`);
  const lines = [
    `Scored on days ${101}–${seed - 1} (not tuned on): ${a.n} called tickets that both estimators scored (${scored.length} called in all).`,
    '',
    '| estimator | MAE | RMSE | bias | within 5 min | under by > 10 min | 80% range covers |',
    '|---|---|---|---|---|---|---|',
    `| v2 (${kept.join(', ')}) | ${min(a.maeSeconds)} | ${min(a.rmseSeconds)} | ${min(a.biasSeconds)} | ${pct(a.within5MinPercent)} | ${pct(a.under10MinPercent)} | ${pct(a.rangeCoveragePercent)} |`,
    `| naive (position × mean ÷ open counters) | ${min(a.naive.maeSeconds)} | ${min(a.naive.rmseSeconds)} | ${min(a.naive.biasSeconds)} | ${pct(a.naive.within5MinPercent)} | | |`,
    '',
    `Targets: v2 MAE ≤ 0.75 × naive (${(mae / naiveMae).toFixed(3)}×: ${targets.mae ? 'met' : 'MISSED'}), RMSE no worse (${targets.rmse ? 'met' : 'MISSED'}), coverage 75–85% (${targets.coverage ? 'met' : 'MISSED'}), every refinement kept by the tuning days (${targets.refinements ? 'yes' : 'NO'}).`,
  ];
  const figure = '6 estimate accuracy';
  const rows: BenchRow[] = [
    { figure, metric: `MAE over ${a.n} tickets (baseline: naive estimate)`, baseline: naiveMae / 60, navbat: mae / 60, unit: 'min', ratio: mae / naiveMae, target: '≤ 0.75×', met: targets.mae },
    { figure, metric: 'RMSE', baseline: (a.naive.rmseSeconds as number) / 60, navbat: (a.rmseSeconds as number) / 60, unit: 'min', ratio: (a.rmseSeconds as number) / (a.naive.rmseSeconds as number), target: '≤ 1×', met: targets.rmse },
    { figure, metric: '80% range coverage', baseline: null, navbat: coverage, unit: '%', ratio: null, target: '75–85%', met: targets.coverage },
  ];
  return { rows, met: Object.values(targets).every(Boolean), lines };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const t0 = performance.now();
  const result = estimateAccuracyBench();
  console.log(result.lines.join('\n'));
  console.log(`(${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  process.exit(result.met ? 0 : 1);
}
