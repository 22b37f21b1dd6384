import type { Fee, Localized, OpeningHours, Service, ServiceGroup } from '@navbat/shared';
import type { ServiceGroupRow, ServiceRow } from '../../db/schema';
import { bool, parseJson } from '../../db/json';

/** A hall service (what citizens take a ticket for) in its API shape. */
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
    nextServiceIds: parseJson<number[]>(row.next_service_ids) ?? [],
    fee: parseJson<Fee>(row.fee),
    payBeforeCall: bool(row.pay_before_call),
    booking: { slotMinutes: row.booking_slot_minutes, capacity: row.booking_capacity },
  };
}

/** A service group (one agency's screen on the kiosk) in its API shape. */
export function toServiceGroup(row: ServiceGroupRow): ServiceGroup {
  return { id: row.id, name: parseJson<Localized>(row.name) as Localized, sortOrder: row.sort_order };
}
