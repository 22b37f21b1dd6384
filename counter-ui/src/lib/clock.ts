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
