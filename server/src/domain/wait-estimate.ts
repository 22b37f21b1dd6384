/** Seconds of service assumed before a service has any history today. */
export const defaultServiceSeconds = 300;

/** How many of a service's latest served tickets its average service time is taken over. */
export const serviceTimeWindow = 20;

/**
 * The naive estimate the accuracy ledger compares against (API.md "Estimates and their accuracy"):
 * position × mean of the service's last 20 service times ÷ open, unpaused counters serving it; null (not
 * scored) without history or without such a counter.
 */
export function naiveWaitSeconds(position: number, avgServiceSeconds: number | null, openCounters: number): number | null {
  if (avgServiceSeconds === null || openCounters <= 0) return null;
  return Math.round((position * avgServiceSeconds) / openCounters);
}
