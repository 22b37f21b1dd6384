import { AppError, type CenterSummary, type CounterDisplay, type DisplayCall, type DisplayState, type QueueSummary, type ServicesResponse, type PriorityCategory, type Localized, type Fee } from '@navbat/shared';
import type { ServiceContext } from './context';
import type { ServiceRow } from '../db/schema';
import { listCenters } from '../db/centers.repository';
import { listServiceGroups, listServices } from '../db/services.repository';
import { listCounters, listSkillsOfCenter } from '../db/counters.repository';
import { countWaitingByService, countWaitingPerService, listActiveTicketsOfCenter, listRecentCalls } from '../db/tickets.repository';
import { parseJson } from '../db/json';
import { serviceDay, startOfLocalDay } from '../domain/time';
import { flowEstimate, loadServiceFlow } from './views/ticket.view';
import { skillsOn } from './views/counter.view';
import { flowWaitEstimate, toWaitRange } from './views/estimate.view';
import { toCenterFacts, toCenterSummary, toHoliday, toServiceFacts } from './views/center.view';
import { joiningWaitRanges, rangesMaxAgeMs, toDisplayCounter } from './views/display.view';
import { isServiceOpen, serviceClosure } from '../domain/ticket-life';
import { findHoliday } from '../db/closures.repository';
import { requireCenter as requireCenterRow, requireCounter } from './lookups';
import { inReadSnapshot } from '../db/snapshot';
import { cachedRead } from './read-cache';

/** The ids of the active services among `services` (the ones kiosks and summaries show). */
const activeIds = (services: readonly ServiceRow[]) => services.filter((s) => s.active === 1).map((s) => s.id);

/** Every centre, for the kiosk's and the display's centre picker. */
export async function list(ctx: ServiceContext): Promise<CenterSummary[]> {
  const now = ctx.clock.now();
  return (await listCenters(ctx.database.db)).map((c) => toCenterSummary(c, now));
}

/** Answers when the centre exists, CENTER_NOT_FOUND otherwise. */
export async function requireCenter(ctx: ServiceContext, centerId: string): Promise<void> {
  await requireCenterRow(ctx.database.db, centerId);
}

/** What a kiosk shows: groups, services with their line and estimate, priority categories. */
export function publicServices(ctx: ServiceContext, centerId: string): Promise<ServicesResponse> {
  const now = ctx.clock.now();
  // Served again while nothing was written, within the same second (its estimates and `open` read the clock).
  return cachedRead(ctx.database, `services:${centerId}`, () => String(Math.floor(now.getTime() / 1000)), () => readPublicServices(ctx, centerId, now));
}

async function readPublicServices(ctx: ServiceContext, centerId: string, now: Date): Promise<ServicesResponse> {
  const ex = ctx.database.db;
  const center = await requireCenterRow(ex, centerId);
  const centerFacts = toCenterFacts(center, toHoliday(await findHoliday(ex, centerId, serviceDay(now, center.timezone))));
  const services = await listServices(ex, centerId);
  const [groups, waiting, flow] = await Promise.all([
    listServiceGroups(ex, centerId),
    countWaitingPerService(ex, centerId),
    loadServiceFlow(ex, centerId, now, activeIds(services)),
  ]);
  return {
    groups: groups.map((g) => ({ id: g.id, name: parseJson<Localized>(g.name) as Localized })),
    services: services
      .filter((s) => s.active === 1)
      .map((s) => {
        const count = waiting.get(s.id) ?? 0;
        const estimate = flowWaitEstimate(flow, s.id, count + 1);
        return {
          id: s.id,
          groupId: s.group_id,
          prefix: s.prefix,
          name: parseJson<Localized>(s.name) as Localized,
          open: isServiceOpen(toServiceFacts(s), centerFacts, now),
          closure: serviceClosure({ service: toServiceFacts(s), center: centerFacts }, now),
          allowsPriority: s.allows_priority === 1,
          waiting: count,
          estimatedWaitSeconds: estimate.seconds,
          estimatedWaitRange: toWaitRange(estimate),
          openingHours: parseJson(s.opening_hours),
          bookable: s.booking_capacity > 0,
          fee: parseJson<Fee>(s.fee),
        };
      }),
    priorityCategories: parseJson<PriorityCategory[]>(center.priority_categories) ?? [],
  };
}

/**
 * Hall display states of a center, read in one consistent snapshot: for the given zones, or for the
 * whole hall and every zone of its counters when `zones` is 'all'. What zones share is read once.
 */
export async function displayStates(ctx: ServiceContext, centerId: string, zones: readonly (string | null)[] | 'all', options: { knownZonesOnly?: boolean } = {}): Promise<DisplayState[]> {
  const now = ctx.clock.now();
  // Served again while nothing was written, on the same local day (recent calls are the day's) and within the
  // same span the wait ranges are kept for (they age with the clock, not only with writes).
  const key = `display:${centerId}:${zones === 'all' ? '*' : JSON.stringify(zones)}:${options.knownZonesOnly === true}`;
  const span = Math.floor(now.getTime() / rangesMaxAgeMs);
  const read = await cachedRead(ctx.database, key, (v) => `${serviceDay(now, v.timezone)}:${span}`, () => readDisplayStates(ctx, centerId, zones, options, now));
  return read.states;
}

