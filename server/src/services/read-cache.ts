import type { DatabaseHandle } from '../db/database';
import { changeStamp } from '../db/snapshot';

// Not a service module: what kiosks, phones and displays poll (the service list, display states) is served
// from the last answer while nothing was written since, so a poll costs the same however long the lines are.

interface Entry {
  stamp: string;
  /** What else the answer depends on (e.g. the second, or the local day), as the caller names it. */
  validity: string;
  value: unknown;
}

const caches = new WeakMap<DatabaseHandle, Map<string, Entry>>();

/** At most this many answers are kept per database (centres × zones × kinds). */
const maxEntries = 2000;

/**
 * Answers `compute()`, or its last answer for `key` when the database has not changed since (its change
 * stamp) and `validity(value)` still names the same thing. Without a change stamp (PostgreSQL) it
 * always computes. The stamp is read before computing: a write during the computation moves the stamp on,
 * so an answer that may have seen it is not served again.
 */
export async function cachedRead<T>(handle: DatabaseHandle, key: string, validity: (value: T) => string, compute: () => Promise<T>): Promise<T> {
  const stamp = await changeStamp(handle);
  if (stamp === null) return compute();
  let cache = caches.get(handle);
  if (!cache) caches.set(handle, (cache = new Map()));
  const hit = cache.get(key);
  if (hit && hit.stamp === stamp && hit.validity === validity(hit.value as T)) return hit.value as T;
  const value = await compute();
  if (cache.size >= maxEntries) cache.clear();
  cache.set(key, { stamp, validity: validity(value), value });
  return value;
}
