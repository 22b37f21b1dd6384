import type { Center, CenterSummary, Localized, OpeningHours, PriorityCategory } from '@navbat/shared';
import type { CenterRow, ServiceRow } from '../../db/schema';
import { bool, parseJson } from '../../db/json';
import { isOpenAt } from '../../domain/time';

export const defaultPriorityCategories: PriorityCategory[] = [
  { code: 'senior', name: { en: 'Senior citizen', ur: 'بزرگ شہری' } },
  { code: 'disability', name: { en: 'Person with disability', ur: 'معذور افراد' } },
  { code: 'pregnant', name: { en: 'Expecting mother', ur: 'حاملہ خاتون' } },
];

export function toCenterSummary(row: CenterRow, now: Date): CenterSummary {
  return {
    id: row.id,
    name: parseJson<Localized>(row.name) as Localized,
    timezone: row.timezone,
    open: isOpenAt(parseJson<OpeningHours>(row.opening_hours), now, row.timezone),
  };
}

export function toCenter(row: CenterRow, now: Date): Center {
  return {
    ...toCenterSummary(row, now),
    openingHours: parseJson<OpeningHours>(row.opening_hours),
    priorityCategories: parseJson<PriorityCategory[]>(row.priority_categories) ?? [],
    priorityRun: row.priority_run,
    tickerMessage: row.ticker_message,
    pauseAlertMinutes: row.pause_alert_minutes,
  };
}

/** Whether citizens can take a ticket for the service now. */
export function isServiceOpen(service: ServiceRow, center: CenterRow, now: Date): boolean {
  return (
    bool(service.active) &&
    isOpenAt(parseJson<OpeningHours>(center.opening_hours), now, center.timezone) &&
    isOpenAt(parseJson<OpeningHours>(service.opening_hours), now, center.timezone)
  );
}
