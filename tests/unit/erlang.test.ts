import { describe, expect, it } from 'vitest';
import { exponential, seededRandom } from '../support/random';
import { countersNeededA, countersNeededC, erlangA, erlangB, erlangC, erlangCFigures } from '../../server/src/domain/erlang';

/**
 * FIFO hall with `counters` counters: Poisson arrivals, exponential service, optional exponential patience.
 * Each arrival takes the counter free earliest; one who would wait longer than their patience leaves.
 */
function simulate(o: { counters: number; lambda: number; aht: number; patience?: number; target: number; tickets: number; seed: number }) {
  const random = seededRandom(o.seed);
  const free = new Array<number>(o.counters).fill(0);
  let now = 0;
  let within = 0;
  let waited = 0;
  let waitSum = 0;
  let abandoned = 0;
  for (let i = 0; i < o.tickets; i++) {
    now += exponential(random, 1 / o.lambda);
    let c = 0;
    for (let j = 1; j < free.length; j++) if (free[j]! < free[c]!) c = j;
    const wait = Math.max(0, free[c]! - now);
    const patience = o.patience === undefined ? Infinity : exponential(random, o.patience);
    if (wait > 0) waited++;
    if (wait > patience) {
      abandoned++;
      waitSum += patience;
      continue;
    }
    waitSum += wait;
    if (wait <= o.target) within++;
    free[c] = now + wait + exponential(random, o.aht);
  }
  return { serviceLevel: within / o.tickets, probWait: waited / o.tickets, probAbandon: abandoned / o.tickets, avgWait: waitSum / o.tickets };
}

/** The M/M/n(+M) chain solved directly in plain numbers (small cases only), to check the stable forms against. */
function chain(counters: number, lambda: number, aht: number, patience = Infinity, states = 4000) {
  const p = [1];
  for (let k = 1; k < states; k++) p.push((p[k - 1]! * lambda) / (Math.min(k, counters) / aht + Math.max(0, k - counters) / patience));
  const total = p.reduce((s, x) => s + x, 0);
  const pi = p.map((x) => x / total);
  const probWait = pi.slice(counters).reduce((s, x) => s + x, 0);
  const queue = pi.reduce((s, x, k) => s + Math.max(0, k - counters) * x, 0);
  return { probWait, avgWait: queue / lambda };
}

describe('Erlang B and C', () => {
  it('reproduces the textbook case: A = 10 erlangs, N = 14, 180 s service, 20 s target', () => {
    const r = erlangCFigures(14, 10, 180, 20);
    expect(r.probWait).toBeCloseTo(0.1741, 4);
    expect(r.serviceLevel).toBeCloseTo(0.8884, 4);
    expect(r.avgWait!).toBeCloseTo(7.84, 2);
    expect(Math.abs(r.avgWait! - 7.8359)).toBeLessThan(1e-4);
    expect(r.occupancy).toBeCloseTo(10 / 14, 10);
  });

  it('agrees with the birth–death chain solved directly', () => {
    for (const [n, a] of [[14, 10], [3, 2.5], [1, 0.3], [25, 22]] as const) {
      const direct = chain(n, a / 180, 180);
      const r = erlangCFigures(n, a, 180, 0);
      expect(r.probWait).toBeCloseTo(direct.probWait, 8);
      expect(r.avgWait!).toBeCloseTo(direct.avgWait, 6);
      expect(r.serviceLevel).toBeCloseTo(1 - direct.probWait, 8);
    }
  });

  it('has no steady state with counters ≤ load: wait null, everybody waits, nobody within target', () => {
    expect(erlangCFigures(10, 10, 180, 600)).toEqual({ probWait: 1, avgWait: null, serviceLevel: 0, occupancy: 1 });
    expect(erlangCFigures(8, 10, 180, 600).avgWait).toBeNull();
    expect(erlangC(8, 10)).toBe(1);
  });

  it('stays finite and in range for 1,000 counters and ~1,000 erlangs (no factorials, no overflow)', () => {
    for (const [n, a] of [[1000, 990], [1000, 999.9], [1000, 500], [5000, 4900], [1, 1000]] as const) {
      const b = erlangB(n, a);
      expect(Number.isFinite(b) && b >= 0 && b <= 1).toBe(true);
      const r = erlangCFigures(n, a, 300, 60);
      for (const v of [r.probWait, r.serviceLevel, r.occupancy]) expect(Number.isFinite(v) && v >= 0 && v <= 1).toBe(true);
    }
    expect(erlangCFigures(1000, 990, 300, 60).avgWait).toBeGreaterThan(0);
  });

  it('recommends the fewest counters meeting the target', () => {
    const target = { share: 0.8, seconds: 20 };
    const n = countersNeededC(10, 180, target);
    expect(n).toBe(14);
    expect(erlangCFigures(n, 10, 180, 20).serviceLevel).toBeGreaterThanOrEqual(0.8);
    expect(erlangCFigures(n - 1, 10, 180, 20).serviceLevel).toBeLessThan(0.8);
    expect(countersNeededC(0, 180, target)).toBe(0);
  });

  it('the recommended N meets the target within 3 points over 5,000 simulated tickets', () => {
    for (const [lambda, aht, seconds, seed] of [[1 / 20, 180, 20, 1], [1 / 30, 240, 60, 2], [0.5, 300, 60, 3]] as const) {
      const n = countersNeededC(lambda * aht, aht, { share: 0.8, seconds });
      const predicted = erlangCFigures(n, lambda * aht, aht, seconds).serviceLevel;
      const sim = simulate({ counters: n, lambda, aht, target: seconds, tickets: 5000, seed });
      expect(predicted).toBeGreaterThanOrEqual(0.8);
      expect(sim.serviceLevel, `λ=${lambda} n=${n}: simulated ${sim.serviceLevel}, predicted ${predicted}`).toBeGreaterThanOrEqual(0.8 - 0.03);
    }
  });
});

