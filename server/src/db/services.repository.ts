import type { Executor } from './database';
import type { ServiceGroupRow, ServiceRow } from './schema';
import { prepared, read, runRead, sendLater, type Read } from './prepared';
import { centerIdOfCounter } from './counters.repository';
import { setupChanged } from './setup-cache';

const selectServices = prepared((ex, a: { centerId: string }) => ex.selectFrom('services').selectAll().where('center_id', '=', a.centerId).orderBy('sort_order').orderBy('id'));

export function listServices(ex: Executor, centerId: string): Promise<ServiceRow[]> {
  return runRead(ex, servicesRead(centerId));
}

/** `listServices` as a read to run with others. */
export const servicesRead = (centerId: string): Read<ServiceRow[]> => read(selectServices, { centerId }, (rows) => rows);

/** What the call order reads of a service (`CallRules`). */
export type ServiceCallRules = Pick<ServiceRow, 'id' | 'active' | 'sla_target_minutes'>;

// Only the columns the call order reads: a service's whole row (its names in two languages, hours, fees…) costs
// SQLite several times the read of these three, at every call-next.
const selectCallRulesOfCounter = prepared((ex, a: { counterId: number }) =>
  ex.selectFrom('services').select(['id', 'active', 'sla_target_minutes']).where('center_id', '=', centerIdOfCounter(ex, a.counterId)),
);

/** What the call order reads of the services of a counter's centre, by the counter: a read that can go out with the counter's own. */
export const callRulesOfCounterRead = (counterId: number): Read<ServiceCallRules[]> => read(selectCallRulesOfCounter, { counterId }, (rows) => rows);

const selectService = prepared((ex, a: { id: number }) => ex.selectFrom('services').selectAll().where('id', '=', a.id));

export function findService(ex: Executor, id: number): Promise<ServiceRow | undefined> {
  return runRead(ex, serviceRead(id));
}

/** `findService` as a read to run with others. */
export const serviceRead = (id: number): Read<ServiceRow | undefined> => read(selectService, { id }, (rows) => rows[0]);

export function listServiceGroups(ex: Executor, centerId: string): Promise<ServiceGroupRow[]> {
  return ex.selectFrom('service_groups').selectAll().where('center_id', '=', centerId).orderBy('sort_order').orderBy('id').execute();
}

export function findServiceGroup(ex: Executor, id: number): Promise<ServiceGroupRow | undefined> {
  return ex.selectFrom('service_groups').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Takes the next daily number of a service (the row lock makes it unique and gapless per day), sent with the
 * command's next statement on PostgreSQL: answers how to read the number then.
 */
export async function takeNextNumberLater(ex: Executor, serviceId: number, day: string): Promise<() => Promise<number>> {
  const { result } = await sendLater(ex, nextNumber, { serviceId, day });
  return async () => (await result()).rows[0]!.last_number;
}

const nextNumber = prepared((ex, a: { serviceId: number; day: string }) =>
  ex
    .insertInto('daily_sequences')
    .values({ service_id: a.serviceId, service_day: a.day, last_number: 1 })
    .onConflict((oc) => oc.columns(['service_id', 'service_day']).doUpdateSet((eb) => ({ last_number: eb('daily_sequences.last_number', '+', 1) })))
    .returning('last_number'),
);

/** A hall service's columns as an administrator sets them (the id is generated). */
export type ServiceFields = Omit<ServiceRow, 'id' | 'booking_slot_minutes' | 'booking_capacity' | 'issuing_stop'> & Partial<Pick<ServiceRow, 'booking_slot_minutes' | 'booking_capacity' | 'issuing_stop'>>;

/** Adds a hall service; returns its id. */
export async function insertService(ex: Executor, service: ServiceFields): Promise<number> {
  const row = await ex.insertInto('services').values(service).returning('id').executeTakeFirstOrThrow();
  setupChanged(ex);
  return row.id;
}

/** Changes some columns of a hall service. */
export async function updateService(ex: Executor, id: number, patch: Partial<Omit<ServiceFields, 'center_id'>>): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  await ex.updateTable('services').set(patch).where('id', '=', id).execute();
  setupChanged(ex);
}

/** Deletes a hall service with the rows that only exist for it (counter skills, daily numbering). */
export async function deleteService(ex: Executor, id: number): Promise<void> {
  await ex.deleteFrom('counter_services').where('service_id', '=', id).execute();
  await ex.deleteFrom('daily_sequences').where('service_id', '=', id).execute();
  await ex.deleteFrom('services').where('id', '=', id).execute();
  setupChanged(ex);
}

/** Whether a service has tickets: any at all, or (`unfinishedOnly`) people still waiting, called or served. */
export async function serviceHasTickets(ex: Executor, serviceId: number, unfinishedOnly: boolean): Promise<boolean> {
  let q = ex.selectFrom('tickets').select('id').where('service_id', '=', serviceId);
  if (unfinishedOnly) q = q.where('status', 'in', ['waiting', 'called', 'serving']);
  return (await q.limit(1).executeTakeFirst()) !== undefined;
}
