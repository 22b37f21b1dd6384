/**
 * Queueing formulas for staffing: Erlang B, Erlang C (M/M/n) and Erlang A (M/M/n+M, callers who give up).
 * Pure and numerically stable: no factorials and no powers of the load, so 1,000 counters and loads of
 * ~1,000 erlangs (and far beyond) neither overflow nor lose precision. Times are in any one unit (seconds
 * in Navbat); `load` is arrivals per unit × mean service time, in erlangs.
 * The formulas, their assumptions and their limits are explained in docs/planner.md.
 */

/** Erlang B: the blocking probability of `counters` servers offered `load` erlangs (the stable recursion). */
export function erlangB(counters: number, load: number): number {
  let b = 1;
  for (let k = 1; k <= counters; k++) b = (load * b) / (k + load * b);
  return b;
}

/** Erlang C: the probability an arrival has to wait; 1 when `counters ≤ load` (no steady state). */
export function erlangC(counters: number, load: number): number {
  if (counters <= load) return 1;
  const b = erlangB(counters, load);
  return (counters * b) / (counters - load * (1 - b));
}

export interface ErlangCResult {
  probWait: number;
  /** Mean wait of all arrivals, or null where the queue grows without bound. */
  avgWait: number | null;
  /** The share (0–1) whose wait is at most `target`. */
  serviceLevel: number;
  /** The share (0–1) of counter time spent serving. */
  occupancy: number;
}

/** Erlang C's figures for `counters` serving `load` erlangs of mean service time `aht`, service level at `target`. */
export function erlangCFigures(counters: number, load: number, aht: number, target: number): ErlangCResult {
  const occupancy = Math.min(1, load / counters);
  if (counters <= load) return { probWait: 1, avgWait: null, serviceLevel: 0, occupancy };
  const c = erlangC(counters, load);
  return {
    probWait: c,
    avgWait: (c * aht) / (counters - load),
    serviceLevel: Math.max(0, 1 - c * Math.exp((-(counters - load) * target) / aht)),
    occupancy,
  };
}

export interface ErlangAResult {
  probWait: number;
  probAbandon: number;
  /** Mean wait over all arrivals, those who give up included (until they give up). */
  avgWait: number;
  /** The share (0–1) of all arrivals whose service starts within `target` (those who give up do not count). */
  serviceLevel: number;
}

/** The log-weights of the birth–death chain of M/M/n+M, truncated where the rest is below e^-40 of the peak. */
function chainLogWeights(counters: number, lambda: number, mu: number, theta: number): Float64Array {
  const logLambda = Math.log(lambda);
  let weights = new Float64Array(Math.max(16, counters * 2 + 16));
  let peak = 0;
  let k = 0;
  for (;;) {
    k++;
    const death = Math.min(k, counters) * mu + Math.max(0, k - counters) * theta;
    const w = weights[k - 1]! + logLambda - Math.log(death);
    if (k >= weights.length) {
      const grown = new Float64Array(weights.length * 2);
      grown.set(weights);
      weights = grown;
    }
    weights[k] = w;
    if (w > peak) peak = w;
    // Past the peak the ratios only fall (the death rate grows with k), so the tail is negligible.
    if (k > counters && w < weights[k - 1]! && w < peak - 40) break;
  }
  return weights.subarray(0, k + 1);
}

/** State-steps the exact service level may take before it falls back to a normal approximation. */
const exactWorkBudget = 20_000_000;

/**
 * The share of arrivals who wait (weights[i] = P(arriving with i ahead) × P(not giving up)) and start
 * service within `target`. Given that one does not give up, the time to service from i ahead is a sum of
 * exponentials of rates nμ+θ, …, nμ+(i+1)θ: the absorption time of a pure-death chain, solved for all i at
 * once by uniformization (exact to ~1e-12), or by a normal approximation where that would be too long.
 */
