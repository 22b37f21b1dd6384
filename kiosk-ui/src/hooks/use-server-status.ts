import { useCallback, useEffect, useRef, useState } from 'react';
import { serverReachable } from '../api';

/**
 * Whether the server can be reached: polls /healthz (often while offline, rarely while online) and
 * flips at once when a request fails, so the kiosk disables its buttons and recovers by itself.
 */
export function useServerStatus(options: { onlineEveryMs?: number; offlineEveryMs?: number } = {}) {
  const { onlineEveryMs = 10_000, offlineEveryMs = 2_000 } = options;
  const [online, setOnline] = useState(true);
  const onlineRef = useRef(online);
  onlineRef.current = online;

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const probe = async () => {
      const ok = await serverReachable();
      if (stopped) return;
      setOnline(ok);
      timer = setTimeout(probe, ok ? onlineEveryMs : offlineEveryMs);
    };
    const onBrowserOffline = () => setOnline(false);
    const onBrowserOnline = () => {
      clearTimeout(timer);
      void probe();
    };
    window.addEventListener('offline', onBrowserOffline);
    window.addEventListener('online', onBrowserOnline);
    timer = setTimeout(probe, onlineEveryMs);
    return () => {
      stopped = true;
      clearTimeout(timer);
      window.removeEventListener('offline', onBrowserOffline);
      window.removeEventListener('online', onBrowserOnline);
    };
  }, [onlineEveryMs, offlineEveryMs]);

  /** Call when a request failed for lack of network; the poller brings `online` back. */
  const reportUnreachable = useCallback(() => setOnline(false), []);
  /** Call when a request succeeded. */
  const reportReachable = useCallback(() => {
    if (!onlineRef.current) setOnline(true);
  }, []);
  return { online, reportUnreachable, reportReachable };
}
