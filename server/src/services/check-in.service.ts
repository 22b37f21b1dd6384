import { AppError, type Appointment, type Ticket } from '@navbat/shared';
import type { ServiceContext } from './context';
import type { Executor } from '../db/database';
import type { AppointmentRow, CenterRow, TicketRow } from '../db/schema';
import { inTransaction, RetryCommand } from '../db/transaction';
import { bumpDisplaySeq, centerGroup } from '../db/centers.repository';
import { findAppointmentByCode, findAppointmentByPublicId, markMissed, updateAppointmentIf } from '../db/appointments.repository';
import { appendTicketEvent, findTicket, findTicketByPublicId } from '../db/tickets.repository';
import { markArrived } from '../db/remote-join.repository';
import { orThrow } from '../domain/decision';
import { decideCheckIn, parseCheckInCode } from '../domain/booking';
import { decideTransition } from '../domain/ticket-life';
import { requireCenter, requireService } from './lookups';
import { recordOutbox } from './outbox';
import type { DomainEvent } from './events';
import { createTicket } from './create-ticket';
import { centerBookingOf, toAppointment } from './views/booking.view';
import { toCenterFacts, toServiceFacts } from './views/center.view';
import { viewTicket } from './views/ticket.view';

/** What check-in answers: 201 when it issued an appointment's ticket now, 200 when the ticket existed. */
export interface CheckInResult {
  status: 200 | 201;
  ticket: Ticket;
  appointment?: Appointment;
}

type Found = { kind: 'appointment'; row: AppointmentRow } | { kind: 'ticket'; row: TicketRow };

/** What a code names in this centre: a booking (by code or public id) or a ticket (by public id or QR URL). */
async function findByCode(ex: Executor, centerId: string, raw: string): Promise<Found> {
  const key = parseCheckInCode(raw);
  let found: Found | undefined;
  if (key.kind === 'code') {
    const row = await findAppointmentByCode(ex, key.code);
    if (row) found = { kind: 'appointment', row };
  } else if (key.kind === 'publicId') {
    const appointment = await findAppointmentByPublicId(ex, key.publicId);
    const ticket = appointment ? undefined : await findTicketByPublicId(ex, key.publicId);
    if (appointment) found = { kind: 'appointment', row: appointment };
    else if (ticket) found = { kind: 'ticket', row: ticket };
  }
  // Another centre's booking or ticket is not checked in here.
  if (!found || found.row.center_id !== centerId) throw new AppError('CODE_NOT_FOUND', 'no booking or ticket with this code here');
  return found;
}

/**
 * Check-in at the kiosk (API.md "Appointments", "Remote join"): an appointment inside its window gets its
 * ticket (`channel: "appointment"`, `appointmentAt` = its start); a remote ticket is marked arrived; a
 * second check-in answers the same ticket. Too early: TOO_EARLY with `retryAt`; too late: the appointment
 * becomes missed (committed) and the answer is APPOINTMENT_MISSED.
 */
