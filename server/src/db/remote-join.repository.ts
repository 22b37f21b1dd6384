import type { Executor } from './database';
import type { TicketRow } from './schema';

/** Remote (`web`) tickets a phone took in a centre on a service day, cancelled ones included. */
export async function countRemoteTicketsOfPhone(ex: Executor, centerId: string, serviceDay: string, phone: string): Promise<number> {
  const row = await ex
    .selectFrom('tickets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('center_id', '=', centerId)
    .where('service_day', '=', serviceDay)
    .where('channel', '=', 'web')
    .where('phone', '=', phone)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Waiting tickets of a centre that have not arrived (remote tickets not yet checked in). */
export function listNotArrivedWaiting(ex: Executor, centerId: string): Promise<TicketRow[]> {
  return ex.selectFrom('tickets').selectAll().where('center_id', '=', centerId).where('arrived', '=', 0).where('status', '=', 'waiting').orderBy('id').execute();
}

/** Starts the hold of a remote ticket that reached the front of its line: it expires at `dueAt` unless it arrives. */
export async function setArrivalDue(ex: Executor, ticketId: number, dueAt: string): Promise<void> {
  await ex.updateTable('tickets').set({ arrival_due_at: dueAt }).where('id', '=', ticketId).where('arrival_due_at', 'is', null).execute();
}

/** Marks a waiting ticket arrived; false when it was not waiting or had arrived already. */
export async function markArrived(ex: Executor, ticketId: number): Promise<boolean> {
  const result = await ex
    .updateTable('tickets')
    .set({ arrived: 1, arrival_due_at: null })
    .where('id', '=', ticketId)
    .where('status', '=', 'waiting')
    .where('arrived', '=', 0)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Expires held remote tickets (still waiting, not arrived); answers those it expired. */
export async function expireHeldTickets(ex: Executor, ids: readonly number[], nowIso: string): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await ex
    .updateTable('tickets')
    .set({ status: 'expired', finished_at: nowIso })
    .where('id', 'in', ids)
    .where('status', '=', 'waiting')
    .where('arrived', '=', 0)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}
