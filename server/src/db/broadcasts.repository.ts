import type { Insertable } from 'kysely';
import type { Executor } from './database';
import type { BroadcastRow, BroadcastsTable } from './broadcasts.schema';
import { reachableWaiting } from './tickets.repository';

export async function insertBroadcast(ex: Executor, row: Insertable<BroadcastsTable>): Promise<BroadcastRow> {
  return ex.insertInto('broadcasts').values(row).returningAll().executeTakeFirstOrThrow();
}

export function findBroadcast(ex: Executor, centerId: string, id: number): Promise<BroadcastRow | undefined> {
  return ex.selectFrom('broadcasts').selectAll().where('center_id', '=', centerId).where('id', '=', id).executeTakeFirst();
}

/** The broadcasts of a centre still shown at `nowIso` (not cleared, not expired), newest first. */
export function listActiveBroadcasts(ex: Executor, centerId: string, nowIso: string): Promise<BroadcastRow[]> {
  return ex.selectFrom('broadcasts').selectAll().where('center_id', '=', centerId).where('cleared_at', 'is', null).where('expires_at', '>', nowIso).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

/** When the centre last sent a broadcast as SMS (null: never). */
export async function lastSmsBroadcastAt(ex: Executor, centerId: string): Promise<string | null> {
  const row = await ex.selectFrom('broadcasts').select('created_at').where('center_id', '=', centerId).where('sms', '=', 1).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
  return row?.created_at ?? null;
}

/** Ends the broadcasts still shown of the same scope (a new one replaces them). */
export async function clearBroadcasts(ex: Executor, centerId: string, serviceId: number | null, nowIso: string): Promise<void> {
  let q = ex.updateTable('broadcasts').set({ cleared_at: nowIso }).where('center_id', '=', centerId).where('cleared_at', 'is', null);
  q = serviceId === null ? q.where('service_id', 'is', null) : q.where('service_id', '=', serviceId);
  await q.execute();
}

export async function clearBroadcast(ex: Executor, id: number, nowIso: string): Promise<void> {
  await ex.updateTable('broadcasts').set({ cleared_at: nowIso }).where('id', '=', id).where('cleared_at', 'is', null).execute();
}

/** The waiting tickets of a centre (or one service) a broadcast's message goes to: a phone number or a push subscription. */
export function listReachableWaiting(ex: Executor, centerId: string, serviceId: number | null): Promise<{ id: number }[]> {
  let q = ex
    .selectFrom('tickets as t')
    .select('t.id')
    .where('t.center_id', '=', centerId)
    .where(reachableWaiting);
  if (serviceId !== null) q = q.where('t.service_id', '=', serviceId);
  return q.orderBy('t.id').execute();
}

/** Takes the centre's row lock (PostgreSQL) for the rest of the transaction: one SMS broadcast decision at a time. */
export async function lockCenterRow(ex: Executor, centerId: string): Promise<void> {
  await ex.updateTable('centers').set((eb) => ({ display_seq: eb.ref('display_seq') })).where('id', '=', centerId).execute();
}
