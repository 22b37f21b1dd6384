import type { Stats, StatsRow } from '@navbat/shared';
import {
  addSums,
  addToHour,
  emptySums,
  histogramBucketOf,
  histogramBuckets,
  nthSmallest,
  statsDimensions,
  toRow,
  toStats,
  type Hourly,
  type StatsDimension,
  type Sums,
} from './stats';

// Two ways to the same statistics: a tally of every ticket (SQLite reads the narrow ticket log fast enough),
// and a roll-up of sums per whole minute of wait computed by the database (PostgreSQL). Same definitions
// (stats.ts) and rounding; a property test (tests/unit/stats-helpers.test.ts) holds them to the same answers.

/** How a ticket ended, as the per-ticket reader codes it. */
export const ticketOutcome = { other: 0, done: 1, noShow: 2, cancelled: 3 } as const;

interface Group {
  sums: Sums;
  waits: number[];
}

const newGroup = (): Group => ({ sums: emptySums(), waits: [] });

/** Statistics built one ticket at a time; durations in ms, turned into seconds at the end. */
export class TicketTally {
  private readonly totals = newGroup();
  private readonly groups: Record<StatsDimension, Map<number, Group>> = { service: new Map(), counter: new Map(), operator: new Map() };
  private readonly issuedQuarters = new Map<number, number>();
  private readonly servedQuarters = new Map<number, number>();
  private readonly histogram = histogramBuckets.map(() => 0);

  /** `slaTargetMs`: each service's waiting target; a ticket called within it counts as met. */
  constructor(private readonly slaTargetMs: ReadonlyMap<number, number>) {}

  /**
   * Counts one ticket. Ids of 0 mean none; `outcome` is a `ticketOutcome`, `rating` 0 when not rated;
   * `issuedQ`/`finishedQ` are quarter-hour numbers (see `localHourOfQuarter`), `finishedQ` null unless served.
   */
  add(serviceId: number, counterId: number, operatorId: number, outcome: number, rating: number, waitMs: number | null, serviceMs: number | null, issuedQ: number, finishedQ: number | null): void {
    const slaMet = waitMs !== null && waitMs <= (this.slaTargetMs.get(serviceId) ?? Infinity);
    this.count(this.totals, outcome, waitMs, slaMet, serviceMs, rating);
    this.count(this.groupOf('service', serviceId), outcome, waitMs, slaMet, serviceMs, rating);
    if (counterId !== 0) this.count(this.groupOf('counter', counterId), outcome, waitMs, slaMet, serviceMs, rating);
    if (operatorId !== 0) this.count(this.groupOf('operator', operatorId), outcome, waitMs, slaMet, serviceMs, rating);
    if (waitMs !== null) {
      const i = histogramBucketOf(waitMs / 60_000);
      this.histogram[i] = (this.histogram[i] ?? 0) + 1;
    }
    this.issuedQuarters.set(issuedQ, (this.issuedQuarters.get(issuedQ) ?? 0) + 1);
    if (finishedQ !== null) this.servedQuarters.set(finishedQ, (this.servedQuarters.get(finishedQ) ?? 0) + 1);
  }

  /** The statistics of the tickets counted so far; `hourOf` places a quarter-hour number in a local hour. */
  toStats(from: string, to: string, hourOf: (quarter: number) => number): Stats {
    const hourly: Hourly = new Map();
    for (const [kind, quarters] of [['issued', this.issuedQuarters], ['served', this.servedQuarters]] as const) {
      for (const [q, n] of quarters) addToHour(hourly, hourOf(q), kind, n);
    }
    const groups = {} as Record<StatsDimension, Map<number, StatsRow>>;
    for (const dim of statsDimensions) groups[dim] = new Map([...this.groups[dim]].map(([id, g]) => [id, rowOf(g)]));
    return toStats({ from, to, totals: rowOf(this.totals), groups, hourly, histogram: this.histogram });
  }

  private groupOf(dim: StatsDimension, id: number): Group {
    let g = this.groups[dim].get(id);
    if (!g) this.groups[dim].set(id, (g = newGroup()));
    return g;
  }

  private count(g: Group, outcome: number, waitMs: number | null, slaMet: boolean, serviceMs: number | null, rating: number): void {
    const s = g.sums;
    s.issued++;
    if (outcome === ticketOutcome.done) s.served++;
    else if (outcome === ticketOutcome.noShow) s.noShow++;
    else if (outcome === ticketOutcome.cancelled) s.cancelled++;
    if (waitMs !== null) {
      s.called++;
      s.waitSum += waitMs;
      if (slaMet) s.slaMet++;
      g.waits.push(waitMs);
    }
    if (outcome === ticketOutcome.done && serviceMs !== null) {
      s.serviceSum += serviceMs;
      s.serviceCount++;
    }
    if (rating !== 0) {
      s.ratingSum += rating;
      s.ratingCount++;
    }
  }
}

