import { useCallback, useEffect, useState } from 'react';
import type { Center, Counter, Service, User } from '@navbat/shared';
import { api } from '../lib';
import { adminApi } from './admin/admin-api';

/** Names of services, counters and staff, for tables and the live view. */
export interface Reference {
  center: Center | null;
  services: Service[];
  counters: Counter[];
  reload: () => Promise<void>;
  error: unknown;
}

/** Loads the center, all its services (inactive too) and counters; `reload()` fetches again. */
export function useReference(centerId: string): Reference {
  const [center, setCenter] = useState<Center | null>(null);
  const [services, setServices] = useState<Service[]>([]);
  const [counters, setCounters] = useState<Counter[]>([]);
  const [error, setError] = useState<unknown>(null);
  const reload = useCallback(async () => {
    try {
      const [c, s, k] = await Promise.all([adminApi.center(centerId), adminApi.services(centerId), api.counters(centerId)]);
      setCenter(c);
      setServices(s);
      setCounters(k);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [centerId]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { center, services, counters, reload, error };
}

/** Staff users by id (admins only may list them; others see ids). */
export function useUsers(enabled: boolean): Map<number, User> {
  const [users, setUsers] = useState(new Map<number, User>());
  useEffect(() => {
    if (!enabled) return;
    adminApi.users().then(
      (list) => setUsers(new Map(list.map((u) => [u.id, u]))),
      () => {},
    );
  }, [enabled]);
  return users;
}

/** Re-renders every `ms` so durations on screen keep counting. */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}
