import { useCallback, useEffect, useState } from 'react';
import { serverReachable } from '../api';

/**
 * Whether the server can be reached: polls /healthz (every 2 s while offline, every 10 s while online)
 * and flips at once when a request fails, so the kiosk disables its buttons and recovers by itself.
 */
export function useServerStatus(options: { onlineEveryMs?: number; offlineEveryMs?: number } = {}) {
  const { onlineEveryMs = 10_000, offlineEveryMs = 2_000 } = options;
  const [online, setOnline] = useState(true);

  // One probe loop per state: a change of `online` restarts it with the other interval.
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const every = online ? onlineEveryMs : offlineEveryMs;
    const probe = async () => {
      const ok = await serverReachable();
      if (stopped) return;
      if (ok !== online) setOnline(ok);
      else timer = setTimeout(probe, every);
    };
    const onBrowserOffline = () => setOnline(false);
    const onBrowserOnline = () => {
      clearTimeout(timer);
      void probe();
    };
    window.addEventListener('offline', onBrowserOffline);
    window.addEventListener('online', onBrowserOnline);
    timer = setTimeout(probe, every);
    return () => {
      stopped = true;
      clearTimeout(timer);
      window.removeEventListener('offline', onBrowserOffline);
      window.removeEventListener('online', onBrowserOnline);
    };
  }, [online, onlineEveryMs, offlineEveryMs]);

  /** Call when a request failed for lack of network; the poller brings `online` back. */
  const reportUnreachable = useCallback(() => setOnline(false), []);
  /** Call when a request succeeded. */
  const reportReachable = useCallback(() => setOnline(true), []);
  return { online, reportUnreachable, reportReachable };
}
