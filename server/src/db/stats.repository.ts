import { sql, type RawBuilder } from 'kysely';
import type { Dialect, Executor } from './database';
import type { MinuteSums, TicketWait } from '../domain/stats-tally';

// The statistics read in SQL (PostgreSQL; SQLite has its own hot path in stats-sqlite.repository.ts).
// Durations are stored on the ticket in whole milliseconds (first call − issue, finish − start).

/** The tickets issued on a center's local days `from`..`to`, both included. */
export interface TicketRange {
  centerId: string;
  from: string;
  to: string;
}

const wait = sql<number>`(t.wait_ms / 1000.0)`;
const serviceTime = sql<number>`(t.service_ms / 1000.0)`;
// Journey tickets are counted stop by stop, each in its own service (stats-journeys.repository.ts).
const inRange = (r: TicketRange) => sql`t.center_id = ${r.centerId} and t.service_day >= ${r.from} and t.service_day <= ${r.to} and t.journey is null`;
const minuteOf = (dialect: Dialect, seconds: RawBuilder<number>) =>
  dialect === 'postgres' ? sql<number>`cast(floor(${seconds} / 60) as integer)` : sql<number>`cast(${seconds} / 60 as integer)`;

/**
 * One grouped pass over the range: sums per (service, first counter, operator, whole minute of wait). They
 * roll up into every table and the wait histogram, and locate the minute holding each group's percentile.
 */
export async function sumTicketsByMinuteOfWait(ex: Executor, dialect: Dialect, range: TicketRange): Promise<MinuteSums[]> {
  const waitMinute = minuteOf(dialect, wait);
  const { rows } = await sql<MinuteSums>`
    select t.service_id as "serviceId", t.first_counter_id as "counterId", t.operator_id as "operatorId", ${waitMinute} as "minute",
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
    where ${inRange(range)}
    group by t.service_id, t.first_counter_id, t.operator_id, ${waitMinute}`.execute(ex);
  return rows;
}

/** The waits (seconds) of the called tickets whose wait falls in one of `minutes` (a narrow second pass). */
export async function listWaitsInMinutes(ex: Executor, dialect: Dialect, range: TicketRange, minutes: readonly number[]): Promise<TicketWait[]> {
  if (minutes.length === 0) return [];
  const waitMinute = minuteOf(dialect, wait);
  const { rows } = await sql<TicketWait>`
    select t.service_id as "serviceId", t.first_counter_id as "counterId", t.operator_id as "operatorId", ${wait} as "wait", ${waitMinute} as "minute"
    from tickets t where ${inRange(range)} and t.wait_ms is not null and ${waitMinute} in (${sql.join([...minutes])})`.execute(ex);
  return rows;
}

/**
 * Issued and served tickets per UTC quarter-hour (few rows), for the caller to place in local hours; `q`
 * is `YYYY-MM-DDTHH:` followed by the quarter's first minute.
 */
export async function countTicketsByQuarterHour(ex: Executor, range: TicketRange): Promise<{ kind: 'issued' | 'served'; q: string; n: number }[]> {
  const quarter = (col: string) => sql<string>`substr(${sql.ref(col)}, 1, 14) || cast(cast(substr(${sql.ref(col)}, 15, 2) as integer) / 15 * 15 as varchar(2))`;
  const { rows } = await sql<{ kind: 'issued' | 'served'; q: string; n: number }>`
    select 'issued' as kind, ${quarter('t.issued_at')} as q, count(*) as n from tickets t where ${inRange(range)} group by 2
    union all
    select 'served', ${quarter('t.finished_at')}, count(*) from tickets t where ${inRange(range)} and t.status = 'done' and t.finished_at is not null group by 2`.execute(ex);
  return rows;
}

/** A range's tickets as the CSV export lists them, with service prefix, counter name and operator username. */
export function listTicketsForExport(ex: Executor, range: TicketRange) {
  return ex
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
      'tickets.payment_amount_pkr',
      'tickets.payment_status',
      'tickets.receipt_ref',
    ])
    .where('tickets.center_id', '=', range.centerId)
    .where('tickets.service_day', '>=', range.from)
    .where('tickets.service_day', '<=', range.to)
    .orderBy('tickets.id')
    .execute();
}

/** The `payment` audit events of a range's tickets, oldest first (few rows: only tickets with a fee have them). */
export function listPaymentEvents(ex: Executor, range: TicketRange) {
  return ex
    .selectFrom('ticket_events')
    .innerJoin('tickets', 'tickets.id', 'ticket_events.ticket_id')
    .select(['ticket_events.ticket_id', 'ticket_events.data'])
    .where('tickets.center_id', '=', range.centerId)
    .where('tickets.service_day', '>=', range.from)
    .where('tickets.service_day', '<=', range.to)
    // Only a ticket with a fee now, or on a journey (an earlier stop's fee), has payment events.
    .where((eb) => eb.or([eb('tickets.payment_amount_pkr', 'is not', null), eb('tickets.journey', 'is not', null)]))
    .where('ticket_events.type', '=', 'payment')
    .orderBy('ticket_events.id')
    .execute();
}
