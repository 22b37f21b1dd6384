import { AppError, type Stats, type StatsRow } from '@navbat/shared';
import type { ServiceContext } from './context';
import { findCenter } from '../db/centers.repository';
import { sql, type RawBuilder } from 'kysely';
import type SQLite from 'better-sqlite3';
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

/** Lower bounds (minutes) of the wait distribution's bars; the last one is open-ended. */
const histogramBuckets = [0, 5, 10, 15, 20, 30, 45, 60, 90];

/** Counter and operator ids travel packed in one integer (both below 2^26, well within a double). */
const idSpan = 2 ** 26;

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

type Dimension = 'total' | 'service' | 'counter' | 'operator';
const dimensionColumn: Record<Exclude<Dimension, 'total'>, string> = { service: 'service_id', counter: 'first_counter_id', operator: 'operator_id' };

export function createStatsService(ctx: ServiceContext) {
  const { database, clock } = ctx;
  const { dialect } = database;
  // Durations are stored on the ticket in whole milliseconds (first call − issue, finish − start).
  const wait = sql<number>`(t.wait_ms / 1000.0)`;
  const serviceTime = sql<number>`(t.service_ms / 1000.0)`;

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
        count(t.wait_ms) as "called",
        coalesce(sum(${wait}), 0) as "waitSum",
        sum(case when ${wait} <= s.sla_target_minutes * 60 then 1 else 0 end) as "slaMet",
        coalesce(sum(case when t.status = 'done' then ${serviceTime} end), 0) as "serviceSum",
        sum(case when t.status = 'done' and t.service_ms is not null then 1 else 0 end) as "serviceCount",
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
        from tickets t where ${inRange} and t.wait_ms is not null and ${waitMinute} in (${sql.join(wantedMinutes)})`.execute(database.db);
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

  const sqliteStatements = new Map<string, SQLite.Statement>();

  /**
   * The SQLite hot path: one narrow read of integers only (no GROUP BY sorter, which is what costs most in
   * SQLite, and no date parsing: durations are stored in ms), aggregated in one pass in JS. Same
   * definitions and rounding as the SQL path above.
   */
  async function computeOnSqlite(sqlite: SQLite.Database, centerId: string, timezone: string, from: string, to: string): Promise<Stats> {
    const targets = new Map((await database.db.selectFrom('services').select(['id', 'sla_target_minutes']).where('center_id', '=', centerId).execute()).map((r) => [r.id, r.sla_target_minutes * 1000 * 60]));
    // Hours: where the zone keeps one UTC offset over the range (Pakistan always does), the UTC quarter of the
    // day read straight from the ISO text is enough; otherwise quarter-hours since the epoch, placed one by one.
    const offset = constantOffsetMinutes(timezone, from, to);
    const quarterOf = (col: string) =>
      offset === null
        ? `cast((julianday(${col}) - 2440587.5) * 96 as integer)`
        : `(cast(substr(${col}, 12, 2) as integer) * 4 + cast(substr(${col}, 15, 2) as integer) / 15)`;
    // Each column comes back as one JSON array (json_group_array runs in C): far cheaper than a JS row per ticket.
    const columns = [
      't.service_id',
      `coalesce(t.first_counter_id, 0) + ${idSpan} * coalesce(t.operator_id, 0)`,
      "case t.status when 'done' then 1 when 'no_show' then 2 when 'cancelled' then 3 else 0 end + 4 * coalesce(t.rating, 0)",
      't.wait_ms',
      't.service_ms',
      quarterOf('t.issued_at'),
      `case when t.status = 'done' and t.finished_at is not null then ${quarterOf('t.finished_at')} end`,
    ];
    const query = `select ${columns.map((c) => `json_group_array(${c})`).join(', ')}
       from tickets t where t.center_id = ? and t.service_day >= ? and t.service_day <= ?`;
    let statement = sqliteStatements.get(query);
    if (!statement) sqliteStatements.set(query, (statement = sqlite.prepare(query).raw(true)));


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
    const histogramMs = histogramBuckets.map((m) => m * 60_000);
    // Sums are kept in ms here and turned into seconds at the end.
    const add = (g: Group, status: number, waitMs: number | null, slaMet: boolean, serviceMs: number | null, rating: number) => {
      const s = g.sums;
      s.issued++;
      if (status === 1) s.served++;
      else if (status === 2) s.noShow++;
      else if (status === 3) s.cancelled++;
      if (waitMs !== null) {
        s.called++;
        s.waitSum += waitMs;
        if (slaMet) s.slaMet++;
        g.waits.push(waitMs);
      }
      if (status === 1 && serviceMs !== null) {
        s.serviceSum += serviceMs;
        s.serviceCount++;
      }
      if (rating !== 0) {
        s.ratingSum += rating;
        s.ratingCount++;
      }
    };
    type Columns = [number[], number[], number[], (number | null)[], (number | null)[], number[], (number | null)[]];
    // A week at a time, so a long range never builds one huge string.
    for (const [chunkFrom, chunkTo] of dayChunks(from, to, 7)) {
      const raw = statement.get(centerId, chunkFrom, chunkTo) as string[];
      const [serviceIds, people, states, waits, serviceTimes, issuedQs, finishedQs] = raw.map((c) => JSON.parse(c)) as Columns;
      for (let r = 0; r < serviceIds.length; r++) {
        const serviceId = serviceIds[r] as number;
        const state = states[r] as number;
        const waitMs = waits[r] ?? null;
        const serviceMs = serviceTimes[r] ?? null;
        const status = state & 3;
        const rating = state >> 2;
        const counterId = (people[r] as number) % idSpan;
        const operatorId = Math.floor((people[r] as number) / idSpan);
        const slaMet = waitMs !== null && waitMs <= (targets.get(serviceId) ?? Infinity);
        add(totals, status, waitMs, slaMet, serviceMs, rating);
        add(groupOf('service', serviceId), status, waitMs, slaMet, serviceMs, rating);
        if (counterId !== 0) add(groupOf('counter', counterId), status, waitMs, slaMet, serviceMs, rating);
        if (operatorId !== 0) add(groupOf('operator', operatorId), status, waitMs, slaMet, serviceMs, rating);
        if (waitMs !== null) {
          let i = histogramMs.length - 1;
          while (i > 0 && waitMs < (histogramMs[i] as number)) i--;
          histogram[i] = (histogram[i] ?? 0) + 1;
        }
        const issuedQ = issuedQs[r] as number;
        issuedQuarters.set(issuedQ, (issuedQuarters.get(issuedQ) ?? 0) + 1);
        const finishedQ = finishedQs[r] ?? null;
        if (finishedQ !== null) servedQuarters.set(finishedQ, (servedQuarters.get(finishedQ) ?? 0) + 1);
      }
    }
    const inSeconds = (g: Group): Sums => ({ ...g.sums, waitSum: g.sums.waitSum / 1000, serviceSum: g.sums.serviceSum / 1000 });
    const p90Of = (g: Group) => (g.waits.length ? nthSmallest(Float64Array.from(g.waits), Math.ceil(0.9 * g.waits.length) - 1) / 1000 : undefined);
    const rows = <K extends string>(dim: Exclude<Dimension, 'total'>, key: K) =>
      [...groups[dim].entries()].sort((a, b) => a[0] - b[0]).map(([id, g]) => ({ ...toRow(inSeconds(g), p90Of(g)), [key]: id }) as StatsRow & Record<K, number>);
    const hourOf = (q: number) =>
      offset === null ? localTime(new Date(q * 900_000), timezone).hour : Math.floor((((q * 15 + offset) % 1440) + 1440) % 1440 / 60);
    const hourly = new Map<string, { issued: number; served: number }>();
    for (const [kind, quarters] of [['issued', issuedQuarters], ['served', servedQuarters]] as const) {
      for (const [q, n] of quarters) {
        const hour = String(hourOf(q)).padStart(2, '0');
        const h = hourly.get(hour) ?? { issued: 0, served: 0 };
        h[kind] += n;
        hourly.set(hour, h);
      }
    }
    return {
      from,
      to,
      totals: toRow(inSeconds(totals), p90Of(totals)),
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
