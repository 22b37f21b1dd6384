import type { WaitRange } from '@navbat/shared';
import type { Executor } from '../../db/database';
import type { CenterRow, CounterRow } from '../../db/schema';
import { countersRead, skillsOfCenterRead, type Skill } from '../../db/counters.repository';
import { findCenter } from '../../db/centers.repository';
import { holdingRead, recentCallsRead, serviceTimesRead, type RecentCalls } from '../../db/estimates.repository';
import { flowVersion, noteFlowChange } from '../../db/versions';
import type { DomainEvent } from '../events';
import { onSqlite, readTogetherLater } from '../../db/prepared';
import { estimateWait, summarizeServiceTimes, type CounterNow, type HallNow, type WaitEstimate } from '../../domain/estimate';
import { naiveWaitSeconds, serviceTimeWindow } from '../../domain/wait-estimate';
import { defaultTimeZone, serviceDay, startOfLocalDay } from '../../domain/time';
import { skillsOn } from './counter.view';
import { groupBy } from './group-by';

/** How far back a counter's calls say how it splits its time, and what share of a service's calls did not come. */
export const recentCallsWindowMs = 2 * 3600_000;
/**
 * At most this many of those calls, the latest: a centre of ~700 citizens a day makes ~200 calls in two hours,
 * so this changes nothing there, and it bounds the read when a hall calls faster (a day replayed in minutes).
 */
export const recentCallsLimit = 500;

/** Per service of a center: how fast it moves now, and the hall the estimate reads. */
export interface ServiceFlow {
  avgServiceSeconds: number | null;
  /** Open (not paused) counters serving it: the naive estimate's divisor. */
  openCounters: number;
  hall: HallNow;
  nowMs: number;
}

/**
 * What the estimators need of a centre now, for some services: today's latest service times, the last two
 * hours' calls per counter and service, and the counters. A fixed number of short reads, whatever the lines.
 */
export async function loadServiceFlow(
  ex: Executor,
  centerId: string,
  now: Date,
  serviceIds: readonly number[],
  /** The centre's row when the caller has it (saves reading it again). */
  knownCenter?: Pick<CenterRow, 'timezone'>,
): Promise<Map<number, ServiceFlow>> {
  return (await loadServiceFlowLater(ex, centerId, now, serviceIds, knownCenter))();
}

/**
 * `loadServiceFlow` whose reads, when they must be read anew on PostgreSQL, go out with the command's next
 * statement (`readTogetherLater`): issuing sends them with the number it takes. Answers how to have the flow then.
 * `issuing`: `ex` is a transaction that changes nothing the hall holds (it adds a waiting ticket), so on PostgreSQL
 * it may use a kept hall too.
 */
export async function loadServiceFlowLater(
  ex: Executor,
  centerId: string,
  now: Date,
  serviceIds: readonly number[],
  knownCenter?: Pick<CenterRow, 'timezone'>,
  issuing = false,
): Promise<() => Promise<Map<number, ServiceFlow>>> {
  const center = knownCenter ?? (await findCenter(ex, centerId));
  const tz = center?.timezone ?? defaultTimeZone;
  const since = startOfLocalDay(serviceDay(now, tz), tz).toISOString();
  const recentSince = new Date(Math.max(Date.parse(since), now.getTime() - recentCallsWindowMs)).toISOString();
  const readHall = await readHallLater(ex, centerId, since, recentSince, serviceIds, issuing || !ex.isTransaction || onSqlite(ex));
  return async () => flowOf(await readHall(), now, tz, serviceIds);
}

/**
 * The flow of some services from the hall's reads. Worked out once per day and set of services while the reads are
 * kept (a burst of issues on SQLite reads the hall once, and would group 40 counters' skills at every issue); only
 * `nowMs` is the caller's.
 */
function flowOf(reads: HallReads, now: Date, tz: string, serviceIds: readonly number[]): Map<number, ServiceFlow> {
  const today = serviceDay(now, tz);
  const key = `${today}|${serviceIds.join(',')}`;
  let flow = reads.flows.get(key);
  if (!flow) {
    flow = hallFlow(reads, today, serviceIds);
    if (reads.flows.size >= maxKeptHalls) reads.flows.clear();
    reads.flows.set(key, flow);
  }
  const nowMs = now.getTime();
  return new Map(Array.from(flow, ([id, f]) => [id, { nowMs, ...f }]));
}

function hallFlow({ calls, counters, usualSkills, holding, times }: HallReads, today: string, serviceIds: readonly number[]): Map<number, Omit<ServiceFlow, 'nowMs'>> {
  // What each counter serves today (a supervisor may have changed it for the day).
  const skills = skillsOn(counters, usualSkills, today);
  const callsOfService = new Map<number, { calls: number; noShows: number }>();
  for (const c of calls) {
    const s = callsOfService.get(c.serviceId) ?? { calls: 0, noShows: 0 };
    callsOfService.set(c.serviceId, { calls: s.calls + c.calls, noShows: s.noShows + c.noShows });
  }
  const skillsOf = groupBy(skills, (s) => s.counter_id);
  const callsOf = groupBy(calls, (k) => k.counterId);
  const hallCounters: CounterNow[] = counters
    .filter((c) => c.active === 1)
    .map((c) => ({
      serviceIds: (skillsOf.get(c.id) ?? []).map((s) => s.service_id),
      status: c.status === 'open' || c.status === 'paused' ? c.status : 'closed',
      holdsTicket: holding.has(c.id),
      expectedBackMs: c.pause_expected_until ? Date.parse(c.pause_expected_until) : null,
      recentCalls: new Map((callsOf.get(c.id) ?? []).map((k) => [k.serviceId, k.calls])),
    }));
  const hall: HallNow = {
    services: new Map(
      serviceIds.map((id) => {
        const ofService = callsOfService.get(id);
        return [id, { noShowRate: ofService && ofService.calls > 0 ? ofService.noShows / ofService.calls : 0, ...summarizeServiceTimes(times.get(id) ?? []) }];
      }),
    ),
    counters: hallCounters,
  };
  return new Map(
    serviceIds.map((id) => [
      id,
      {
        avgServiceSeconds: hall.services.get(id)?.meanSeconds ?? null,
        openCounters: hallCounters.filter((c) => c.status === 'open' && c.serviceIds.includes(id)).length,
        hall,
      },
    ]),
  );
}

