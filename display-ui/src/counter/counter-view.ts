import type { DisplayCall, DisplayState } from '@navbat/shared';

/** What the screen above one counter shows, from its zone's display state. */
export type CounterView =
  | { kind: 'loading' }
  | { kind: 'serving'; counterName: string; call: DisplayCall }
  | { kind: 'idle'; counterName: string }
  | { kind: 'paused'; counterName: string; expectedBackAt: string | null }
  | { kind: 'closed'; counterName: string };

/**
 * Pure: the counter's own call wins while it is open (a ticket called or being served), else its status.
 * A counter missing from the state (deactivated since the screen started) reads as closed.
 */
export function counterView(state: DisplayState | null, counterId: number, fallbackName: string): CounterView {
  if (!state) return { kind: 'loading' };
  const counter = state.counters.find((c) => c.counterId === counterId);
  const counterName = counter?.counterName ?? fallbackName;
  if (!counter || counter.status === 'closed') return { kind: 'closed', counterName };
  if (counter.status === 'paused') return { kind: 'paused', counterName, expectedBackAt: counter.expectedBackAt };
  const call = state.serving.find((c) => c.counterId === counterId);
  return call ? { kind: 'serving', counterName, call } : { kind: 'idle', counterName };
}

/** A counter's screen from a path: `/display/counter/7` → 7; null for any other page. */
export function counterIdFromPath(pathname: string): number | null {
  const match = /^\/display\/counter\/(\d{1,9})\/?$/.exec(pathname);
  return match ? Number(match[1]) : null;
}