function servedWithin(weights: Float64Array, nMu: number, theta: number, target: number): number {
  let total = 0;
  let top = 0;
  for (let i = 0; i < weights.length; i++) {
    total += weights[i]!;
    if (weights[i]! > 1e-18) top = i;
  }
  if (total === 0 || target <= 0) return 0;
  const rate = (balls: number) => nMu + balls * theta;
  const uniform = rate(top + 1);
  const steps = uniform * target;
  // Beyond this many uniformized jumps the Poisson tail is below 1e-20.
  const lastStep = Math.ceil(steps + 10 * Math.sqrt(steps) + 20);
  if (lastStep * (top + 2) > exactWorkBudget) return servedWithinApprox(weights, top, rate, target);
  // mass[j] = weight with j people (the tagged one included) still before service; mass[0] has been served.
  let mass = new Float64Array(top + 2);
  for (let i = 0; i <= top; i++) mass[i + 1] = weights[i]!;
  let next = new Float64Array(top + 2);
  let result = 0;
  let served0 = 0;
  let below = 0; // P(Poisson(steps) < k), the uniformized steps not yet taken
  let logPmf = -steps;
  let inChain = 0;
  for (let i = 0; i <= top; i++) inChain += weights[i]!;
  for (let k = 0; k <= lastStep; k++) {
    // mass[0] after k steps is served if at least k of the Poisson(steps) jumps happened.
    const reachedAfterK = mass[0]!;
    const tail = Math.max(0, 1 - below);
    if (k > 0) result += (reachedAfterK - served0) * tail;
    served0 = reachedAfterK;
    below += Math.exp(logPmf);
    logPmf += Math.log(steps) - Math.log(k + 1);
    if (inChain - reachedAfterK <= 1e-15 * inChain) break;
    next[0] = mass[0]! + mass[1]! * (rate(1) / uniform);
    for (let j = 1; j <= top + 1; j++) {
      const down = j < top + 1 ? mass[j + 1]! * (rate(j + 1) / uniform) : 0;
      next[j] = mass[j]! * (1 - rate(j) / uniform) + down;
    }
    [mass, next] = [next, mass];
  }
  return result;
}
/** Where the exact sum is too long: the time to service taken as normal, by its mean and variance. */
function servedWithinApprox(weights: Float64Array, top: number, rate: (balls: number) => number, target: number): number {
  let mean = 0;
  let variance = 0;
  let result = 0;
  for (let i = 0; i <= top; i++) {
    const r = rate(i + 1);
    mean += 1 / r;
    variance += 1 / (r * r);
    if (weights[i]! > 1e-18) result += weights[i]! * normalCdf((target - mean) / Math.sqrt(variance));
  }
  return result;
}

/** Φ(x), the standard normal distribution (Abramowitz–Stegun 7.1.26, error < 1.5e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-z * z);
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/**
 * Erlang A (M/M/n+M): Poisson arrivals at `lambda`, exponential service of mean `aht`, exponential patience
 * of mean `patience`, `counters` servers. Solved on the birth–death chain in log space (finite for any
 * load, also when counters ≤ load).
 */
export function erlangA(counters: number, lambda: number, aht: number, patience: number, target: number): ErlangAResult {
  const mu = 1 / aht;
  const theta = 1 / patience;
  const logW = chainLogWeights(counters, lambda, mu, theta);
  let peak = -Infinity;
  for (const w of logW) if (w > peak) peak = w;
  let total = 0;
  let waiting = 0;
  let queue = 0;
  const pi = new Float64Array(logW.length);
  for (let k = 0; k < logW.length; k++) {
    pi[k] = Math.exp(logW[k]! - peak);
    total += pi[k]!;
  }
  for (let k = 0; k < pi.length; k++) {
    pi[k] = pi[k]! / total;
    if (k >= counters) {
      waiting += pi[k]!;
      queue += (k - counters) * pi[k]!;
    }
  }
  const nMu = counters * mu;
  // Arrivals finding i people waiting, weighted by the chance they do not give up (nμ / (nμ + (i+1)θ)).
  const waiters = new Float64Array(pi.length - counters);
  for (let i = 0; i < waiters.length; i++) waiters[i] = pi[counters + i]! * (nMu / (nMu + (i + 1) * theta));
  const served = 1 - waiting + servedWithin(waiters, nMu, theta, target);
  return { probWait: waiting, probAbandon: (theta * queue) / lambda, avgWait: queue / lambda, serviceLevel: Math.min(1, served) };
}

export interface Target {
  /** Share (0–1) that should wait at most `seconds`. */
  share: number;
  seconds: number;
}

/** The fewest counters whose Erlang C service level meets `target` (load in erlangs, `aht` in seconds). */
export function countersNeededC(load: number, aht: number, target: Target): number {
  if (load <= 0) return 0;
  // Walk up the Erlang B recursion once; below the load there is no steady state.
  let b = 1;
  for (let n = 1; ; n++) {
    b = (load * b) / (n + load * b);
    if (n <= load) continue;
    const c = (n * b) / (n - load * (1 - b));
    if (1 - c * Math.exp((-(n - load) * target.seconds) / aht) >= target.share) return n;
  }
}

/** The fewest counters whose Erlang A service level meets `target` (a binary search; the level grows with n). */
export function countersNeededA(lambda: number, aht: number, patience: number, target: Target): number {
  if (lambda <= 0) return 0;
  const meets = (n: number) => erlangA(n, lambda, aht, patience, target.seconds).serviceLevel >= target.share;
  // Start from Erlang C's answer; short patience can need more (those who give up are not served in time).
  let high = Math.max(1, countersNeededC(lambda * aht, aht, target));
  let low = 0;
  while (!meets(high)) [low, high] = [high, high * 2];
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (meets(mid)) high = mid;
    else low = mid;
  }
  return high;
}
