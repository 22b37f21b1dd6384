import { sql } from 'kysely';
import type { Executor } from './database';
import { prepared, read, readTogether, runRead, type Read } from './prepared';

/**
 * Per service: the service times (seconds) of its latest `window` served tickets since `sinceIso`, newest
 * first. Each is a short walk down the partial index `tickets_done_idx`: the cost grows neither with the
 * line nor with the day.
 */
export async function recentServiceTimes(ex: Executor, centerId: string, serviceIds: readonly number[], sinceIso: string, window: number): Promise<Map<number, number[]>> {
  const times = await readTogether(ex, serviceIds.map((serviceId) => serviceTimesRead(centerId, serviceId, sinceIso, window)));
  return new Map(serviceIds.map((id, i) => [id, times[i]!]));
}

/** One service's latest service times (seconds), as a read to run with others. */
export const serviceTimesRead = (centerId: string, serviceId: number, sinceIso: string, window: number): Read<number[]> =>
  read(selectRecentServiceTimes, { centerId, serviceId, sinceIso, window }, (rows) => rows.map((r) => Number(r.service_ms) / 1000));

const selectRecentServiceTimes = prepared((ex, a: { centerId: string; serviceId: number; sinceIso: string; window: number }) => {
  // `status = 'done'` is written out (not bound) so the planner can use the partial index.
  const query = sql<{ service_ms: number }>`
    select service_ms from tickets
    where center_id = ${a.centerId} and service_id = ${a.serviceId} and status = 'done' and finished_at >= ${a.sinceIso} and service_ms is not null
    order by finished_at desc limit ${a.window}`;
  return { compile: () => query.compile(ex) };
});

/**
 * The latest calls (at most `limit`) made since `sinceIso` in a centre, per counter and service, and how many
 * of them did not come. A walk down `tickets_recent_calls_idx` (index-only) from the newest call: its cost is bounded by
 * `limit`, not by how many calls the window holds (a busy hall, or a day replayed in minutes).
 */
export function recentCallsByCounter(ex: Executor, centerId: string, sinceIso: string, limit: number): Promise<RecentCalls[]> {
  return runRead(ex, recentCallsRead(centerId, sinceIso, limit));
}

export interface RecentCalls {
  counterId: number;
  serviceId: number;
  calls: number;
  noShows: number;
  /** When the earliest of these calls was made. */
  firstCalledAt: string;
}

/** `recentCallsByCounter` as a read to run with others. */
export const recentCallsRead = (centerId: string, sinceIso: string, limit: number): Read<RecentCalls[]> =>
  read(selectRecentCalls, { centerId, sinceIso, limit }, (rows) =>
    rows.map((r) => ({ counterId: r.counter_id as number, serviceId: r.service_id, calls: Number(r.calls), noShows: Number(r.no_shows ?? 0), firstCalledAt: r.first_called_at as string })),
  );

const selectRecentCalls = prepared((ex, a: { centerId: string; sinceIso: string; limit: number }) =>
  ex
    .selectFrom((db) =>
      db
        .selectFrom('tickets')
        .select(['counter_id', 'service_id', 'status', 'called_at'])
        .where('center_id', '=', a.centerId)
        .where('called_at', '>=', a.sinceIso)
        .where('counter_id', 'is not', null)
        .orderBy('called_at', 'desc')
        .limit(a.limit)
        .as('latest'),
    )
    .select((eb) => [
      'counter_id',
      'service_id',
      eb.fn.countAll<number>().as('calls'),
      eb.fn.sum<number>(eb.case().when('status', '=', 'no_show').then(1).else(0).end()).as('no_shows'),
      eb.fn.min('called_at').as('first_called_at'),
    ])
    .groupBy(['counter_id', 'service_id']),
);

/** The ids of the counters of a centre holding a called or serving ticket. */
export function countersHoldingTickets(ex: Executor, centerId: string): Promise<Set<number>> {
  return runRead(ex, holdingRead(centerId));
}

/** `countersHoldingTickets` as a read to run with others. */
export const holdingRead = (centerId: string): Read<Set<number>> =>
  read(selectHolding, { centerId }, (rows) => new Set(rows.map((r) => r.counter_id).filter((id): id is number => id !== null)));

const selectHolding = prepared((ex, a: { centerId: string }) =>
  ex
    .selectFrom('tickets')
    .select('counter_id')
    .where('center_id', '=', a.centerId)
    // Written out (not bound) so the planner uses the partial unique index of held tickets.
    .where(sql<boolean>`status in ('called', 'serving')`),
);

export interface EstimateAtIssue {
  estimateSeconds: number | null;
  low: number | null;
  high: number | null;
  naiveSeconds: number | null;
}

/** The called tickets issued on local days `from`..`to` of a centre, with their estimates at issue and their waits. */
export function listScoredTickets(ex: Executor, centerId: string, from: string, to: string) {
  return ex
    .selectFrom('tickets')
    .select(['service_id', 'wait_ms', 'estimate_at_issue_s', 'estimate_low_s', 'estimate_high_s', 'naive_at_issue_s'])
    .where('center_id', '=', centerId)
    .where('service_day', '>=', from)
    .where('service_day', '<=', to)
    .where('wait_ms', 'is not', null)
    .orderBy('id')
    .execute();
}