/** What `loadServiceFlow` reads of a centre's hall. */
interface HallReads {
  /** `flowVersion` when read (null: not kept). */
  version: string | null;
  /** The start of the recent calls' window they were read for. */
  recentSince: string;
  calls: RecentCalls[];
  counters: CounterRow[];
  usualSkills: Skill[];
  holding: Set<number>;
  /** Per service read so far: its latest service times today. */
  times: Map<number, number[]>;
  /** `flowOf`'s answers from these reads, by day and services asked (`nowMs` apart). */
  flows: Map<string, Map<number, Omit<ServiceFlow, 'nowMs'>>>;
}

/** Per database (its adapter), then per centre and day: the hall last read, kept while its flow version holds. */
const keptHalls = new WeakMap<object, Map<string, HallReads>>();
const maxKeptHalls = 64;

/**
 * The hall's reads for the estimators: those last read, while nothing they come from has changed (`flowVersion`:
 * issuing changes none of it, so a burst of issues reads the hall once; on PostgreSQL for at most `pgFlowKeptMs`)
 * and the recent calls' window, which slides with the clock, still holds every call read; otherwise read anew, as
 * one statement on PostgreSQL that goes out with the command's next one. Answers how to have them.
 */
async function readHallLater(
  ex: Executor,
  centerId: string,
  since: string,
  recentSince: string,
  serviceIds: readonly number[],
  /**
   * Whether a kept hall stands for what `ex` sees: always on SQLite (the transaction's own writes raise
   * `flow_version` in its view); on PostgreSQL, where they raise nothing until commit, outside transactions and in
   * issuing's. Otherwise the hall is read anew and not kept.
   */
  keptServes: boolean,
): Promise<() => Promise<HallReads>> {
  const version = keptServes ? await flowVersion(ex) : null;
  const key = `${centerId}:${since}`;
  const kept = version === null ? undefined : keptHalls.get(ex.getExecutor().adapter)?.get(key);
  if (kept && kept.version === version && kept.recentSince <= recentSince && kept.calls.every((c) => c.firstCalledAt >= recentSince)) {
    const missing = serviceIds.filter((id) => !kept.times.has(id));
    if (missing.length === 0) return () => Promise.resolve(kept);
    const readMore = await readTogetherLater(ex, missing.map((id) => serviceTimesRead(centerId, id, since, serviceTimeWindow)));
    return async () => {
      const more = await readMore();
      missing.forEach((id, i) => kept.times.set(id, more[i] as number[]));
      return kept;
    };
  }
  const read = await readTogetherLater(ex, [
    recentCallsRead(centerId, recentSince, recentCallsLimit),
    countersRead(centerId),
    skillsOfCenterRead(centerId),
    holdingRead(centerId),
    ...serviceIds.map((id) => serviceTimesRead(centerId, id, since, serviceTimeWindow)),
  ]);
  return async () => {
    const [calls, counters, usualSkills, holding, ...timesOf] = await read();
    const hall: HallReads = { version, recentSince, calls, counters, usualSkills, holding, times: new Map(serviceIds.map((id, i) => [id, timesOf[i] as number[]])), flows: new Map() };
    if (version === null) return hall;
    const adapter = ex.getExecutor().adapter;
    let halls = keptHalls.get(adapter);
    if (!halls) keptHalls.set(adapter, (halls = new Map()));
    if (halls.size >= maxKeptHalls) halls.clear();
    halls.set(key, hall);
    return hall;
  };
}

/**
 * Called with every committed command's events (PostgreSQL keeps hall reads by them, `flowVersion`): all but an
 * issue may change what the estimators read.
 */
export function noteFlowEvents(ex: Executor, events: readonly DomainEvent[]): void {
  if (events.some((e) => e.type !== 'ticket.issued')) noteFlowChange(ex);
}

/** Drops the hall reads kept for this database: the next estimates read it anew (tests compare the two). */
export function forgetKeptHalls(ex: Executor): void {
  keptHalls.delete(ex.getExecutor().adapter);
}

const emptyHall: HallNow = { services: new Map(), counters: [] };

/** Estimator v2 for the ticket at `position` of a service's line (a service whose flow was not loaded gets the defaults). */
export function flowWaitEstimate(flow: Map<number, ServiceFlow>, serviceId: number, position: number): WaitEstimate {
  const f = flow.get(serviceId);
  return estimateWait(serviceId, position - 1, f?.nowMs ?? 0, f?.hall ?? emptyHall);
}

/** The estimated wait (seconds) of the ticket at `position` of a service's line. */
export function flowEstimate(flow: Map<number, ServiceFlow>, serviceId: number, position: number): number {
  return flowWaitEstimate(flow, serviceId, position).seconds;
}

/** The naive estimate the ledger compares against, for the ticket at `position` (null: not scored). */
export function flowNaiveEstimate(flow: Map<number, ServiceFlow>, serviceId: number, position: number): number | null {
  const f = flow.get(serviceId);
  return f ? naiveWaitSeconds(position, f.avgServiceSeconds, f.openCounters) : null;
}

export const toWaitRange = (e: WaitEstimate): WaitRange => ({ low: e.low, high: e.high });
