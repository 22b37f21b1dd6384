import crypto from 'node:crypto';
import { AppError, type Appointment, type BookAppointmentBody, type SlotsResponse } from '@navbat/shared';
import type { ServiceContext } from './context';
import type { Executor } from '../db/database';
import type { AppointmentRow, CenterRow, ServiceRow } from '../db/schema';
import { inTransaction, rollback } from '../db/transaction';
import { listCenters } from '../db/centers.repository';
import { hashRequest, rememberAnswer, storedAnswer } from './idempotent';
import {
  bookedSeats,
  countPhoneBookings,
  findAppointmentByCode,
  findAppointmentByPublicId,
  insertAppointment,
  lockPhoneDay,
  listBookedStartedBefore,
  markMissed,
  releaseSeat,
  takeSeat,
  ticketPublicIdOf,
  updateAppointmentIf,
} from '../db/appointments.repository';
import { orThrow } from '../domain/decision';
import { bookingCode, decideBooking, decideCancelAppointment, freeSeats, isBookableDay, localDayOf, missedBefore, slotsOfDay } from '../domain/booking';
import { parseJson } from '../db/json';
import { requireCenter, requireService } from './lookups';
import { findHoliday } from '../db/closures.repository';
import { dayClosure } from '../domain/closures';
import { toHoliday } from './views/center.view';
import { recordOutbox } from './outbox';
import type { DomainEvent } from './events';
import { centerBookingOf, serviceBookingOf, toAppointment } from './views/booking.view';
import { randomId } from './random-id';

/** The service of a centre, or SERVICE_NOT_FOUND (also for another centre's service). */
async function requireServiceOf(ex: Executor, centerId: string, serviceId: number): Promise<{ center: CenterRow; service: ServiceRow }> {
  const center = await requireCenter(ex, centerId);
  const service = await requireService(ex, serviceId);
  if (service.center_id !== centerId) throw new AppError('SERVICE_NOT_FOUND', `no service ${serviceId} here`);
  return { center, service };
}

const slotsOf = (center: CenterRow, service: ServiceRow, date: string) =>
  slotsOfDay(date, center.timezone, parseJson(center.opening_hours), parseJson(service.opening_hours), service.booking_slot_minutes);

/** An appointment by its public id, or APPOINTMENT_NOT_FOUND. */
async function requireAppointment(ex: Executor, publicId: string): Promise<AppointmentRow> {
  const row = /^[A-Za-z0-9_-]{16,64}$/.test(publicId) ? await findAppointmentByPublicId(ex, publicId) : undefined;
  if (!row) throw new AppError('APPOINTMENT_NOT_FOUND', 'no such appointment');
  return row;
}

/** An appointment row in its API shape. */
async function viewAppointment(ex: Executor, row: AppointmentRow): Promise<Appointment> {
  return toAppointment(row, await ticketPublicIdOf(ex, row.ticket_id));
}

/** The slots of a local day not yet begun, with their free seats (none outside `daysAhead` or when not bookable). */
export async function slots(ctx: ServiceContext, centerId: string, serviceId: number, date: string): Promise<SlotsResponse> {
  const ex = ctx.database.db;
  const now = ctx.clock.now();
  const { center, service } = await requireServiceOf(ex, centerId, serviceId);
  const capacity = service.booking_capacity;
  if (capacity === 0 || !service.active || !isBookableDay(date, now, center.timezone, centerBookingOf(center).daysAhead)) return { date, slots: [] };
  // A holiday has no slots (the same rule refuses a booking: domain/closures).
  if (dayClosure(toHoliday(await findHoliday(ex, centerId, date)))) return { date, slots: [] };
  const day = slotsOf(center, service, date).filter((s) => Date.parse(s.start) > now.getTime());
  if (day.length === 0) return { date, slots: [] };
  const booked = await bookedSeats(ex, service.id, day[0]!.start, day.at(-1)!.end);
  return { date, slots: day.map((s) => ({ ...s, capacity, free: freeSeats(capacity, booked.get(s.start) ?? 0) })) };
}

/** What booking answers: the appointment, and whether it is the stored answer to an Idempotency-Key. */
export interface BookResult {
  appointment: Appointment;
  replayed: boolean;
}

/**
 * Books a seat of a slot. One booking per Idempotency-Key (the same key again answers the same
 * appointment; with another body, 422); the seat is taken by a conditional update, never over capacity.
 */
