import type SQLite from 'better-sqlite3';
import { dayChunks } from '../domain/stats';
import { ticketOutcome } from '../domain/stats-tally';
import type { TicketRange } from './stats.repository';

// The SQLite hot path of the statistics: one narrow read of integers only (no GROUP BY sorter, which is what
// costs most in SQLite, and no date parsing: durations are stored in ms), handed to the caller ticket by ticket.

/** Counter and operator ids travel packed in one integer (both below 2^26, well within a double). */
const idSpan = 2 ** 26;

/** Prepared statements per connection and query text (the text depends on how quarters are numbered). */
const statements = new WeakMap<SQLite.Database, Map<string, SQLite.Statement>>();

/** Where the reader hands each ticket (a `TicketTally`). */
export interface TicketSink {
  add(
    serviceId: number,
    counterId: number,
    operatorId: number,
    outcome: number,
    rating: number,
    waitMs: number | null,
    serviceMs: number | null,
    issuedQ: number,
    finishedQ: number | null,
  ): void;
}

/**
 * Reads every ticket of the range but journey tickets (counted stop by stop, see domain/stats-journeys) and hands each to `sink.add`. Ids of 0 mean none. Quarter-hours: with a
 * constant `offsetMinutes` the quarter of the UTC day read straight from the ISO text (0–95); with null,
 * quarter-hours since the epoch.
 */
export function visitTicketsOnSqlite(sqlite: SQLite.Database, range: TicketRange, offsetMinutes: number | null, sink: TicketSink): void {
  const quarterOf = (col: string) =>
    offsetMinutes === null
      ? `cast((julianday(${col}) - 2440587.5) * 96 as integer)`
      : `(cast(substr(${col}, 12, 2) as integer) * 4 + cast(substr(${col}, 15, 2) as integer) / 15)`;
  // Each column comes back as one JSON array (json_group_array runs in C): far cheaper than a JS row per ticket.
  const columns = [
    't.service_id',
    `coalesce(t.first_counter_id, 0) + ${idSpan} * coalesce(t.operator_id, 0)`,
    `case t.status when 'done' then ${ticketOutcome.done} when 'no_show' then ${ticketOutcome.noShow} when 'cancelled' then ${ticketOutcome.cancelled} else ${ticketOutcome.other} end + 4 * coalesce(t.rating, 0)`,
    't.wait_ms',
    't.service_ms',
    quarterOf('t.issued_at'),
    `case when t.status = 'done' and t.finished_at is not null then ${quarterOf('t.finished_at')} end`,
  ];
  const query = `select ${columns.map((c) => `json_group_array(${c})`).join(', ')}
     from tickets t where t.center_id = ? and t.service_day >= ? and t.service_day <= ? and t.journey is null`;
  let cache = statements.get(sqlite);
  if (!cache) statements.set(sqlite, (cache = new Map()));
  let statement = cache.get(query);
  if (!statement) cache.set(query, (statement = sqlite.prepare(query).raw(true)));

  type Columns = [number[], number[], number[], (number | null)[], (number | null)[], number[], (number | null)[]];
  // A week at a time, so a long range never builds one huge string.
  for (const [chunkFrom, chunkTo] of dayChunks(range.from, range.to, 7)) {
    const raw = statement.get(range.centerId, chunkFrom, chunkTo) as string[];
    const [serviceIds, people, states, waits, serviceTimes, issuedQs, finishedQs] = raw.map((c) => JSON.parse(c)) as Columns;
    for (let r = 0; r < serviceIds.length; r++) {
      const state = states[r] as number;
      const packed = people[r] as number;
      sink.add(
        serviceIds[r] as number,
        packed % idSpan,
        Math.floor(packed / idSpan),
        state & 3,
        state >> 2,
        waits[r] ?? null,
        serviceTimes[r] ?? null,
        issuedQs[r] as number,
        finishedQs[r] ?? null,
      );
    }
  }
}
