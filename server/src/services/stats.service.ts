import { AppError, type Stats, type StatsRow } from '@navbat/shared';
import type { ServiceContext } from './context';
import { findCenter } from '../db/centers.repository';
import { localTime, secondsBetween, serviceDay } from '../domain/time';

interface Sample {
  service_id: number;
  status: string;
  issued_at: string;
  first_called_at: string | null;
  started_at: string | null;
  finished_at: string | null;
  first_counter_id: number | null;
  operator_id: number | null;
  rating: number | null;
  sla_target_minutes: number;
}

/** Accumulates one Row of the Stats shape. */
class RowAccumulator {
  issued = 0;
  served = 0;
  noShow = 0;
  cancelled = 0;
  waits: number[] = [];
  slaMet = 0;
  serviceSum = 0;
  serviceCount = 0;
  ratingSum = 0;
  ratingCount = 0;

  add(t: Sample): void {
    this.issued++;
    if (t.status === 'done') this.served++;
    if (t.status === 'no_show') this.noShow++;
    if (t.status === 'cancelled') this.cancelled++;
    if (t.first_called_at) {
      const wait = secondsBetween(t.issued_at, t.first_called_at);
      this.waits.push(wait);
      if (wait <= t.sla_target_minutes * 60) this.slaMet++;
    }
    if (t.status === 'done' && t.started_at && t.finished_at) {
      this.serviceSum += secondsBetween(t.started_at, t.finished_at);
      this.serviceCount++;
    }
    if (t.rating !== null) {
      this.ratingSum += t.rating;
      this.ratingCount++;
    }
  }

