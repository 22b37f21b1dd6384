import type { Pressure } from './overview.schema';

/** A wait is `warn` from this share of its service's target. */
export const warnShareOfTarget = 0.75;

/**
 * A wait against its service's target: `alert` past the target, `warn` from three quarters of it, else `ok`.
 * The supervisor's live lines and the national view colour waits by this one rule.
 */
export function waitPressure(waitSeconds: number | null, targetSeconds: number): Pressure {
  if (waitSeconds === null) return 'ok';
  const share = waitSeconds / Math.max(1, targetSeconds);
  return share > 1 ? 'alert' : share >= warnShareOfTarget ? 'warn' : 'ok';
}
