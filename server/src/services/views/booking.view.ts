import { defaultCenterBooking, defaultRemoteJoin, type Appointment, type CenterBooking, type RemoteJoin, type ServiceBooking } from '@navbat/shared';
import type { AppointmentRow, CenterRow, ServiceRow } from '../../db/schema';
import { parseJson } from '../../db/json';

/** A centre's booking rules: the stored JSON over the defaults. */
export function centerBookingOf(row: Pick<CenterRow, 'booking'>): CenterBooking {
  return { ...defaultCenterBooking, ...parseJson<Partial<CenterBooking>>(row.booking ?? null) };
}

const remoteJoinsKept = new Map<string | null, Readonly<RemoteJoin>>();

/** A centre's remote join rules: the stored JSON over the defaults (read once per stored text: every issue asks). */
export function remoteJoinOf(row: Pick<CenterRow, 'remote_join'>): Readonly<RemoteJoin> {
  const text = row.remote_join ?? null;
  let rules = remoteJoinsKept.get(text);
  if (!rules) {
    rules = Object.freeze({ ...defaultRemoteJoin, ...parseJson<Partial<RemoteJoin>>(text) });
    if (remoteJoinsKept.size >= 1000) remoteJoinsKept.clear();
    remoteJoinsKept.set(text, rules);
  }
  return rules;
}

export function serviceBookingOf(row: ServiceRow): ServiceBooking {
  return { slotMinutes: row.booking_slot_minutes, capacity: row.booking_capacity };
}

/** An appointment in its API shape; the phone number never leaves the server. */
export function toAppointment(row: AppointmentRow, ticketPublicId: string | null): Appointment {
  return {
    id: row.id,
    publicId: row.public_id,
    code: row.code,
    centerId: row.center_id,
    serviceId: row.service_id,
    start: row.start_at,
    end: row.end_at,
    status: row.status,
    ticketPublicId,
    language: row.language,
  };
}
