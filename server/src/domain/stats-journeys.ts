import { ticketOutcome, type MinuteSums, type TicketWait } from './stats-tally';

// Statistics of journeys: each stop counts in its own service, as if it were a ticket of that line, with its
// wait counted from when the ticket entered that line (API.md "Journeys"). The stops are read back from the
// ticket's audit trail, which records every call, start, move and end with its time, counter and operator.

/** One event of a ticket's audit trail, as the stats read it. */
export interface TrailEvent {
  type: string;
  at: string;
  actorId: number | null;
  counterId: number | null;
  /** For `moved`: the service the ticket moved to. */
  toServiceId: number | null;
}

/** One stop of a journey as the statistics count it. */
export interface StopRecord {
  serviceId: number;
  counterId: number | null;
  operatorId: number | null;
  outcome: number;
  rating: number | null;
  enteredAt: string;
  waitMs: number | null;
  serviceMs: number | null;
  /** When it was served (null unless served there). */
  servedAt: string | null;
}

const ms = (from: string, to: string) => Date.parse(to) - Date.parse(from);

/**
 * Cuts a journey ticket's audit trail into its stops: a stop begins at issue or at a `moved`, its wait runs
 * to its first call there, its service from start (or call) to its end; the last stop ends as the ticket did.
 */
export function stopsOfJourney(ticket: { firstServiceId: number; issuedAt: string; status: string; rating: number | null }, trail: readonly TrailEvent[]): StopRecord[] {
  const stops: StopRecord[] = [];
  let stop: StopRecord = blank(ticket.firstServiceId, ticket.issuedAt);
  let startedAt: string | null = null;
  let calledAt: string | null = null;
  const serve = (at: string) => {
    const from = startedAt ?? calledAt;
    stop.serviceMs = from ? ms(from, at) : null;
    stop.servedAt = at;
    stop.outcome = ticketOutcome.done;
  };
  for (const e of trail) {
    if (e.type === 'called' && stop.waitMs === null) {
      stop.waitMs = ms(stop.enteredAt, e.at);
      stop.counterId = e.counterId;
      stop.operatorId = e.actorId;
    }
    if (e.type === 'called') calledAt = e.at;
    if (e.type === 'started') startedAt = e.at;
    if (e.type === 'moved' && e.toServiceId !== null) {
      serve(e.at);
      stops.push(stop);
      stop = blank(e.toServiceId, e.at);
      startedAt = calledAt = null;
    }
    if (e.type === 'completed') serve(e.at);
  }
  if (ticket.status === 'no_show') stop.outcome = ticketOutcome.noShow;
  if (ticket.status === 'cancelled') stop.outcome = ticketOutcome.cancelled;
  stop.rating = ticket.rating;
  stops.push(stop);
  return stops;
}

function blank(serviceId: number, enteredAt: string): StopRecord {
  return { serviceId, counterId: null, operatorId: null, outcome: ticketOutcome.other, rating: null, enteredAt, waitMs: null, serviceMs: null, servedAt: null };
}

/** A stop as the database's per-minute sums would have counted it (durations in seconds). */
export function stopMinuteSums(s: StopRecord, slaTargetSeconds: number | undefined): MinuteSums {
  const wait = s.waitMs === null ? null : s.waitMs / 1000;
  const served = s.outcome === ticketOutcome.done;
  return {
    serviceId: s.serviceId,
    counterId: s.counterId,
    operatorId: s.operatorId,
    minute: wait === null ? null : Math.floor(wait / 60),
    issued: 1,
    served: served ? 1 : 0,
    noShow: s.outcome === ticketOutcome.noShow ? 1 : 0,
    cancelled: s.outcome === ticketOutcome.cancelled ? 1 : 0,
    called: wait === null ? 0 : 1,
    waitSum: wait ?? 0,
    slaMet: wait !== null && wait <= (slaTargetSeconds ?? Infinity) ? 1 : 0,
    serviceSum: served && s.serviceMs !== null ? s.serviceMs / 1000 : 0,
    serviceCount: served && s.serviceMs !== null ? 1 : 0,
    ratingSum: s.rating ?? 0,
    ratingCount: s.rating === null ? 0 : 1,
  };
}

/** A called stop's wait, for the exact percentile pass. */
export function stopWait(s: StopRecord): TicketWait | null {
  if (s.waitMs === null) return null;
  const wait = s.waitMs / 1000;
  return { serviceId: s.serviceId, counterId: s.counterId, operatorId: s.operatorId, wait, minute: Math.floor(wait / 60) };
}

/** The quarter-hour number of a time, numbered as the SQLite reader numbers them (see `visitTicketsOnSqlite`). */
export function quarterOf(iso: string, offsetMinutes: number | null): number {
  if (offsetMinutes === null) return Math.floor(Date.parse(iso) / 900_000);
  return Number(iso.slice(11, 13)) * 4 + Math.floor(Number(iso.slice(14, 16)) / 15);
}