  row(): StatsRow {
    const waits = this.waits.sort((a, b) => a - b);
    const round1 = (n: number) => Math.round(n * 10) / 10;
    return {
      issued: this.issued,
      served: this.served,
      noShow: this.noShow,
      cancelled: this.cancelled,
      avgWaitSeconds: waits.length ? round1(waits.reduce((a, b) => a + b, 0) / waits.length) : null,
      p90WaitSeconds: waits.length ? round1(percentile(waits, 0.9)) : null,
      avgServiceSeconds: this.serviceCount ? round1(this.serviceSum / this.serviceCount) : null,
      slaMetPercent: waits.length ? round1((100 * this.slaMet) / waits.length) : null,
      avgRating: this.ratingCount ? Math.round((100 * this.ratingSum) / this.ratingCount) / 100 : null,
    };
  }
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil(p * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

const histogramBuckets = [0, 5, 10, 15, 20, 30, 45, 60, 90];

export function createStatsService(ctx: ServiceContext) {
  const { database, clock } = ctx;

  /** Statistics of the tickets issued on the center's local days `from`..`to` (both included). */
  async function compute(centerId: string, range: { from?: string | undefined; to?: string | undefined }): Promise<Stats> {
    const center = await findCenter(database.db, centerId);
    if (!center) throw new AppError('CENTER_NOT_FOUND', `no center ${centerId}`);
    const today = serviceDay(clock.now(), center.timezone);
    const from = range.from ?? range.to ?? today;
    const to = range.to ?? (range.from ? today : today);
    if (from > to) throw new AppError('VALIDATION_ERROR', '`from` must not be after `to`');
    const samples: Sample[] = await database.db
      .selectFrom('tickets')
      .innerJoin('services', 'services.id', 'tickets.service_id')
      .select([
        'tickets.service_id',
        'tickets.status',
        'tickets.issued_at',
        'tickets.first_called_at',
        'tickets.started_at',
        'tickets.finished_at',
        'tickets.first_counter_id',
        'tickets.operator_id',
        'tickets.rating',
        'services.sla_target_minutes',
      ])
      .where('tickets.center_id', '=', centerId)
      .where('tickets.service_day', '>=', from)
      .where('tickets.service_day', '<=', to)
      .execute();

    const totals = new RowAccumulator();
    const byService = new Map<number, RowAccumulator>();
    const byCounter = new Map<number, RowAccumulator>();
    const byOperator = new Map<number, RowAccumulator>();
    const hourly = new Map<string, { issued: number; served: number }>();
    const histogram = histogramBuckets.map(() => 0);
    const acc = (m: Map<number, RowAccumulator>, k: number) => {
      let a = m.get(k);
      if (!a) m.set(k, (a = new RowAccumulator()));
      return a;
    };
    const hourOf = (iso: string) => String(localTime(new Date(iso), center.timezone).hour).padStart(2, '0');
    for (const t of samples) {
      totals.add(t);
      acc(byService, t.service_id).add(t);
      if (t.first_counter_id !== null) acc(byCounter, t.first_counter_id).add(t);
      if (t.operator_id !== null) acc(byOperator, t.operator_id).add(t);
      const h = hourly.get(hourOf(t.issued_at)) ?? { issued: 0, served: 0 };
      h.issued++;
      hourly.set(hourOf(t.issued_at), h);
      if (t.status === 'done' && t.finished_at) {
        const hs = hourly.get(hourOf(t.finished_at)) ?? { issued: 0, served: 0 };
        hs.served++;
        hourly.set(hourOf(t.finished_at), hs);
      }
      if (t.first_called_at) {
        const minutes = secondsBetween(t.issued_at, t.first_called_at) / 60;
        let i = histogramBuckets.length - 1;
        while (i > 0 && minutes < (histogramBuckets[i] as number)) i--;
        histogram[i] = (histogram[i] ?? 0) + 1;
      }
    }
    const rows = <K extends string>(m: Map<number, RowAccumulator>, key: K) =>
      [...m.entries()].sort((a, b) => a[0] - b[0]).map(([id, a]) => ({ ...a.row(), [key]: id }) as StatsRow & Record<K, number>);
    return {
      from,
      to,
      totals: totals.row(),
      services: rows(byService, 'serviceId'),
      counters: rows(byCounter, 'counterId'),
      operators: rows(byOperator, 'userId'),
      hourly: [...hourly.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([hour, v]) => ({ hour, ...v })),
      waitHistogram: histogramBuckets.map((fromMinutes, i) => ({
        fromMinutes,
        toMinutes: histogramBuckets[i + 1] ?? null,
        count: histogram[i] ?? 0,
      })),
    };
  }

  /** Tickets of a range as CSV, one row a ticket, for spreadsheets. */
  async function ticketsCsv(centerId: string, range: { from?: string | undefined; to?: string | undefined }): Promise<string> {
    const center = await findCenter(database.db, centerId);
    if (!center) throw new AppError('CENTER_NOT_FOUND', `no center ${centerId}`);
    const today = serviceDay(clock.now(), center.timezone);
    const from = range.from ?? today;
    const to = range.to ?? today;
    const rows = await database.db
      .selectFrom('tickets')
      .innerJoin('services', 'services.id', 'tickets.service_id')
      .leftJoin('counters', 'counters.id', 'tickets.first_counter_id')
      .leftJoin('users', 'users.id', 'tickets.operator_id')
      .select([
        'tickets.id',
        'tickets.code',
        'tickets.service_day',
        'services.prefix',
        'tickets.service_id',
        'tickets.status',
        'tickets.priority',
        'tickets.channel',
        'tickets.issued_at',
        'tickets.first_called_at',
        'tickets.started_at',
        'tickets.finished_at',
        'counters.name as counter',
        'users.username as operator',
        'tickets.outcome',
        'tickets.rating',
      ])
      .where('tickets.center_id', '=', centerId)
      .where('tickets.service_day', '>=', from)
      .where('tickets.service_day', '<=', to)
      .orderBy('tickets.id')
      .execute();
    const header = ['id', 'code', 'day', 'service_prefix', 'service_id', 'status', 'priority', 'channel', 'issued_at', 'first_called_at', 'started_at', 'finished_at', 'counter', 'operator', 'outcome', 'rating'];
    const cell = (v: unknown) => {
      if (v === null || v === undefined) return '';
      let s = String(v);
      // Cells that a spreadsheet would run as a formula are prefixed so they stay text.
      if (/^[=+\-@]/.test(s)) s = `'${s}`;
      return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
    };
    const lines = rows.map((r) =>
      [r.id, r.code, r.service_day, r.prefix, r.service_id, r.status, r.priority, r.channel, r.issued_at, r.first_called_at, r.started_at, r.finished_at, r.counter, r.operator, r.outcome, r.rating].map(cell).join(','),
    );
    return [header.join(','), ...lines].join('\r\n') + '\r\n';
  }

  return { compute, ticketsCsv };
}

export type StatsService = ReturnType<typeof createStatsService>;
