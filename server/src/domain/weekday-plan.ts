/**
 * The weekday staffing plan: from the same weekday of past weeks, arrivals per hour and mean service time
 * of each service, the counters each needs at the target (Erlang C, or Erlang A where citizens fail to turn
 * up: the no-show rate read as abandonment), and the counters the hall really opened. Pure.
 */
import { countersNeededA, countersNeededC, type Target } from './erlang';
import { addDays, localTime } from './time';

/** A ticket of a past day, as the plan reads it. */
export interface PlanTicket {
  serviceId: number;
  issuedAt: string;
  firstCalledAt: string | null;
  firstCounterId: number | null;
  serviceMs: number | null;
  waitMs: number | null;
  status: string;
}

export interface ServiceHour {
  serviceId: number;
  arrivalsPerHour: number;
  avgServiceSeconds: number | null;
  noShowPercent: number | null;
  counters: number;
}

export interface PlanHour {
  hour: string;
  counters: number;
  opened: number;
  services: ServiceHour[];
}

/** The last `weeks` local dates before `today` that fall on ISO `weekday` (1 = Monday … 7 = Sunday), newest first. */
export function pastWeekdays(today: string, weekday: number, weeks: number): string[] {
  const back = (isoWeekday(today) - weekday + 7) % 7 || 7;
  return Array.from({ length: weeks }, (_, k) => addDays(today, -(back + 7 * k)));
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a local date. */
export function isoWeekday(date: string): number {
  return ((new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
}

/** Minimum served tickets in an hour for its own mean service time; below it the service's whole-day mean is used. */
const minSamplesPerHour = 5;

interface Sums {
  n: number;
  sum: number;
}
const add = (m: Map<string, Sums>, key: string, v: number) => {
  const s = m.get(key) ?? { n: 0, sum: 0 };
  s.n++;
  s.sum += v;
  m.set(key, s);
};
const mean = (s: Sums | undefined) => (s && s.n > 0 ? s.sum / s.n : null);

/** Counters one service needs for `arrivalsPerHour` at `target`, patience (seconds) from its no-shows if any. */
export function countersForService(arrivalsPerHour: number, avgServiceSeconds: number | null, patienceSeconds: number | null, target: Target): number {
  if (arrivalsPerHour <= 0 || avgServiceSeconds === null || avgServiceSeconds <= 0) return 0;
  const lambda = arrivalsPerHour / 3600;
  return patienceSeconds === null ? countersNeededC(lambda * avgServiceSeconds, avgServiceSeconds, target) : countersNeededA(lambda, avgServiceSeconds, patienceSeconds, target);
}

/**
 * The plan of one weekday from the tickets of past days in `timeZone`, averaged over the days that had
 * tickets (a holiday with the hall closed does not halve the demand).
 */
export function weekdayPlan(tickets: readonly PlanTicket[], timeZone: string, target: Target): { days: number; hours: PlanHour[] } {
  const seen = new Set<string>();
  const arrivals = new Map<string, number>();
  const serviceByHour = new Map<string, Sums>();
  const serviceAllDay = new Map<string, Sums>();
  const waits = new Map<string, Sums>();
  const called = new Map<number, { called: number; noShow: number }>();
  const opened = new Map<string, Set<string>>();
  for (const t of tickets) {
    const issued = localTime(new Date(t.issuedAt), timeZone);
    seen.add(issued.date);
    const hour = String(issued.hour).padStart(2, '0');
    const key = `${hour}|${t.serviceId}`;
    arrivals.set(key, (arrivals.get(key) ?? 0) + 1);
    if (t.status === 'done' && t.serviceMs !== null) {
      add(serviceByHour, key, t.serviceMs / 1000);
      add(serviceAllDay, String(t.serviceId), t.serviceMs / 1000);
    }
    if (t.waitMs !== null) {
      add(waits, String(t.serviceId), t.waitMs / 1000);
      const c = called.get(t.serviceId) ?? { called: 0, noShow: 0 };
      c.called++;
      if (t.status === 'no_show') c.noShow++;
      called.set(t.serviceId, c);
    }
    if (t.firstCalledAt !== null && t.firstCounterId !== null) {
      const local = localTime(new Date(t.firstCalledAt), timeZone);
      const h = String(local.hour).padStart(2, '0');
      const set = opened.get(h) ?? new Set<string>();
      set.add(`${local.date}|${t.firstCounterId}`);
      opened.set(h, set);
    }
  }
  const days = seen.size;
  const hours = new Set([...[...arrivals.keys()].map((k) => k.slice(0, 2)), ...opened.keys()]);
  const plan = [...hours].sort().map((hour): PlanHour => {
    const services: ServiceHour[] = [...arrivals]
      .filter(([k]) => k.startsWith(`${hour}|`))
      .map(([k, count]) => {
        const serviceId = Number(k.slice(3));
        const own = serviceByHour.get(k);
        const avgServiceSeconds = own && own.n >= minSamplesPerHour ? own.sum / own.n : mean(serviceAllDay.get(String(serviceId)));
        const c = called.get(serviceId);
        const noShowRate = c && c.called > 0 ? c.noShow / c.called : null;
        const meanWait = mean(waits.get(String(serviceId)));
        // No-shows as abandonment: P(abandon) ≈ θ·E[wait], so a mean patience of E[wait] / no-show rate.
        const patience = noShowRate && meanWait ? meanWait / noShowRate : null;
        const arrivalsPerHour = count / days;
        return {
          serviceId,
          arrivalsPerHour,
          avgServiceSeconds,
          noShowPercent: noShowRate === null ? null : Math.round(1000 * noShowRate) / 10,
          counters: countersForService(arrivalsPerHour, avgServiceSeconds, patience, target),
        };
      })
      .sort((a, b) => a.serviceId - b.serviceId);
    return { hour, counters: services.reduce((s, x) => s + x.counters, 0), opened: (opened.get(hour)?.size ?? 0) / days, services };
  });
  return { days, hours: plan };
}
