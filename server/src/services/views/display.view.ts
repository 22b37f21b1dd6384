import type { DisplayCounter, WaitRange } from '@navbat/shared';
import type { DatabaseHandle, Executor } from '../../db/database';
import type { CounterRow } from '../../db/schema';
import { flowWaitEstimate, loadServiceFlow, toWaitRange } from './estimate.view';

/**
 * Wait ranges change only when the hall does (every such change moves the display seq) and slowly with the
 * clock (a pause's expected return, today's service times): a range is kept for one seq and at most this long.
 */
export const rangesMaxAgeMs = 30_000;

interface KeptRanges {
  seq: number;
  builtAtMs: number;
  ranges: Map<number, WaitRange>;
}

/** Per database (an app's own), per centre: the ranges of the newest seq built. */
const kept = new WeakMap<DatabaseHandle, Map<string, KeptRanges>>();

/**
 * The 80% range of the wait of someone joining each line now (position = those waiting + 1), from the
 * estimator behind tickets and the kiosk. Displays poll and are pushed the state often, so the ranges are
 * built once per centre and display seq, not per display: a fixed number of reads, whatever the lines.
 */
export async function joiningWaitRanges(
  database: DatabaseHandle,
  ex: Executor,
  centerId: string,
  seq: number,
  now: Date,
  waiting: ReadonlyMap<number, number>,
): Promise<Map<number, WaitRange>> {
  const ofDatabase = kept.get(database) ?? new Map<string, KeptRanges>();
  kept.set(database, ofDatabase);
  const last = ofDatabase.get(centerId);
  if (last && last.seq === seq && now.getTime() - last.builtAtMs >= 0 && now.getTime() - last.builtAtMs < rangesMaxAgeMs) return last.ranges;
  const serviceIds = [...waiting.keys()];
  const flow = serviceIds.length > 0 ? await loadServiceFlow(ex, centerId, now, serviceIds) : new Map();
  const ranges = new Map(serviceIds.map((id) => [id, toWaitRange(flowWaitEstimate(flow, id, (waiting.get(id) ?? 0) + 1))]));
  // A slower request that read an older seq must not replace a newer one.
  if (!last || last.seq <= seq) ofDatabase.set(centerId, { seq, builtAtMs: now.getTime(), ranges });
  return ranges;
}

/** An active counter as displays show it (name, open/paused/closed, expected return while paused). */
export function toDisplayCounter(c: CounterRow): DisplayCounter {
  return {
    counterId: c.id,
    counterName: c.name,
    status: c.status,
    expectedBackAt: c.status === 'paused' ? (c.pause_expected_until ?? null) : null,
  };
}
