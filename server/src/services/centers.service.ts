import { AppError, type CenterSummary, type DisplayCall, type DisplayState, type QueueSummary, type ServicesResponse, type PriorityCategory, type Localized } from '@navbat/shared';
import type { ServiceContext } from './context';
import type { Executor } from '../db/database';
import type { ServiceRow } from '../db/schema';
import { findCenter, listCenters } from '../db/centers.repository';
import { listServiceGroups, listServices } from '../db/services.repository';
import { listCounters, listSkillsOfCenter } from '../db/counters.repository';
import { countWaitingByService, listActiveTicketsOfCenter, listRecentCalls } from '../db/tickets.repository';
import { parseJson } from '../db/json';
import { serviceDay, startOfLocalDay } from '../domain/time';
import { flowEstimate, loadServiceFlow } from './views/ticket.view';
import { isServiceOpen, toCenterSummary } from './views/center.view';
import { inReadSnapshot } from '../db/snapshot';

/** The ids of the active services among `services` (the ones kiosks and summaries show). */
const activeIds = (services: readonly ServiceRow[]) => services.filter((s) => s.active === 1).map((s) => s.id);

export function createCentersService(ctx: ServiceContext) {
  const { database, clock } = ctx;

  async function requireCenter(ex: Executor, centerId: string) {
    const center = await findCenter(ex, centerId);
    if (!center) throw new AppError('CENTER_NOT_FOUND', `no center ${centerId}`);
    return center;
  }

  async function list(): Promise<CenterSummary[]> {
    const now = clock.now();
    return (await listCenters(database.db)).map((c) => toCenterSummary(c, now));
  }

  /** What a kiosk shows: groups, services with their line and estimate, priority categories. */
  async function publicServices(centerId: string): Promise<ServicesResponse> {
    const now = clock.now();
    const ex = database.db;
    const center = await requireCenter(ex, centerId);
    const services = await listServices(ex, centerId);
    const [groups, waiting, flow] = await Promise.all([
      listServiceGroups(ex, centerId),
      countWaitingByService(ex, centerId),
      loadServiceFlow(ex, centerId, now, activeIds(services)),
    ]);
    return {
      groups: groups.map((g) => ({ id: g.id, name: parseJson<Localized>(g.name) as Localized })),
      services: services
        .filter((s) => s.active === 1)
        .map((s) => {
          const count = waiting.get(s.id)?.count ?? 0;
          return {
            id: s.id,
            groupId: s.group_id,
            prefix: s.prefix,
            name: parseJson<Localized>(s.name) as Localized,
            open: isServiceOpen(s, center, now),
            allowsPriority: s.allows_priority === 1,
            waiting: count,
            estimatedWaitSeconds: flowEstimate(flow, s.id, count + 1),
            openingHours: parseJson(s.opening_hours),
          };
        }),
      priorityCategories: parseJson<PriorityCategory[]>(center.priority_categories) ?? [],
    };
  }

  /**
   * Hall display states of a center, read in one consistent snapshot: for the given zones, or for the
   * whole hall and every zone of its counters when `zones` is 'all'. What zones share is read once.
   */
  function displayStates(centerId: string, zones: readonly (string | null)[] | 'all'): Promise<DisplayState[]> {
    const now = clock.now();
    return inReadSnapshot(database, async (ex) => {
      const center = await requireCenter(ex, centerId);
      const since = startOfLocalDay(serviceDay(now, center.timezone), center.timezone).toISOString();
      const allCounters = await listCounters(ex, centerId);
      const wanted = zones === 'all' ? [null, ...new Set(allCounters.map((c) => c.zone).filter((z): z is string => z !== null))] : zones;
      const [active, waiting, skills] = await Promise.all([
        listActiveTicketsOfCenter(ex, centerId),
        countWaitingByService(ex, centerId),
        wanted.some((z) => z !== null) ? listSkillsOfCenter(ex, centerId) : Promise.resolve([]),
      ]);
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
            .map(([serviceId, w]) => ({ serviceId, count: w.count }))
            .sort((a, b) => a.serviceId - b.serviceId),
          message: center.ticker_message,
        });
      }
      return states;
    });
  }

  /** The hall display's state for one zone (or the whole center). */
  async function displayState(centerId: string, zone: string | null): Promise<DisplayState> {
    const [state] = await displayStates(centerId, [zone]);
    return state as DisplayState;
  }

  /** Live line summary per service for counters and supervisors. */
  async function queueSummary(centerId: string): Promise<QueueSummary> {
    const now = clock.now();
    const ex = database.db;
    await requireCenter(ex, centerId);
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

  return { list, publicServices, displayState, displayStates, queueSummary, requireCenter: (id: string) => requireCenter(database.db, id) };
}

export type CentersService = ReturnType<typeof createCentersService>;
