import { useCallback, useEffect, useState } from 'react';
import type { CenterSummary } from '@navbat/shared';
import { api } from './api';

/**
 * The centres this server knows (`GET /api/v1/centers`), or null until the first answer. While there is
 * none (a new installation) or the server cannot be reached, it asks again every `everyMs`, so a screen
 * left open comes up by itself once an administrator has created the centre.
 */
export function useCenters(everyMs = 10_000): { centers: CenterSummary[] | null; reload: () => void } {
  const [centers, setCenters] = useState<CenterSummary[] | null>(null);
  const [attempt, setAttempt] = useState(0);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    api.centers().then(
      (list) => {
        if (stopped) return;
        setCenters(list);
        if (list.length === 0) timer = setTimeout(reload, everyMs);
      },
      () => {
        if (!stopped) timer = setTimeout(reload, everyMs);
      },
    );
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [attempt, everyMs, reload]);
  return { centers, reload };
}

/** The centre a screen opens: the one asked for, else the only one; null when the choice is open or missing. */
export function chooseCenter(centers: CenterSummary[], wanted: string | null): CenterSummary | null {
  if (wanted) return centers.find((c) => c.id === wanted) ?? null;
  return centers.length === 1 ? centers[0]! : null;
}
