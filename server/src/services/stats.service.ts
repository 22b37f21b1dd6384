import { AppError, type Stats, type StatsRow } from '@navbat/shared';
import type { ServiceContext } from './context';
import { findCenter } from '../db/centers.repository';
import { sql, type RawBuilder } from 'kysely';
import type SQLite from 'better-sqlite3';
import type { Dialect } from '../db/database';
import { localTime, serviceDay } from '../domain/time';

/** Sums and counts of one group of tickets; they add up across groups, so one SQL pass feeds every table. */
interface Sums {
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

function emptySums(): Sums {
  return { issued: 0, served: 0, noShow: 0, cancelled: 0, called: 0, waitSum: 0, slaMet: 0, serviceSum: 0, serviceCount: 0, ratingSum: 0, ratingCount: 0 };
}

function addSums(into: Sums, from: Sums): void {
  for (const k of sumKeys) into[k] += Number(from[k] ?? 0);
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** One Row of the Stats shape from its sums and its 90th percentile wait. */
function toRow(s: Sums, p90: number | undefined): StatsRow {
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

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil(p * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

/** Lower bounds (minutes) of the wait distribution's bars; the last one is open-ended. */
const histogramBuckets = [0, 5, 10, 15, 20, 30, 45, 60, 90];

/** Seconds from one ISO-8601 text column to another, to the millisecond, in the dialect's own SQL. */
function secondsSql(dialect: Dialect, from: string, to: string): RawBuilder<number> {
  return dialect === 'postgres'
    ? sql<number>`extract(epoch from (cast(${sql.ref(to)} as timestamptz) - cast(${sql.ref(from)} as timestamptz)))::float8`
    : sql<number>`(round((julianday(${sql.ref(to)}) - julianday(${sql.ref(from)})) * 86400000.0) / 1000.0)`;
}

type Dimension = 'total' | 'service' | 'counter' | 'operator';
const dimensionColumn: Record<Exclude<Dimension, 'total'>, string> = { service: 'service_id', counter: 'first_counter_id', operator: 'operator_id' };

export function createStatsService(ctx: ServiceContext) {
  const { database, clock } = ctx;
  const { dialect } = database;
  const wait = secondsSql(dialect, 't.issued_at', 't.first_called_at');
  const serviceTime = secondsSql(dialect, 't.started_at', 't.finished_at');

  async function resolveRange(centerId: string, range: { from?: string | undefined; to?: string | undefined }) {
    const center = await findCenter(database.db, centerId);
    if (!center) throw new AppError('CENTER_NOT_FOUND', `no center ${centerId}`);
    const today = serviceDay(clock.now(), center.timezone);
    const from = range.from ?? range.to ?? today;
    const to = range.to ?? (range.from && range.from > today ? range.from : today);
    if (from > to) throw new AppError('VALIDATION_ERROR', '`from` must not be after `to`');
    return { center, from, to };
  }

  const minuteOf = (seconds: RawBuilder<number>) =>
    dialect === 'postgres' ? sql<number>`cast(floor(${seconds} / 60) as integer)` : sql<number>`cast(${seconds} / 60 as integer)`;
  const waitMinute = minuteOf(wait);

  /**
   * Statistics of the tickets issued on the center's local days `from`..`to` (both included), computed in
   * SQL from the ticket log so a month of 300,000 tickets stays fast. One grouped pass gives sums per
   * (service, counter, operator, whole minute of wait): they roll up into every table and the wait
   * histogram, and locate the minute holding each group's 90th percentile; a second, narrow pass reads
   * only the waits of those minutes to make the percentile exact.
   */
  async function compute(centerId: string, range: { from?: string | undefined; to?: string | undefined }): Promise<Stats> {
    const { center, from, to } = await resolveRange(centerId, range);
    if (database.sqlite) return computeOnSqlite(database.sqlite, center.id, center.timezone, from, to);
    const inRange = sql`t.center_id = ${centerId} and t.service_day >= ${from} and t.service_day <= ${to}`;

    const sums = await sql<Sums & { service_id: number; first_counter_id: number | null; operator_id: number | null; m: number | null }>`
      select t.service_id, t.first_counter_id, t.operator_id, ${waitMinute} as m,
        count(*) as "issued",
        sum(case when t.status = 'done' then 1 else 0 end) as "served",
        sum(case when t.status = 'no_show' then 1 else 0 end) as "noShow",
        sum(case when t.status = 'cancelled' then 1 else 0 end) as "cancelled",
        count(t.first_called_at) as "called",
        coalesce(sum(${wait}), 0) as "waitSum",
        sum(case when ${wait} <= s.sla_target_minutes * 60 then 1 else 0 end) as "slaMet",
        coalesce(sum(case when t.status = 'done' then ${serviceTime} end), 0) as "serviceSum",
        sum(case when t.status = 'done' and t.started_at is not null and t.finished_at is not null then 1 else 0 end) as "serviceCount",
        coalesce(sum(t.rating), 0) as "ratingSum",
        count(t.rating) as "ratingCount"
      from tickets t inner join services s on s.id = t.service_id
      where ${inRange}
      group by t.service_id, t.first_counter_id, t.operator_id, ${waitMinute}`.execute(database.db);

    const totals = emptySums();
    const groups: Record<Exclude<Dimension, 'total'>, Map<number, Sums>> = { service: new Map(), counter: new Map(), operator: new Map() };
    // Called tickets per whole minute of wait, for every group (key `dim:id`).
    const minutes = new Map<string, Map<number, number>>();
    const histogram = histogramBuckets.map(() => 0);
    const countMinute = (key: string, m: number, n: number) => {
      let h = minutes.get(key);
      if (!h) minutes.set(key, (h = new Map()));
      h.set(m, (h.get(m) ?? 0) + n);
    };
    for (const row of sums.rows) {
      addSums(totals, row);
      const m = row.m === null ? null : Number(row.m);
      const called = Number(row.called);
      if (m !== null && called > 0) {
        countMinute('total:0', m, called);
        let i = histogramBuckets.length - 1;
        while (i > 0 && m < (histogramBuckets[i] as number)) i--;
        histogram[i] = (histogram[i] ?? 0) + called;
      }
      for (const dim of ['service', 'counter', 'operator'] as const) {
        const id = row[dimensionColumn[dim] as 'service_id'];
        if (id === null) continue;
        let g = groups[dim].get(Number(id));
        if (!g) groups[dim].set(Number(id), (g = emptySums()));
        addSums(g, row);
        if (m !== null && called > 0) countMinute(`${dim}:${Number(id)}`, m, called);
      }
    }

    // Nearest rank: the ceil(0.9 n)-th smallest wait; find its minute and its rank inside that minute.
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
    const p90 = new Map<string, number>();
    const wantedMinutes = [...new Set([...wanted.values()].map((w) => w.minute))];
    if (wantedMinutes.length > 0) {
      const waits = await sql<{ service_id: number; first_counter_id: number | null; operator_id: number | null; wait: number; m: number }>`
        select t.service_id, t.first_counter_id, t.operator_id, ${wait} as wait, ${waitMinute} as m
        from tickets t where ${inRange} and t.first_called_at is not null and ${waitMinute} in (${sql.join(wantedMinutes)})`.execute(database.db);
      const candidates = new Map<string, number[]>();
      const offer = (key: string, m: number, w: number) => {
        if (wanted.get(key)?.minute !== m) return;
        let list = candidates.get(key);
        if (!list) candidates.set(key, (list = []));
        list.push(w);
      };
      for (const r of waits.rows) {
        const m = Number(r.m);
        const w = Number(r.wait);
        offer('total:0', m, w);
        offer(`service:${Number(r.service_id)}`, m, w);
        if (r.first_counter_id !== null) offer(`counter:${Number(r.first_counter_id)}`, m, w);
        if (r.operator_id !== null) offer(`operator:${Number(r.operator_id)}`, m, w);
      }
      for (const [key, { rank }] of wanted) {
        const list = (candidates.get(key) ?? []).sort((a, b) => a - b);
        const value = list[rank - 1];
        if (value !== undefined) p90.set(key, value);
      }
    }
    const rows = <K extends string>(dim: Exclude<Dimension, 'total'>, key: K) =>
      [...groups[dim].entries()].sort((a, b) => a[0] - b[0]).map(([id, s]) => ({ ...toRow(s, p90.get(`${dim}:${id}`)), [key]: id }) as StatsRow & Record<K, number>);

    // Hours are bucketed by UTC quarter-hour in SQL (few rows), then placed in the center's local hour.
    const quarter = (col: string) => sql<string>`substr(${sql.ref(col)}, 1, 14) || cast(cast(substr(${sql.ref(col)}, 15, 2) as integer) / 15 * 15 as varchar(2))`;
    const hourlyRows = await sql<{ kind: 'issued' | 'served'; q: string; n: number }>`
      select 'issued' as kind, ${quarter('t.issued_at')} as q, count(*) as n from tickets t where ${inRange} group by 2
      union all
      select 'served', ${quarter('t.finished_at')}, count(*) from tickets t where ${inRange} and t.status = 'done' and t.finished_at is not null group by 2`.execute(database.db);
    const hourly = new Map<string, { issued: number; served: number }>();
    for (const r of hourlyRows.rows) {
      const [date, hh, qq] = [r.q.slice(0, 10), r.q.slice(11, 13), r.q.slice(14)];
      const instant = new Date(`${date}T${hh}:${qq.padStart(2, '0')}:00.000Z`);
      const hour = String(localTime(instant, center.timezone).hour).padStart(2, '0');
      const h = hourly.get(hour) ?? { issued: 0, served: 0 };
      h[r.kind] += Number(r.n);
      hourly.set(hour, h);
    }

    return {
      from,
      to,
      totals: toRow(totals, p90.get('total:0')),
      services: rows('service', 'serviceId'),
      counters: rows('counter', 'counterId'),
      operators: rows('operator', 'userId'),
      hourly: [...hourly.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([hour, v]) => ({ hour, ...v })),
      waitHistogram: histogramBuckets.map((fromMinutes, i) => ({
        fromMinutes,
        toMinutes: histogramBuckets[i + 1] ?? null,
        count: histogram[i] ?? 0,
      })),
    };
  }

  let sqliteStatement: SQLite.Statement | null = null;

  /**
   * The SQLite hot path: one narrow read of numbers only (no GROUP BY sorter, which is what costs most in
   * SQLite), aggregated in one pass in JS. Same definitions and rounding as the SQL path above.
   */
  async function computeOnSqlite(sqlite: SQLite.Database, centerId: string, timezone: string, from: string, to: string): Promise<Stats> {
    const targets = new Map((await database.db.selectFrom('services').select(['id', 'sla_target_minutes']).where('center_id', '=', centerId).execute()).map((r) => [r.id, r.sla_target_minutes * 60]));
    // Quarter-hours since the epoch (julianday 2440587.5 = 1970-01-01) keep the hourly grouping exact for any zone.
    sqliteStatement ??= sqlite
      .prepare(
        `select t.service_id, t.first_counter_id, t.operator_id,
           case t.status when 'done' then 1 when 'no_show' then 2 when 'cancelled' then 3 else 0 end,
           round((julianday(t.first_called_at) - julianday(t.issued_at)) * 86400000.0) / 1000.0,
           round((julianday(t.finished_at) - julianday(t.started_at)) * 86400000.0) / 1000.0,
           t.rating,
           cast((julianday(t.issued_at) - 2440587.5) * 96 as integer),
           cast((julianday(t.finished_at) - 2440587.5) * 96 as integer)
         from tickets t where t.center_id = ? and t.service_day >= ? and t.service_day <= ?`,
      )
      .raw(true);
    type Group = { sums: Sums; waits: number[] };
    const newGroup = (): Group => ({ sums: emptySums(), waits: [] });
    const totals = newGroup();
    const groups: Record<Exclude<Dimension, 'total'>, Map<number, Group>> = { service: new Map(), counter: new Map(), operator: new Map() };
    const groupOf = (dim: Exclude<Dimension, 'total'>, id: number) => {
      let g = groups[dim].get(id);
      if (!g) groups[dim].set(id, (g = newGroup()));
      return g;
    };
    const issuedQuarters = new Map<number, number>();
    const servedQuarters = new Map<number, number>();
    const histogram = histogramBuckets.map(() => 0);
    type Raw = [number, number | null, number | null, number, number | null, number | null, number | null, number, number | null];
    const add = (g: Group, status: number, wait: number | null, slaMet: boolean, service: number | null, rating: number | null) => {
      const s = g.sums;
      s.issued++;
      if (status === 1) s.served++;
      else if (status === 2) s.noShow++;
      else if (status === 3) s.cancelled++;
      if (wait !== null) {
        s.called++;
        s.waitSum += wait;
        if (slaMet) s.slaMet++;
        g.waits.push(wait);
      }
      if (status === 1 && service !== null) {
        s.serviceSum += service;
        s.serviceCount++;
      }
      if (rating !== null) {
        s.ratingSum += rating;
        s.ratingCount++;
      }
    };
    for (const [serviceId, counterId, operatorId, status, wait, service, rating, issuedQ, finishedQ] of sqliteStatement.iterate(centerId, from, to) as Iterable<Raw>) {
      const slaMet = wait !== null && wait <= (targets.get(serviceId) ?? Infinity);
      add(totals, status, wait, slaMet, service, rating);
      add(groupOf('service', serviceId), status, wait, slaMet, service, rating);
      if (counterId !== null) add(groupOf('counter', counterId), status, wait, slaMet, service, rating);
      if (operatorId !== null) add(groupOf('operator', operatorId), status, wait, slaMet, service, rating);
      if (wait !== null) {
        let i = histogramBuckets.length - 1;
        while (i > 0 && wait < (histogramBuckets[i] as number) * 60) i--;
        histogram[i] = (histogram[i] ?? 0) + 1;
      }
      issuedQuarters.set(issuedQ, (issuedQuarters.get(issuedQ) ?? 0) + 1);
      if (status === 1 && finishedQ !== null) servedQuarters.set(finishedQ, (servedQuarters.get(finishedQ) ?? 0) + 1);
    }
    const p90Of = (g: Group) => (g.waits.length ? percentile(Float64Array.from(g.waits).sort() as unknown as number[], 0.9) : undefined);
    const rows = <K extends string>(dim: Exclude<Dimension, 'total'>, key: K) =>
      [...groups[dim].entries()].sort((a, b) => a[0] - b[0]).map(([id, g]) => ({ ...toRow(g.sums, p90Of(g)), [key]: id }) as StatsRow & Record<K, number>);
    const hourly = new Map<string, { issued: number; served: number }>();
    for (const [kind, quarters] of [['issued', issuedQuarters], ['served', servedQuarters]] as const) {
      for (const [q, n] of quarters) {
        const hour = String(localTime(new Date(q * 900_000), timezone).hour).padStart(2, '0');
        const h = hourly.get(hour) ?? { issued: 0, served: 0 };
        h[kind] += n;
        hourly.set(hour, h);
      }
    }
    return {
      from,
      to,
      totals: toRow(totals.sums, p90Of(totals)),
      services: rows('service', 'serviceId'),
      counters: rows('counter', 'counterId'),
      operators: rows('operator', 'userId'),
      hourly: [...hourly.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([hour, v]) => ({ hour, ...v })),
      waitHistogram: histogramBuckets.map((fromMinutes, i) => ({ fromMinutes, toMinutes: histogramBuckets[i + 1] ?? null, count: histogram[i] ?? 0 })),
    };
  }

  /** Tickets of a range as CSV, one row a ticket, for spreadsheets. */
  async function ticketsCsv(centerId: string, range: { from?: string | undefined; to?: string | undefined }): Promise<string> {
    const { from, to } = await resolveRange(centerId, range);
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
