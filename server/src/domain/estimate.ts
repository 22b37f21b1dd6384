/**
 * ESTIMATOR V2 — how long a waiting ticket will wait, as a value with an 80% range. Pure: the hall's state
 * comes in as plain values (db/ reads them, tests/bench/estimate-accuracy.bench.ts simulates them), and
 * time comes in as `nowMs`. docs/estimates.md explains the model; the benchmark decides which refinements
 * stay (`defaultEstimateTuning`).
 */
import { defaultServiceSeconds } from './wait-estimate';

/** What the recent history of one service says. */
export interface ServiceRecent {
  /** Mean service time (seconds) of its latest served tickets; null without history. */
  meanSeconds: number | null;
  /** Standard deviation of the logarithm of those service times (their spread); null with fewer than 2. */
  logSd: number | null;
  /** Share of its recently called tickets that did not come (0..1). */
  noShowRate: number;
}

/** One counter as the estimate needs it. */
export interface CounterNow {
  serviceIds: readonly number[];
  status: 'open' | 'paused' | 'closed';
  /** Whether it holds a called or serving ticket. */
  holdsTicket: boolean;
  /** A paused counter's expected return (ms since the epoch), when the pause said how long. */
  expectedBackMs: number | null;
  /** Its recent calls per service (how it splits its time between the services it serves). */
  recentCalls: ReadonlyMap<number, number>;
}

/** The hall at one moment: per service history and the counters. */
export interface HallNow {
  services: ReadonlyMap<number, ServiceRecent>;
  counters: readonly CounterNow[];
}

/** The refinements over the naive estimate; each stays on only while the accuracy benchmark says it helps. */
export interface EstimateTuning {
  /** 0 when an eligible counter is idle and nobody is ahead (more generally: fewer ahead than idle counters). */
  idleZero: boolean;
  /** A shared counter counts by its share of recent calls (weighted by service time), not as a whole counter. */
  shares: boolean;
  /** A paused counter counts from its expected return (else a paused counter does not count). */
  pauseReturn: boolean;
  /** No-shows thin the line ahead at the measured rate. */
  noShows: boolean;
  /**
   * The ticket's own turn comes at the first counter to finish: the mean residual of a service in progress,
   * (1 + cv²) / 2 of a service, instead of a whole service.
   */
  residual: boolean;
  /**
   * Say the median wait rather than the mean: waits are skewed (a few wait long), and the median is what
   * half the citizens beat, the figure that minimises the absolute error, and the centre of the range.
   */
  median: boolean;
  /** Seconds after which a paused counter without an expected length is assumed back. */
  unknownPauseSeconds: number;
  /** Relative spread of the estimate's own error (log scale), added to the spread of service times. */
  modelSpread: number;
}

export const defaultEstimateTuning: EstimateTuning = {
  idleZero: true,
  shares: true,
  pauseReturn: true,
  noShows: true,
  residual: true,
  median: true,
  unknownPauseSeconds: 15 * 60,
  modelSpread: 0.3,
};

/** An estimate: the expected wait and its 80% range, in whole seconds. */
export interface WaitEstimate {
  seconds: number;
  low: number;
  high: number;
}

/** z of the 10% and 90% quantiles of a normal distribution: an 80% interval. */
const z80 = 1.2816;

/** How much of a counter's time goes to `serviceId`: its recent calls weighted by service time, smoothed. */
export function counterShare(counter: CounterNow, serviceId: number, services: HallNow['services'], tuning: EstimateTuning): number {
  if (!counter.serviceIds.includes(serviceId)) return 0;
  if (!tuning.shares || counter.serviceIds.length === 1) return 1;
  const work = (id: number) => ((counter.recentCalls.get(id) ?? 0) + 1) * (services.get(id)?.meanSeconds ?? defaultServiceSeconds);
  const total = counter.serviceIds.reduce((sum, id) => sum + work(id), 0);
  return work(serviceId) / total;
}

/**
 * The seconds until `work` seconds of service are done by counters that join at different times:
 * `joins` are [from (seconds from now), share] steps of capacity. Infinity when no counter ever joins.
 */
