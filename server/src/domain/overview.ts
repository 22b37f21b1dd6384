import { waitPressure, type Pressure } from '@navbat/shared';
import { addDays } from './time';

// The national view's rules: how a centre's line stands against its targets, and which week a report covers.

/** One service's line now, as the national view needs it. */
export interface LineNow {
  waiting: number;
  longestWaitSeconds: number | null;
  slaTargetMinutes: number;
}

export interface CenterPressure {
  waiting: number;
  longestWaitSeconds: number | null;
  targetSeconds: number | null;
  servicesOverTarget: number;
  pressure: Pressure;
}

/**
 * A centre's pressure from its lines: the line whose longest wait is furthest into its own target decides
 * (ten minutes is late for a 5-minute service and early for a 30-minute one); `alert` when anyone waits past
 * target, `warn` from 75% of it.
 */
export function centerPressure(lines: readonly LineNow[]): CenterPressure {
  let worst: { share: number; wait: number; target: number } | null = null;
  let waiting = 0;
  let servicesOverTarget = 0;
  for (const l of lines) {
    waiting += l.waiting;
    if (l.longestWaitSeconds === null || l.waiting === 0) continue;
    const target = Math.max(1, l.slaTargetMinutes * 60);
    const share = l.longestWaitSeconds / target;
    if (waitPressure(l.longestWaitSeconds, target) === 'alert') servicesOverTarget++;
    if (!worst || share > worst.share) worst = { share, wait: l.longestWaitSeconds, target };
  }
  const pressure: Pressure = worst ? waitPressure(worst.wait, worst.target) : 'ok';
  return { waiting, longestWaitSeconds: worst?.wait ?? null, targetSeconds: worst?.target ?? null, servicesOverTarget, pressure };
}

/** The Monday–Sunday week holding `date` (YYYY-MM-DD). */
export function weekOf(date: string): { from: string; to: string } {
  const weekday = (new Date(`${date}T00:00:00.000Z`).getUTCDay() + 6) % 7; // Monday = 0
  const from = addDays(date, -weekday);
  return { from, to: addDays(from, 6) };
}

/** The last full week before the week holding `today`. */
export function lastFullWeek(today: string): { from: string; to: string } {
  return weekOf(addDays(weekOf(today).from, -1));
}
