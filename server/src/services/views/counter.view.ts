import type { Counter, Ticket } from '@navbat/shared';
import type { CounterRow, UserRow } from '../../db/schema';
import { bool } from '../../db/json';
import type { CounterFacts } from '../../domain/counter-life';

/** What the counter rules (domain/counter-life) read of a stored counter. */
export function toCounterFacts(row: CounterRow, hasTicket: boolean): CounterFacts {
  return {
    id: row.id,
    status: row.status,
    operatorId: row.operator_id,
    active: bool(row.active),
    hasTicket,
    statusSince: row.status_since,
  };
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
    status: row.status,
    statusSince: row.status_since,
    pauseReason: row.pause_reason,
    active: bool(row.active),
    services: skills.map((s) => ({ serviceId: s.service_id, weight: s.weight })),
    currentTicket,
    operator: operator ? { id: operator.id, username: operator.username, name: operator.name } : null,
  };
}
