/**
 * The server's clock as seen from this device. Timers on screen subtract server timestamps, so a counter
 * PC whose clock is a few minutes off would show wrong waits; every server time we receive corrects it.
 */
let offsetMs = 0;

/** Records a server timestamp that was current when it arrived (e.g. QueueSummary.at). */
export function noteServerTime(iso: string): void {
  const server = Date.parse(iso);
  if (Number.isFinite(server)) offsetMs = server - Date.now();
}

/** Now, on the server's clock (ms since the epoch). */
export function serverNow(): number {
  return Date.now() + offsetMs;
}

/** `at` as a wall clock in `timeZone`: its date (YYYY-MM-DD) and time (HH:MM). */
export function wallClock(at: Date, timeZone: string): { date: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/**
 * Today in the centre's time zone (YYYY-MM-DD), on the server's clock: a supervisor's browser in another zone
 * (or a few minutes off) still sees the hall's day, as the server's reports and plans count it.
 */
export function centerToday(timeZone: string): string {
  return wallClock(new Date(serverNow()), timeZone).date;
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a YYYY-MM-DD date. */
export function isoWeekday(date: string): number {
  return ((new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
}

/** The browser's own time zone: the fallback until the centre's is known. */
export const browserTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;
