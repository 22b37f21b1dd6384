import type { JourneyTotals, Stats, StatsRow } from '@navbat/shared';
import { allow, refuse, type Decision } from './decision';
import { localTime } from './time';
import { noFees } from './stats-fees';

// The definitions behind the statistics, shared by both ways of reading the ticket log (stats-tally.ts).

/** Sums and counts of one group of tickets; they add up across groups, so one pass feeds every table. */
export interface Sums {
  issued: number;
  served: number;
  noShow: number;
  cancelled: number;
  called: number;
  waitSum: number;
  slaMet: number;
  serviceSum: number;
  serviceCount: number;
  ratingSum: number;
  ratingCount: number;
}

const sumKeys: readonly (keyof Sums)[] = ['issued', 'served', 'noShow', 'cancelled', 'called', 'waitSum', 'slaMet', 'serviceSum', 'serviceCount', 'ratingSum', 'ratingCount'];

export function emptySums(): Sums {
  return { issued: 0, served: 0, noShow: 0, cancelled: 0, called: 0, waitSum: 0, slaMet: 0, serviceSum: 0, serviceCount: 0, ratingSum: 0, ratingCount: 0 };
}

/** Adds `from` into `into` (values read from a database may arrive as strings or be missing). */
export function addSums(into: Sums, from: Sums): void {
  for (const k of sumKeys) into[k] += Number(from[k] ?? 0);
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** One Row of the Stats shape from its sums (durations in seconds) and its 90th percentile wait. */
export function toRow(s: Sums, p90: number | undefined): StatsRow {
  return {
    issued: s.issued,
    served: s.served,
    noShow: s.noShow,
    cancelled: s.cancelled,
    avgWaitSeconds: s.called ? round1(s.waitSum / s.called) : null,
    p90WaitSeconds: s.called && p90 !== undefined ? round1(p90) : null,
    avgServiceSeconds: s.serviceCount ? round1(s.serviceSum / s.serviceCount) : null,
    slaMetPercent: s.called ? round1((100 * s.slaMet) / s.called) : null,
    avgRating: s.ratingCount ? Math.round((100 * s.ratingSum) / s.ratingCount) / 100 : null,
  };
}

/** The tables of the statistics besides the totals: per service, first counter, operator. */
export type StatsDimension = 'service' | 'counter' | 'operator';
export const statsDimensions: readonly StatsDimension[] = ['service', 'counter', 'operator'];

/** Lower bounds (minutes) of the wait distribution's bars; the last one is open-ended. */
export const histogramBuckets: readonly number[] = [0, 5, 10, 15, 20, 30, 45, 60, 90];

/** The bar of the wait histogram that a wait of `minutes` falls in. */
export function histogramBucketOf(minutes: number): number {
  let i = histogramBuckets.length - 1;
  while (i > 0 && minutes < (histogramBuckets[i] as number)) i--;
  return i;
}

/** Issued and served tickets per local hour ("HH"), as the statistics list them. */
export type Hourly = Map<string, { issued: number; served: number }>;

export function addToHour(hourly: Hourly, hour: number, kind: 'issued' | 'served', n: number): void {
  const key = String(hour).padStart(2, '0');
  const h = hourly.get(key) ?? { issued: 0, served: 0 };
  h[kind] += n;
  hourly.set(key, h);
}

/** The Stats shape from rows already computed; tables sorted by id, hours in order. */
export function toStats(parts: {
  from: string;
  to: string;
  totals: StatsRow;
  groups: Record<StatsDimension, Map<number, StatsRow>>;
  hourly: Hourly;
  histogram: readonly number[];
  /** Journeys end to end; the stats service fills them in from their own read. */
  journeys?: JourneyTotals;
}): Stats {
  const rows = <K extends string>(dim: StatsDimension, key: K) =>
    [...parts.groups[dim].entries()].sort((a, b) => a[0] - b[0]).map(([id, row]) => ({ ...row, [key]: id }) as StatsRow & Record<K, number>);
  return {
    from: parts.from,
    to: parts.to,
    // Fees are filled in by the stats service from the payment audit trail (domain/stats-fees.ts).
    totals: { ...parts.totals, journeys: parts.journeys ?? { count: 0, avgTotalSeconds: null }, fees: noFees() },
    services: rows('service', 'serviceId').map((r) => ({ ...r, fees: noFees() })),
    counters: rows('counter', 'counterId'),
    operators: rows('operator', 'userId'),
    hourly: [...parts.hourly.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([hour, v]) => ({ hour, ...v })),
    waitHistogram: histogramBuckets.map((fromMinutes, i) => ({ fromMinutes, toMinutes: histogramBuckets[i + 1] ?? null, count: parts.histogram[i] ?? 0 })),
  };
}

/**
 * The local days a statistics request covers: `today` when none is given, one day when only one end is,
 * and a refusal when `from` is after `to`.
 */
export function decideRange(today: string, range: { from?: string | undefined; to?: string | undefined }): Decision<{ from: string; to: string }> {
  const from = range.from ?? range.to ?? today;
  const to = range.to ?? (range.from && range.from > today ? range.from : today);
  return from > to ? refuse('VALIDATION_ERROR', '`from` must not be after `to`') : allow({ from, to });
}

/** The k-th smallest (0-based) of `values`, found by quickselect; reorders `values`. */
export function nthSmallest(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const t = values[i] as number;
        values[i] = values[j] as number;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return values[k] as number;
}

/** `from`..`to` (local dates, both included) cut into consecutive ranges of at most `size` days. */
export function dayChunks(from: string, to: string, size: number): [string, string][] {
  const chunks: [string, string][] = [];
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let start = Date.parse(`${from}T00:00:00Z`); start <= end; start += size * 86_400_000) {
    chunks.push([day(start), day(Math.min(end, start + (size - 1) * 86_400_000))]);
  }
  return chunks;
}

/** The zone's UTC offset in minutes if it is the same all through the local days `from`..`to`, else null. */
export function constantOffsetMinutes(timeZone: string, from: string, to: string): number | null {
  const offsetAt = (instant: number) => {
    const d = new Date(instant);
    const local = localTime(d, timeZone);
    const [h, m] = local.time.split(':').map(Number) as [number, number];
    const localDay = Date.parse(`${local.date}T00:00:00Z`);
    const utcDay = Date.parse(`${d.toISOString().slice(0, 10)}T00:00:00Z`);
    return (localDay - utcDay) / 60_000 + h * 60 + m - (d.getUTCHours() * 60 + d.getUTCMinutes());
  };
  const start = Date.parse(`${from}T00:00:00Z`) - 86_400_000;
  const end = Date.parse(`${to}T00:00:00Z`) + 2 * 86_400_000;
  const first = offsetAt(start);
  // Every 6 hours: zones change their offset at most a few times a year, never twice within 6 hours.
  for (let t = start + 6 * 3_600_000; t <= end; t += 6 * 3_600_000) if (offsetAt(t) !== first) return null;
  return first;
}

/**
 * The local hour of a quarter-hour number: with a constant `offsetMinutes`, `q` counts quarters of the UTC
 * day (0–95); without one (null), quarters since the epoch, placed through the zone one by one.
 */
export function localHourOfQuarter(q: number, offsetMinutes: number | null, timeZone: string): number {
  return offsetMinutes === null ? localTime(new Date(q * 900_000), timeZone).hour : Math.floor(((((q * 15 + offsetMinutes) % 1440) + 1440) % 1440) / 60);
}
