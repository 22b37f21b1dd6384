import type { Stats } from '@navbat/shared';
import type { ServiceContext } from './context';
import { constantOffsetMinutes, localHourOfQuarter, addToHour, type Hourly } from '../domain/stats';
import { TicketTally, locateP90, minuteRollUpToStats, p90FromWaits, rollUpMinuteSums } from '../domain/stats-tally';
import { localTime } from '../domain/time';
import { listServices } from '../db/services.repository';
import { countTicketsByQuarterHour, listWaitsInMinutes, sumTicketsByMinuteOfWait, type TicketRange } from '../db/stats.repository';
import { visitTicketsOnSqlite } from '../db/stats-sqlite.repository';
import { requireReportRange } from './lookups';
import { listFinishedJourneys } from '../db/stats-journeys.repository';
import { journeyTotals } from '../domain/journey';
import { toJourney } from './views/journey.view';

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
  return { ...stats, totals: { ...stats.totals, journeys: journeyTotals(journeys) } };
}

async function computeOnSqlite(ctx: ServiceContext, range: TicketRange, timeZone: string): Promise<Stats> {
  const targets = new Map((await listServices(ctx.database.db, range.centerId)).map((s) => [s.id, s.sla_target_minutes * 60_000]));
  // Where the zone keeps one UTC offset over the range (Pakistan always does), the UTC quarter of the day read
  // straight from the ISO text is enough; otherwise quarter-hours since the epoch, placed one by one.
  const offset = constantOffsetMinutes(timeZone, range.from, range.to);
  const tally = new TicketTally(targets);
  visitTicketsOnSqlite(ctx.database.sqlite!, range, offset, tally);
  return tally.toStats(range.from, range.to, (q) => localHourOfQuarter(q, offset, timeZone));
}

/**
 * One grouped pass gives sums per (service, counter, operator, whole minute of wait); a second, narrow pass
 * reads only the waits of the minutes holding each group's 90th percentile, to make it exact.
 */
async function computeInSql(ctx: ServiceContext, range: TicketRange, timeZone: string): Promise<Stats> {
  const { db, dialect } = ctx.database;
  const rollUp = rollUpMinuteSums(await sumTicketsByMinuteOfWait(db, dialect, range));
  const wanted = locateP90(rollUp.minutes);
  const waits = await listWaitsInMinutes(db, dialect, range, [...new Set([...wanted.values()].map((w) => w.minute))]);
  const hourly: Hourly = new Map();
  for (const r of await countTicketsByQuarterHour(db, range)) {
    const [date, hh, qq] = [r.q.slice(0, 10), r.q.slice(11, 13), r.q.slice(14)];
    addToHour(hourly, localTime(new Date(`${date}T${hh}:${qq.padStart(2, '0')}:00.000Z`), timeZone).hour, r.kind, Number(r.n));
  }
  return minuteRollUpToStats(range.from, range.to, rollUp, p90FromWaits(wanted, waits), hourly);
}