function readDisplayStates(ctx: ServiceContext, centerId: string, zones: readonly (string | null)[] | 'all', options: { knownZonesOnly?: boolean }, now: Date): Promise<{ timezone: string; states: DisplayState[] }> {
  return inReadSnapshot(ctx.database, async (ex) => {
    const center = await requireCenterRow(ex, centerId);
    const since = startOfLocalDay(serviceDay(now, center.timezone), center.timezone).toISOString();
    const allCounters = await listCounters(ex, centerId);
    if (options.knownZonesOnly && zones !== 'all') for (const zone of zones) requireKnownZone(allCounters, centerId, zone);
    const wanted = zones === 'all' ? [null, ...new Set(allCounters.map((c) => c.zone).filter((z): z is string => z !== null))] : zones;
    const [active, waiting, usualSkills] = await Promise.all([
      listActiveTicketsOfCenter(ex, centerId),
      countWaitingPerService(ex, centerId),
      wanted.some((z) => z !== null) ? listSkillsOfCenter(ex, centerId) : Promise.resolve([]),
    ]);
    // A zone's display shows the services its counters serve today.
    const skills = skillsOn(allCounters, usualSkills, serviceDay(now, center.timezone));
    const ranges = await joiningWaitRanges(ctx.database, ex, centerId, center.display_seq, now, waiting);
    const states: DisplayState[] = [];
    for (const zone of wanted) {
      const counters = allCounters.filter((c) => zone === null || c.zone === zone);
      const names = new Map(counters.map((c) => [c.id, c.name]));
      const recent = await listRecentCalls(ex, centerId, since, zone === null ? null : counters.map((c) => c.id), 10);
      const toCall = (t: { counter_id: number | null; code: string; service_id: number; called_at: string | null }): DisplayCall => ({
        counterId: t.counter_id as number,
        counterName: names.get(t.counter_id as number) ?? '',
        ticketCode: t.code,
        serviceId: t.service_id,
        calledAt: t.called_at as string,
      });
      const zoneServices = zone === null ? null : new Set(skills.filter((sk) => names.has(sk.counter_id)).map((sk) => sk.service_id));
      states.push({
        centerId,
        zone,
        seq: center.display_seq,
        serving: active
          .filter((t) => t.counter_id !== null && names.has(t.counter_id))
          .sort((a, b) => ((a.called_at ?? '') < (b.called_at ?? '') ? 1 : -1))
          .map(toCall),
        recentCalls: recent.filter((t) => names.has(t.counter_id as number)).map(toCall),
        waiting: [...waiting.entries()]
          .filter(([serviceId]) => zoneServices === null || zoneServices.has(serviceId))
          .map(([serviceId, count]) => ({ serviceId, count, waitRange: ranges.get(serviceId) ?? null }))
          .sort((a, b) => a.serviceId - b.serviceId),
        message: center.ticker_message,
        counters: counters.filter((c) => c.active === 1).map(toDisplayCounter),
      });
    }
    return { timezone: center.timezone, states };
  });
}

/** A display's zone must be the zone of one of the center's counters: a typo is an error, not an empty hall. */
function requireKnownZone(counters: readonly { zone: string | null }[], centerId: string, zone: string | null): void {
  if (zone !== null && !counters.some((c) => c.zone === zone)) throw new AppError('ZONE_NOT_FOUND', `center ${centerId} has no counters in zone ${JSON.stringify(zone)}`);
}

/** Refuses an unknown center (CENTER_NOT_FOUND) or zone (ZONE_NOT_FOUND) before a display connects. */
export async function requireDisplayZone(ctx: ServiceContext, centerId: string, zone: string | null): Promise<void> {
  // At every display's and kiosk's handshake, and a restart brings a hall's screens back at once: a known place is
  // answered again while nothing was written (a refusal is never kept).
  await cachedRead(ctx.database, `display-zone:${centerId}:${JSON.stringify(zone)}`, () => '', async () => {
    await requireCenterRow(ctx.database.db, centerId);
    if (zone !== null) requireKnownZone(await listCounters(ctx.database.db, centerId), centerId, zone);
    return true;
  });
}

/** The hall display's state for one zone (or the whole center). */
export async function displayState(ctx: ServiceContext, centerId: string, zone: string | null): Promise<DisplayState> {
  const [state] = await displayStates(ctx, centerId, [zone], { knownZonesOnly: true });
  return state as DisplayState;
}

/** Where the small screen above a counter finds its centre and zone (it then follows that zone's display state). */
export async function counterDisplay(ctx: ServiceContext, counterId: number): Promise<CounterDisplay> {
  const counter = await requireCounter(ctx.database.db, counterId);
  return { counterId: counter.id, counterName: counter.name, centerId: counter.center_id, zone: counter.zone };
}

/** Live line summary per service for counters and supervisors. */
export async function queueSummary(ctx: ServiceContext, centerId: string): Promise<QueueSummary> {
  const now = ctx.clock.now();
  const ex = ctx.database.db;
  await requireCenterRow(ex, centerId);
  const services = await listServices(ex, centerId);
  const [waiting, flow] = await Promise.all([countWaitingByService(ex, centerId), loadServiceFlow(ex, centerId, now, activeIds(services))]);
  return {
    centerId,
    at: now.toISOString(),
    services: services
      .filter((s) => s.active === 1)
      .map((s) => {
        const w = waiting.get(s.id);
        return {
          serviceId: s.id,
          waiting: w?.count ?? 0,
          oldestIssuedAt: w?.oldest ?? null,
          longestWaitSeconds: w?.oldest ? Math.max(0, Math.round((now.getTime() - Date.parse(w.oldest)) / 1000)) : null,
          estimatedWaitSeconds: flowEstimate(flow, s.id, (w?.count ?? 0) + 1),
          slaTargetMinutes: s.sla_target_minutes,
          openCounters: flow.get(s.id)?.openCounters ?? 0,
        };
      }),
  };
}