describe('Erlang A (M/M/n+M)', () => {
  it('reproduces the textbook case: λ = 1/min, 8 min service, 20 min patience, N = 9', () => {
    const r = erlangA(9, 1, 8, 20, 0);
    expect(r.probWait).toBeCloseTo(0.4791, 4);
    expect(r.probAbandon).toBeCloseTo(0.0628, 4);
    expect(r.avgWait).toBeCloseTo(1.257, 3);
  });

  it('agrees with the chain solved directly, and tends to Erlang C as patience grows', () => {
    const direct = chain(9, 1, 8, 20);
    const r = erlangA(9, 1, 8, 20, 0);
    expect(r.probWait).toBeCloseTo(direct.probWait, 8);
    expect(r.avgWait).toBeCloseTo(direct.avgWait, 8);
    // Those who give up: θ·E[queue]/λ, and also 1 − served; nobody is served within 0 s but the ones who do not wait.
    expect(r.serviceLevel).toBeCloseTo(1 - r.probWait, 8);
    const patient = erlangA(14, 10 / 180, 180, 1e9, 20);
    const c = erlangCFigures(14, 10, 180, 20);
    expect(patient.probWait).toBeCloseTo(c.probWait, 5);
    expect(patient.serviceLevel).toBeCloseTo(c.serviceLevel, 5);
    expect(patient.avgWait).toBeCloseTo(c.avgWait!, 3);
  });

  it('is finite where Erlang C has no steady state (N ≤ A)', () => {
    const r = erlangA(6, 1, 8, 20, 5);
    expect(erlangCFigures(6, 8, 8, 5).avgWait).toBeNull();
    expect(Number.isFinite(r.avgWait)).toBe(true);
    expect(r.probAbandon).toBeGreaterThan(0.1);
    expect(r.probAbandon).toBeLessThan(1);
    const huge = erlangA(1000, 1100 / 180, 180, 600, 20);
    for (const v of [huge.probWait, huge.probAbandon, huge.avgWait, huge.serviceLevel]) expect(Number.isFinite(v)).toBe(true);
  });

  it('its service level matches a simulation (200,000 tickets)', () => {
    for (const [n, lambda, aht, patience, seconds, seed] of [[9, 1, 8, 20, 1, 4], [5, 1, 8, 20, 2, 5], [14, 10 / 180, 180, 300, 20, 6]] as const) {
      const r = erlangA(n, lambda, aht, patience, seconds);
      const sim = simulate({ counters: n, lambda, aht, patience, target: seconds, tickets: 200_000, seed });
      for (const k of ['serviceLevel', 'probAbandon', 'probWait'] as const) expect(Math.abs(sim[k] - r[k]), `${k} n=${n}`).toBeLessThanOrEqual(0.01);
    }
  });

  it('recommends the fewest counters meeting the target, checked by a 5,000-ticket simulation', () => {
    const target = { share: 0.8, seconds: 60 };
    const n = countersNeededA(1 / 30, 480, 900, target);
    expect(erlangA(n, 1 / 30, 480, 900, 60).serviceLevel).toBeGreaterThanOrEqual(0.8);
    expect(erlangA(n - 1, 1 / 30, 480, 900, 60).serviceLevel).toBeLessThan(0.8);
    const sim = simulate({ counters: n, lambda: 1 / 30, aht: 480, patience: 900, target: 60, tickets: 5000, seed: 7 });
    expect(sim.serviceLevel).toBeGreaterThanOrEqual(0.8 - 0.03);
    // Citizens who give up shorten the line: never more counters than Erlang C says, here fewer.
    expect(countersNeededA(1 / 30, 480, 30, { share: 0.8, seconds: 600 })).toBeLessThan(countersNeededC(16, 480, { share: 0.8, seconds: 600 }));
  });
});