function rowOf(g: Group): StatsRow {
  const inSeconds: Sums = { ...g.sums, waitSum: g.sums.waitSum / 1000, serviceSum: g.sums.serviceSum / 1000 };
  const p90 = g.waits.length ? nthSmallest(Float64Array.from(g.waits), Math.ceil(0.9 * g.waits.length) - 1) / 1000 : undefined;
  return toRow(inSeconds, p90);
}

/** Sums (seconds) of the tickets sharing a service, first counter, operator and whole minute of wait. */
export type MinuteSums = Sums & { serviceId: number; counterId: number | null; operatorId: number | null; minute: number | null };

/** One called ticket's wait (seconds), with what it is grouped by. */
export interface TicketWait {
  serviceId: number;
  counterId: number | null;
  operatorId: number | null;
  wait: number;
  minute: number;
}

/** Sums rolled up into totals and per-dimension groups, and called tickets per minute of wait per group. */
export interface MinuteRollUp {
  totals: Sums;
  groups: Record<StatsDimension, Map<number, Sums>>;
  /** Key `dim:id` (`total:0` for all), then minute → called tickets. */
  minutes: Map<string, Map<number, number>>;
  histogram: number[];
}

const groupKeys = (r: { serviceId: number; counterId: number | null; operatorId: number | null }): [StatsDimension, number | null][] => [
  ['service', r.serviceId === null ? null : Number(r.serviceId)],
  ['counter', r.counterId === null ? null : Number(r.counterId)],
  ['operator', r.operatorId === null ? null : Number(r.operatorId)],
];

/** Rolls the per-minute sums up into every table and the wait histogram. */
export function rollUpMinuteSums(rows: readonly MinuteSums[]): MinuteRollUp {
  const up: MinuteRollUp = { totals: emptySums(), groups: { service: new Map(), counter: new Map(), operator: new Map() }, minutes: new Map(), histogram: histogramBuckets.map(() => 0) };
  const countMinute = (key: string, m: number, n: number) => {
    let h = up.minutes.get(key);
    if (!h) up.minutes.set(key, (h = new Map()));
    h.set(m, (h.get(m) ?? 0) + n);
  };
  for (const row of rows) {
    addSums(up.totals, row);
    const m = row.minute === null ? null : Number(row.minute);
    const called = Number(row.called);
    if (m !== null && called > 0) {
      countMinute('total:0', m, called);
      const i = histogramBucketOf(m);
      up.histogram[i] = (up.histogram[i] ?? 0) + called;
    }
    for (const [dim, id] of groupKeys(row)) {
      if (id === null) continue;
      let g = up.groups[dim].get(id);
      if (!g) up.groups[dim].set(id, (g = emptySums()));
      addSums(g, row);
      if (m !== null && called > 0) countMinute(`${dim}:${id}`, m, called);
    }
  }
  return up;
}

/** For each group, the minute holding its 90th percentile wait (nearest rank, ceil(0.9 n)) and the rank inside it. */
export function locateP90(minutes: MinuteRollUp['minutes']): Map<string, { minute: number; rank: number }> {
  const wanted = new Map<string, { minute: number; rank: number }>();
  for (const [key, h] of minutes) {
    const n = [...h.values()].reduce((a, b) => a + b, 0);
    let rank = Math.ceil(0.9 * n);
    for (const m of [...h.keys()].sort((a, b) => a - b)) {
      const c = h.get(m) as number;
      if (rank <= c) {
        wanted.set(key, { minute: m, rank });
        break;
      }
      rank -= c;
    }
  }
  return wanted;
}

/** Each group's exact 90th percentile, from the waits of the minutes `locateP90` named. */
export function p90FromWaits(wanted: ReturnType<typeof locateP90>, waits: readonly TicketWait[]): Map<string, number> {
  const candidates = new Map<string, number[]>();
  const offer = (key: string, m: number, w: number) => {
    if (wanted.get(key)?.minute !== m) return;
    let list = candidates.get(key);
    if (!list) candidates.set(key, (list = []));
    list.push(w);
  };
  for (const r of waits) {
    const m = Number(r.minute);
    const w = Number(r.wait);
    offer('total:0', m, w);
    for (const [dim, id] of groupKeys(r)) if (id !== null) offer(`${dim}:${id}`, m, w);
  }
  const p90 = new Map<string, number>();
  for (const [key, { rank }] of wanted) {
    const value = (candidates.get(key) ?? []).sort((a, b) => a - b)[rank - 1];
    if (value !== undefined) p90.set(key, value);
  }
  return p90;
}

/** The Stats of a roll-up with its percentiles; `hourly` comes from its own count. */
export function minuteRollUpToStats(from: string, to: string, up: MinuteRollUp, p90: Map<string, number>, hourly: Hourly): Stats {
  const groups = {} as Record<StatsDimension, Map<number, StatsRow>>;
  for (const dim of statsDimensions) groups[dim] = new Map([...up.groups[dim]].map(([id, s]) => [id, toRow(s, p90.get(`${dim}:${id}`))]));
  return toStats({ from, to, totals: toRow(up.totals, p90.get('total:0')), groups, hourly, histogram: up.histogram });
}