export async function checkIn(ctx: ServiceContext, centerId: string, code: string): Promise<CheckInResult> {
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const outcome = await inTransaction(ctx.database, async (trx) => {
    const center = await requireCenter(trx, centerId);
    const found = await findByCode(trx, centerId, code);
    if (found.kind === 'ticket') return arriveTicket(trx, found.row, now);
    const a = found.row;
    const checked = decideCheckIn({ status: a.status, start: a.start_at }, now, centerBookingOf(center));
    // A missed booking names its service: the kiosk offers a walk-in ticket for it in one tap.
    if (!checked.ok && checked.code === 'APPOINTMENT_MISSED') throw new AppError('APPOINTMENT_MISSED', checked.message, { serviceId: a.service_id });
    const decision = orThrow(checked);
    if (decision.kind === 'again') {
      const ticket = await viewTicket(trx, (await findTicket(trx, a.ticket_id!))!, now);
      return { status: 200 as const, ticket, appointment: toAppointment(a, ticket.publicId), events: [] as DomainEvent[], missedServiceId: null };
    }
    if (decision.kind === 'missed') {
      const events: DomainEvent[] = (await markMissed(trx, [a.id])).map(() => ({ type: 'appointment.changed', centerId, seq: null, change: 'missed', appointment: toAppointment({ ...a, status: 'missed' }, null) }));
      await recordOutbox(trx, events, now);
      return { status: 200 as const, ticket: null, appointment: undefined, events, missedServiceId: a.service_id };
    }
    return checkInAppointment(trx, center, a, now, nowIso);
  }, { group: centerGroup(centerId) });
  if (outcome.events.length > 0) ctx.publish(outcome.events);
  if (outcome.missedServiceId !== null || !outcome.ticket) throw new AppError('APPOINTMENT_MISSED', 'this appointment was missed; take a walk-in ticket', outcome.missedServiceId !== null ? { serviceId: outcome.missedServiceId } : undefined);
  return { status: outcome.status, ticket: outcome.ticket, ...(outcome.appointment ? { appointment: outcome.appointment } : {}) };
}

/** Issues an appointment's ticket: its slot's start is its `appointmentAt` (call order rule 2 from then on). */
async function checkInAppointment(trx: Executor, center: CenterRow, a: AppointmentRow, now: Date, nowIso: string) {
  // Claim the booking first: of two check-ins at once one issues, the other runs again and answers its ticket.
  if (!(await updateAppointmentIf(trx, a.id, 'booked', { status: 'checked_in', checked_in_at: nowIso }))) throw new RetryCommand('checked in concurrently');
  const service = await requireService(trx, a.service_id);
  // The slot was checked against the opening hours when it was booked: a citizen who comes early (before
  // opening) is not turned away, and booked visits do not count against the walk-in daily cap. A stop on
  // walk-in issuing (the hall is full) does not turn a booked visit away either.
  const facts = {
    center: { ...toCenterFacts(center, null), openingHours: null, issuingStop: null },
    service: { ...toServiceFacts(service), active: true, openingHours: null, dailyCap: null, issuingStop: null },
  };
  const { ticket, event } = await createTicket(
    trx,
    center,
    service,
    { priority: 'none', channel: 'appointment', language: a.language, phone: a.phone, appointmentAt: a.start_at, arrived: true },
    now,
    facts,
  );
  await updateAppointmentIf(trx, a.id, 'checked_in', { ticket_id: ticket.id });
  const appointment = toAppointment({ ...a, status: 'checked_in' }, ticket.publicId);
  const events: DomainEvent[] = [event, { type: 'appointment.changed', centerId: center.id, seq: null, change: 'checked_in', appointment }];
  await recordOutbox(trx, events, now);
  return { status: 201 as const, ticket, appointment, events, missedServiceId: null };
}

/** A remote ticket arrives (its QR or code at the kiosk); one that has arrived already answers as it is. */
async function arriveTicket(trx: Executor, row: TicketRow, now: Date) {
  const nowIso = now.toISOString();
  if (row.arrived !== 0) return { status: 200 as const, ticket: await viewTicket(trx, row, now), appointment: undefined, events: [] as DomainEvent[], missedServiceId: null };
  orThrow(decideTransition(row.status, 'arrive'));
  const seq = (await bumpDisplaySeq(trx, row.center_id))!;
  if (!(await markArrived(trx, row.id))) throw new RetryCommand('the ticket changed meanwhile');
  await appendTicketEvent(trx, { ticketId: row.id, centerId: row.center_id, type: 'arrived', at: nowIso, actorId: null, counterId: null });
  const ticket = await viewTicket(trx, { ...row, arrived: 1, arrival_due_at: null }, now);
  const events: DomainEvent[] = [{ type: 'ticket.changed', centerId: row.center_id, ticketId: row.id, serviceIds: [row.service_id], seq, command: 'arrive', ticket }];
  await recordOutbox(trx, events, now);
  return { status: 200 as const, ticket, appointment: undefined, events, missedServiceId: null };
}