export function drainSeconds(work: number, joins: readonly (readonly [number, number])[]): number {
  const steps = [...joins].filter(([, share]) => share > 0).sort((a, b) => a[0] - b[0]);
  let t = 0;
  let capacity = 0;
  let left = work;
  for (const [from, share] of steps) {
    if (capacity > 0 && from > t) {
      const done = capacity * (from - t);
      if (done >= left) return t + left / capacity;
      left -= done;
    }
    t = Math.max(t, from);
    capacity += share;
  }
  return capacity > 0 ? t + left / capacity : Number.POSITIVE_INFINITY;
}

/**
 * Estimator v2: the line ahead (thinned by no-shows) plus one service, at the service's recent mean, over
 * the effective counters (their shares of this service, paused ones from their expected return); 0 when
 * an idle counter takes the ticket at once. The range is log-normal around it: the spread of service times
 * over the services still to finish, plus the model's own error.
 */
export function estimateWait(serviceId: number, ahead: number, nowMs: number, hall: HallNow, tuning: EstimateTuning = defaultEstimateTuning): WaitEstimate {
  const recent = hall.services.get(serviceId);
  const mean = recent?.meanSeconds ?? defaultServiceSeconds;
  const serving = hall.counters.filter((c) => c.serviceIds.includes(serviceId));
  const idle = serving.filter((c) => c.status === 'open' && !c.holdsTicket).length;
  const thinned = tuning.noShows ? ahead * (1 - (recent?.noShowRate ?? 0)) : ahead;
  if (tuning.idleZero && ahead < idle) return { seconds: 0, low: 0, high: 0 };
  const serviceCv2 = Math.expm1((recent?.logSd ?? 0.5) ** 2);
  const ownTurn = tuning.residual ? (1 + serviceCv2) / 2 : 1;
  const completions = thinned + ownTurn - (tuning.idleZero ? idle : 0);
  const joins: [number, number][] = [];
  for (const c of serving) {
    const share = counterShare(c, serviceId, hall.services, tuning);
    if (c.status === 'open') joins.push([0, share]);
    else if (c.status === 'paused' && tuning.pauseReturn) {
      const back = c.expectedBackMs === null ? tuning.unknownPauseSeconds : Math.max(0, (c.expectedBackMs - nowMs) / 1000);
      joins.push([back, share]);
    }
  }
  const work = Math.max(ownTurn, completions) * mean;
  let seconds = drainSeconds(work, joins);
  // No counter will come: the work as if one counter did it, so a closed hall still gets an estimate.
  if (!Number.isFinite(seconds)) seconds = work;
  const sigma = Math.sqrt(serviceCv2 / Math.max(1, completions) + tuning.modelSpread ** 2);
  if (tuning.median) seconds *= Math.exp((-sigma * sigma) / 2);
  return {
    seconds: Math.round(seconds),
    low: Math.round(seconds * Math.exp(-z80 * sigma)),
    high: Math.round(seconds * Math.exp(z80 * sigma)),
  };
}

/** Mean and log-spread of some service times (seconds), as `ServiceRecent` wants them. */
export function summarizeServiceTimes(seconds: readonly number[]): Pick<ServiceRecent, 'meanSeconds' | 'logSd'> {
  if (seconds.length === 0) return { meanSeconds: null, logSd: null };
  const meanSeconds = seconds.reduce((a, b) => a + b, 0) / seconds.length;
  if (seconds.length < 2) return { meanSeconds, logSd: null };
  const logs = seconds.map((s) => Math.log(Math.max(1, s)));
  const m = logs.reduce((a, b) => a + b, 0) / logs.length;
  const variance = logs.reduce((a, b) => a + (b - m) ** 2, 0) / (logs.length - 1);
  return { meanSeconds, logSd: Math.sqrt(variance) };
}

/** When a pause of `expectedMinutes` (chosen in the console) should end; null when the pause did not say. */
export function pauseExpectedUntil(now: Date, expectedMinutes: number | undefined): string | null {
  return expectedMinutes === undefined ? null : new Date(now.getTime() + expectedMinutes * 60_000).toISOString();
}