export async function book(ctx: ServiceContext, centerId: string, body: BookAppointmentBody, idempotencyKey: string | undefined): Promise<BookResult> {
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const scope = `appointments:${centerId}`;
  const requestHash = hashRequest(body);
  const outcome = await inTransaction(ctx.database, async (trx) => {
    const seen = await storedAnswer<{ appointment: Appointment }>(trx, scope, idempotencyKey, requestHash);
    if (seen) return rollback({ replayed: true as const, appointment: seen.appointment });
    const { center, service } = await requireServiceOf(trx, centerId, body.serviceId);
    const start = new Date(body.start).toISOString();
    const rules = centerBookingOf(center);
    const localDay = localDayOf(start, center.timezone);
    if (body.phone) await lockPhoneDay(trx, ctx.database.dialect, 'booking', centerId, localDay, body.phone);
    const { slot } = orThrow(
      decideBooking({
        start,
        now,
        timeZone: center.timezone,
        center: rules,
        service: service.active ? serviceBookingOf(service) : { ...serviceBookingOf(service), capacity: 0 },
        slotsOfDay: slotsOf(center, service, localDay),
        phoneBookingsThatDay: body.phone ? await countPhoneBookings(trx, centerId, localDay, body.phone) : 0,
        holiday: toHoliday(await findHoliday(trx, centerId, localDay)),
      }),
    );
    if (!(await takeSeat(trx, service.id, slot.start, service.booking_capacity))) throw new AppError('SLOT_FULL', 'this slot is fully booked');
    let code = bookingCode(crypto.randomBytes(6));
    // 32^6 codes: a clash is rare, but a code must name one booking.
    for (let i = 0; i < 5 && (await findAppointmentByCode(trx, code)); i++) code = bookingCode(crypto.randomBytes(6));
    const row = {
      public_id: randomId(),
      code,
      center_id: centerId,
      service_id: service.id,
      start_at: slot.start,
      end_at: slot.end,
      local_day: localDay,
      status: 'booked' as const,
      phone: body.phone ?? null,
      language: body.language ?? 'en',
      ticket_id: null,
      created_at: nowIso,
      checked_in_at: null,
      cancelled_at: null,
    };
    const id = await insertAppointment(trx, row);
    const appointment = toAppointment({ ...row, id }, null);
    await rememberAnswer(trx, { scope, key: idempotencyKey, requestHash, response: { appointment }, createdAt: nowIso });
    const event: DomainEvent = { type: 'appointment.changed', centerId, seq: null, change: 'booked', appointment };
    await recordOutbox(trx, [event], now);
    return { replayed: false as const, appointment, event };
  });
  if (outcome.replayed) return { appointment: outcome.appointment, replayed: true };
  ctx.publish([outcome.event]);
  return { appointment: outcome.appointment, replayed: false };
}

/** An appointment as its holder sees it. */
export async function get(ctx: ServiceContext, publicId: string): Promise<Appointment> {
  return viewAppointment(ctx.database.db, await requireAppointment(ctx.database.db, publicId));
}

/** The holder cancels a booked appointment; a slot not yet begun gets its seat back. */
export async function cancel(ctx: ServiceContext, publicId: string): Promise<Appointment> {
  const now = ctx.clock.now();
  const { appointment, event } = await inTransaction(ctx.database, async (trx) => {
    const row = await requireAppointment(trx, publicId);
    const { freesSeat } = orThrow(decideCancelAppointment({ status: row.status, start: row.start_at }, now));
    if (!(await updateAppointmentIf(trx, row.id, 'booked', { status: 'cancelled', cancelled_at: now.toISOString() }))) {
      throw new AppError('APPOINTMENT_NOT_BOOKED', 'this appointment is no longer booked');
    }
    if (freesSeat) await releaseSeat(trx, row.service_id, row.start_at);
    const appointment = toAppointment({ ...row, status: 'cancelled' }, null);
    const event: DomainEvent = { type: 'appointment.changed', centerId: row.center_id, seq: null, change: 'cancelled', appointment };
    await recordOutbox(trx, [event], now);
    return { appointment, event };
  });
  ctx.publish([event]);
  return appointment;
}

/**
 * The missed-appointment job: bookings not checked in by `start + lateMinutes` become `missed` (a
 * conditional update, so a restart or a second instance marks nothing twice). Answers how many.
 */
export async function markMissedAppointments(ctx: ServiceContext): Promise<number> {
  const now = ctx.clock.now();
  let total = 0;
  for (const center of await listCenters(ctx.database.db)) {
    const before = missedBefore(now, centerBookingOf(center).lateMinutes);
    for (;;) {
      const events = await inTransaction(ctx.database, async (trx) => {
        const due = await listBookedStartedBefore(trx, center.id, before, 200);
        const marked = new Set(await markMissed(trx, due.map((a) => a.id)));
        const events: DomainEvent[] = due
          .filter((a) => marked.has(a.id))
          .map((a) => ({ type: 'appointment.changed', centerId: center.id, seq: null, change: 'missed', appointment: toAppointment({ ...a, status: 'missed' }, null) }));
        await recordOutbox(trx, events, now);
        return { events, more: due.length === 200 };
      });
      total += events.events.length;
      if (events.events.length > 0) ctx.publish(events.events);
      if (!events.more) break;
    }
  }
  return total;
}
