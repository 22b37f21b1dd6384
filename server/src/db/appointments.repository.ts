import type { AppointmentStatus } from '@navbat/shared';
import { sql } from 'kysely';
import type { Dialect, Executor } from './database';
import type { AppointmentRow, AppointmentsTable } from './schema';
import type { Insertable, Updateable } from 'kysely';
import { prepared } from './prepared';

export async function insertAppointment(ex: Executor, row: Insertable<AppointmentsTable>): Promise<number> {
  const inserted = await ex.insertInto('appointments').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

export function findAppointmentByPublicId(ex: Executor, publicId: string): Promise<AppointmentRow | undefined> {
  return ex.selectFrom('appointments').selectAll().where('public_id', '=', publicId).executeTakeFirst();
}

export function findAppointmentByCode(ex: Executor, code: string): Promise<AppointmentRow | undefined> {
  return ex.selectFrom('appointments').selectAll().where('code', '=', code).executeTakeFirst();
}

/**
 * Serializes the per-phone limit (`perPhonePerDay`) of one phone, centre and local day until the caller's
 * transaction ends, so two bookings (or remote joins) from one phone cannot both count the other's row
 * as absent. PostgreSQL: a transaction-scoped advisory lock on a hash of the key (a hash collision only
 * makes two phones wait for each other). SQLite: nothing to do, its write transactions run one at a time.
 */
export async function lockPhoneDay(ex: Executor, dialect: Dialect, scope: 'booking' | 'remote', centerId: string, localDay: string, phone: string): Promise<void> {
  if (dialect !== 'postgres') return;
  const key = JSON.stringify([scope, centerId, localDay, phone]);
  await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(ex);
}

/** Bookings of a phone in a centre on a local day that still hold a seat or were used (booked, checked in). */
export async function countPhoneBookings(ex: Executor, centerId: string, localDay: string, phone: string): Promise<number> {
  const row = await ex
    .selectFrom('appointments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('center_id', '=', centerId)
    .where('local_day', '=', localDay)
    .where('phone', '=', phone)
    .where('status', 'in', ['booked', 'checked_in'])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Seats taken per slot start of a service between two instants. */
export async function bookedSeats(ex: Executor, serviceId: number, fromIso: string, toIso: string): Promise<Map<string, number>> {
  const rows = await ex
    .selectFrom('appointment_slots')
    .select(['start_at', 'booked'])
    .where('service_id', '=', serviceId)
    .where('start_at', '>=', fromIso)
    .where('start_at', '<', toIso)
    .execute();
  return new Map(rows.map((r) => [r.start_at, r.booked]));
}

/**
 * Takes one seat of a slot if it has one left: a single conditional UPDATE (`booked < capacity`), so
 * concurrent bookings on any number of processes or instances never exceed the capacity (PostgreSQL
 * re-checks the condition after waiting for the row lock; SQLite writes one at a time).
 */
export async function takeSeat(ex: Executor, serviceId: number, startIso: string, capacity: number): Promise<boolean> {
  await ex
    .insertInto('appointment_slots')
    .values({ service_id: serviceId, start_at: startIso, booked: 0 })
    .onConflict((oc) => oc.columns(['service_id', 'start_at']).doNothing())
    .execute();
  const result = await ex
    .updateTable('appointment_slots')
    .set((eb) => ({ booked: eb('booked', '+', 1) }))
    .where('service_id', '=', serviceId)
    .where('start_at', '=', startIso)
    .where('booked', '<', capacity)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Gives a seat back (a booking cancelled before its slot began). */
export async function releaseSeat(ex: Executor, serviceId: number, startIso: string): Promise<void> {
  await ex
    .updateTable('appointment_slots')
    .set((eb) => ({ booked: eb('booked', '-', 1) }))
    .where('service_id', '=', serviceId)
    .where('start_at', '=', startIso)
    .where('booked', '>', 0)
    .execute();
}

/** Changes an appointment only while it still has `expected` status; returns whether it did. */
export async function updateAppointmentIf(ex: Executor, id: number, expected: AppointmentStatus, patch: Updateable<AppointmentsTable>): Promise<boolean> {
  const result = await ex.updateTable('appointments').set(patch).where('id', '=', id).where('status', '=', expected).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Booked appointments of a centre that started before `beforeIso` (past their late limit), oldest first. A minute
 * job: it walks the booked appointments only (`appointments_booked_idx`, named on SQLite, whose planner without
 * statistics took the centre's index of every appointment ever booked).
 */
export async function listBookedStartedBefore(ex: Executor, centerId: string, beforeIso: string, limit: number): Promise<AppointmentRow[]> {
  return (await selectBookedStartedBefore(ex, { centerId, beforeIso, limit })).rows;
}

const selectBookedStartedBefore = prepared(
  (ex, a: { centerId: string; beforeIso: string; limit: number }) =>
    ex
      // Typed as the bare table: the alias is only for the index hint.
      .selectFrom('appointments as booked' as 'appointments')
      .selectAll()
      // Written out (not bound), as the partial index says it.
      .where(sql<boolean>`status = 'booked'`)
      .where('start_at', '<', a.beforeIso)
      .where('center_id', '=', a.centerId)
      .orderBy('start_at')
      .orderBy('id')
      .limit(a.limit),
  () => '',
  { booked: 'appointments_booked_idx' },
);

/** Marks booked appointments missed; answers the ids it changed (a second run changes none). */
export async function markMissed(ex: Executor, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await ex.updateTable('appointments').set({ status: 'missed' }).where('id', 'in', ids).where('status', '=', 'booked').returning('id').execute();
  return rows.map((r) => r.id);
}

/** The public id of a ticket (an appointment's, once checked in). */
export async function ticketPublicIdOf(ex: Executor, ticketId: number | null): Promise<string | null> {
  if (ticketId === null) return null;
  const row = await ex.selectFrom('tickets').select('public_id').where('id', '=', ticketId).executeTakeFirst();
  return row?.public_id ?? null;
}
