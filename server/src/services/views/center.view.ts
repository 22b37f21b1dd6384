import type { Center, CenterSummary, Localized, OpeningHours, PriorityCategory } from '@navbat/shared';
import type { CenterRow, ServiceRow } from '../../db/schema';
import { bool, parseJson } from '../../db/json';
import { centerBookingOf, remoteJoinOf } from './booking.view';
import { isOpenAt } from '../../domain/time';
import type { CenterFacts, ServiceFacts } from '../../domain/ticket-life';
import type { Holiday, IssuingStop } from '../../domain/closures';

export const defaultPriorityCategories: PriorityCategory[] = [
  { code: 'senior', name: { en: 'Senior citizen', ur: 'بزرگ شہری' } },
  { code: 'disability', name: { en: 'Person with disability', ur: 'معذور افراد' } },
  { code: 'pregnant', name: { en: 'Expecting mother', ur: 'حاملہ خاتون' } },
];

export function toCenterSummary(row: Omit<CenterRow, 'issuing_stop'>, now: Date): CenterSummary {
  return {
    id: row.id,
    name: parseJson<Localized>(row.name) as Localized,
    timezone: row.timezone,
    open: isOpenAt(parseJson<OpeningHours>(row.opening_hours), now, row.timezone),
  };
}

export function toCenter(row: Omit<CenterRow, 'issuing_stop'>, now: Date): Center {
  return {
    ...toCenterSummary(row, now),
    openingHours: parseJson<OpeningHours>(row.opening_hours),
    priorityCategories: parseJson<PriorityCategory[]>(row.priority_categories) ?? [],
    priorityRun: row.priority_run,
    tickerMessage: row.ticker_message,
    pauseAlertMinutes: row.pause_alert_minutes,
    notifyAhead: row.notify_ahead,
    booking: centerBookingOf(row),
    remoteJoin: remoteJoinOf(row),
  };
}

/** A stored stop on issuing (null while issuing). */
export const issuingStopOf = (row: { issuing_stop: string | null }): IssuingStop | null => parseJson<IssuingStop>(row.issuing_stop);

/** A holiday row in its API shape. */
export const toHoliday = (row: { date: string; reason: string } | undefined | null): Holiday | null => (row ? { date: row.date, reason: row.reason } : null);

/**
 * The facts of a row, worked out once per row object: the setup cache answers the same centre and service rows to
 * every issue while the setup holds (`db/setup-cache.ts`), and parsing their JSON columns was ~2 % of an issue's CPU
 * (docs/PERFORMANCE.md, twenty-first session). A changed setup is read into new row objects. What is answered is
 * shared: callers do not change it.
 */
function factsOfRow<R extends object, F>(kept: WeakMap<R, F>, row: R, facts: (row: R) => F): F {
  let found = kept.get(row);
  if (found === undefined) kept.set(row, (found = facts(row)));
  return found;
}

const centerFactsKept = new WeakMap<CenterRow, Omit<CenterFacts, 'holiday'>>();

/** What issuing (domain/ticket-life) reads of a centre; `holiday` is the one of the day being issued for. */
export function toCenterFacts(row: CenterRow, holiday: Holiday | null): CenterFacts {
  const facts = factsOfRow(centerFactsKept, row, (r) => ({
    timezone: r.timezone,
    openingHours: parseJson<OpeningHours>(r.opening_hours),
    priorityCategories: parseJson<PriorityCategory[]>(r.priority_categories) ?? [],
    issuingStop: issuingStopOf(r),
  }));
  return { holiday, ...facts };
}

const serviceFactsKept = new WeakMap<ServiceRow, ServiceFacts>();

/** What issuing (domain/ticket-life) reads of a hall service. */
export function toServiceFacts(row: ServiceRow): ServiceFacts {
  return factsOfRow(serviceFactsKept, row, (r) => ({
    id: r.id,
    active: bool(r.active),
    openingHours: parseJson<OpeningHours>(r.opening_hours),
    allowsPriority: bool(r.allows_priority),
    dailyCap: r.daily_cap,
    prefix: r.prefix,
    issuingStop: issuingStopOf(r),
  }));
}
