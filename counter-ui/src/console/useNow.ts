import { useEffect, useState } from 'react';
import { serverNow } from '../lib/clock';

/** The current time in ms on the server's clock, refreshed every `intervalMs` so timers on screen run. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => serverNow());
  useEffect(() => {
    const id = setInterval(() => setNow(serverNow()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}

/** Seconds from an ISO time to `now` (null when the time is missing). */
export function secondsSince(iso: string | null | undefined, now: number): number | null {
  return iso ? Math.max(0, (now - Date.parse(iso)) / 1000) : null;
}
