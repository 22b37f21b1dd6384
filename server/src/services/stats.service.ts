import type { Stats } from '@navbat/shared';
import type { ServiceContext } from './context';
import { constantOffsetMinutes, localHourOfQuarter, addToHour, type Hourly } from '../domain/stats';
import { TicketTally, locateP90, minuteRollUpToStats, p90FromWaits, rollUpMinuteSums } from '../domain/stats-tally';
import { localTime } from '../domain/time';
import { listServices } from '../db/services.repository';
import { countTicketsByQuarterHour, listWaitsInMinutes, sumTicketsByMinuteOfWait, type TicketRange } from '../db/stats.repository';
import { visitTicketsOnSqlite } from '../db/stats-sqlite.repository';
import { requireReportRange } from './lookups';
import { listFinishedJourneys, listJourneyTrails } from '../db/stats-journeys.repository';
import { quarterOf, stopMinuteSums, stopWait, stopsOfJourney, type StopRecord } from '../domain/stats-journeys';
import { journeyTotals } from '../domain/journey';
import { toJourney } from './views/journey.view';
import { parseJson } from '../db/json';
import { listPaymentEvents } from '../db/stats.repository';
import { noFees, settledFees, tallyFees, type PaymentEventData, type SettledFee } from '../domain/stats-fees';

/**
 * Statistics of the tickets issued on the center's local days `from`..`to` (both included), read from the
 * ticket log so a month of 300,000 tickets stays fast: on SQLite one narrow read tallied ticket by ticket, on
 * PostgreSQL sums grouped by the database (see domain/stats-tally.ts).
 */
export async function compute(ctx: ServiceContext, centerId: string, range: { from?: string | undefined; to?: string | undefined }): Promise<Stats> {
  const { center, from, to } = await requireReportRange(ctx.database.db, centerId, ctx.clock.now(), range);
  const tickets = { centerId: center.id, from, to };
  const stats = await (ctx.database.sqlite ? computeOnSqlite(ctx, tickets, center.timezone) : computeInSql(ctx, tickets, center.timezone));
  const journeys = (await listFinishedJourneys(ctx.database.db, tickets)).map((r) => ({ issuedAt: r.issued_at, finishedAt: r.finished_at, status: r.status, journey: toJourney(r) }));
  const fees = tallyFees(await listSettledFees(ctx, tickets), (f) => f.serviceId);
  // Each stop of a journey counts in its own service (above); the journey counts once, end to end.
  return {
    ...stats,
    totals: { ...stats.totals, journeys: journeyTotals(journeys), fees: fees.total },
    services: stats.services.map((s) => ({ ...s, fees: fees.byKey.get(s.serviceId) ?? noFees() })),
  };
}

/** The fees settled (paid or waived) on a range's tickets, each stop's once, from the audit trail. */
export async function listSettledFees(ctx: ServiceContext, range: TicketRange): Promise<SettledFee[]> {
  const events = await listPaymentEvents(ctx.database.db, range);
  return settledFees(events.map((e) => ({ ticketId: e.ticket_id, data: parseJson<PaymentEventData>(e.data) })));
}

async function computeOnSqlite(ctx: ServiceContext, range: TicketRange, timeZone: string): Promise<Stats> {
  const targets = new Map((await listServices(ctx.database.db, range.centerId)).map((s) => [s.id, s.sla_target_minutes * 60_000]));
  // Where the zone keeps one UTC offset over the range (Pakistan always does), the UTC quarter of the day read
  // straight from the ISO text is enough; otherwise quarter-hours since the epoch, placed one by one.
  const offset = constantOffsetMinutes(timeZone, range.from, range.to);
  const tally = new TicketTally(targets);
  visitTicketsOnSqlite(ctx.database.sqlite!, range, offset, tally);
  for (const s of await journeyStops(ctx, range)) {
    tally.add(s.serviceId, s.counterId ?? 0, s.operatorId ?? 0, s.outcome, s.rating ?? 0, s.waitMs, s.serviceMs, quarterOf(s.enteredAt, offset), s.servedAt ? quarterOf(s.servedAt, offset) : null);
  }
  return tally.toStats(range.from, range.to, (q) => localHourOfQuarter(q, offset, timeZone));
}

/**
 * One grouped pass gives sums per (service, counter, operator, whole minute of wait); a second, narrow pass
 * reads only the waits of the minutes holding each group's 90th percentile, to make it exact.
 */
async function computeInSql(ctx: ServiceContext, range: TicketRange, timeZone: string): Promise<Stats> {
  const { db, dialect } = ctx.database;
  const stops = await journeyStops(ctx, range);
  const targets = new Map((await listServices(db, range.centerId)).map((s) => [s.id, s.sla_target_minutes * 60]));
  const rollUp = rollUpMinuteSums([...(await sumTicketsByMinuteOfWait(db, dialect, range)), ...stops.map((s) => stopMinuteSums(s, targets.get(s.serviceId)))]);
  const wanted = locateP90(rollUp.minutes);
  const waits = await listWaitsInMinutes(db, dialect, range, [...new Set([...wanted.values()].map((w) => w.minute))]);
  for (const s of stops) {
    const w = stopWait(s);
    if (w) waits.push(w);
  }
  const hourly: Hourly = new Map();
  for (const s of stops) {
    addToHour(hourly, localTime(new Date(s.enteredAt), timeZone).hour, 'issued', 1);
    if (s.servedAt) addToHour(hourly, localTime(new Date(s.servedAt), timeZone).hour, 'served', 1);
  }
  for (const r of await countTicketsByQuarterHour(db, range)) {
    const [date, hh, qq] = [r.q.slice(0, 10), r.q.slice(11, 13), r.q.slice(14)];
    addToHour(hourly, localTime(new Date(`${date}T${hh}:${qq.padStart(2, '0')}:00.000Z`), timeZone).hour, r.kind, Number(r.n));
  }
  return minuteRollUpToStats(range.from, range.to, rollUp, p90FromWaits(wanted, waits), hourly);
}

/** The stops of the range's journey tickets, each to be counted in its own service. */
async function journeyStops(ctx: ServiceContext, range: TicketRange): Promise<StopRecord[]> {
  const tickets = await listJourneyTrails(ctx.database.db, range);
  return tickets.flatMap((t) =>
    stopsOfJourney(
      { firstServiceId: toJourney(t)?.[0]?.serviceId ?? 0, issuedAt: t.issued_at, status: t.status, rating: t.rating },
      t.events.map((e) => ({ type: e.type, at: e.at, actorId: e.actor_id, counterId: e.counter_id, toServiceId: e.type === 'moved' ? ((parseJson<{ toServiceId?: number }>(e.data)?.toServiceId) ?? null) : null })),
    ),
  );
}
