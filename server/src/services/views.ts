import type { Center, CenterSummary, Counter, Localized, OpeningHours, PriorityCategory, Service, Ticket, User, Role } from '@navbat/shared';
import type { CenterRow, CounterRow, ServiceRow, UserRow } from '../db/schema';
import { bool, parseJson } from '../db/json';
import { isOpenAt } from '../domain/time';

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

export function toService(row: ServiceRow): Service {
  return {
    id: row.id,
    centerId: row.center_id,
    groupId: row.group_id,
    prefix: row.prefix,
    name: parseJson<Localized>(row.name) as Localized,
    slaTargetMinutes: row.sla_target_minutes,
    allowsPriority: bool(row.allows_priority),
    dailyCap: row.daily_cap,
    openingHours: parseJson<OpeningHours>(row.opening_hours),
    active: bool(row.active),
    sortOrder: row.sort_order,
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

export function toUser(row: UserRow): User {
  return { id: row.id, username: row.username, name: row.name, role: row.role as Role, active: bool(row.active) };
}

export function toCounter(
  row: CounterRow,
  skills: { service_id: number; weight: number }[],
  currentTicket: Ticket | null,
  operator: UserRow | undefined,
): Counter {
  return {
    id: row.id,
    centerId: row.center_id,
    name: row.name,
    zone: row.zone,
    status: row.status as Counter['status'],
    statusSince: row.status_since,
    pauseReason: row.pause_reason,
    active: bool(row.active),
    services: skills.map((s) => ({ serviceId: s.service_id, weight: s.weight })),
    currentTicket,
    operator: operator ? { id: operator.id, username: operator.username, name: operator.name } : null,
  };
}
