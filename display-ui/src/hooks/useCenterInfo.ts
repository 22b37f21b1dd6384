import { useEffect, useState } from 'react';
import type { CenterSummary, PublicService } from '@navbat/shared';
import { fetchCenters, fetchServices } from '../api';

export interface CenterInfo {
  center: CenterSummary | null;
  services: Map<number, PublicService>;
}

/**
 * The hall's name, time zone and service names. Fetched again on every socket (re)connect (`connects`)
 * and every half hour, since an admin may rename or add services while the board runs for weeks.
 */
export function useCenterInfo(centerId: string, connects: number): CenterInfo {
  const [info, setInfo] = useState<CenterInfo>({ center: null, services: new Map() });
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const id = setInterval(() => setTick((t) => t + 1), 30 * 60_000);
    return () => clearInterval(id);
  }, []);

  useEffect(() => {
    const abort = new AbortController();
    let retry: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const [centers, services] = await Promise.all([fetchCenters(abort.signal), fetchServices(centerId, abort.signal)]);
        setInfo({ center: centers.find((c) => c.id === centerId) ?? null, services: new Map(services.services.map((s) => [s.id, s])) });
      } catch {
        // Keep what we had; the socket's reconnect will ask again, and so does this timer.
        if (!abort.signal.aborted) retry = setTimeout(() => void load(), 15_000);
      }
    };
    void load();
    return () => {
      abort.abort();
      clearTimeout(retry);
    };
  }, [centerId, connects, tick]);

  return info;
}
