import type { Executor } from './database';
import type { ServiceGroupRow, ServiceRow } from './schema';

export function listServices(ex: Executor, centerId: string): Promise<ServiceRow[]> {
  return ex.selectFrom('services').selectAll().where('center_id', '=', centerId).orderBy('sort_order').orderBy('id').execute();
}

export function findService(ex: Executor, id: number): Promise<ServiceRow | undefined> {
  return ex.selectFrom('services').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listServiceGroups(ex: Executor, centerId: string): Promise<ServiceGroupRow[]> {
  return ex.selectFrom('service_groups').selectAll().where('center_id', '=', centerId).orderBy('sort_order').orderBy('id').execute();
}

export function findServiceGroup(ex: Executor, id: number): Promise<ServiceGroupRow | undefined> {
  return ex.selectFrom('service_groups').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Takes the next daily number of a service; the row lock makes it unique and gapless per day. */
export async function takeNextNumber(ex: Executor, serviceId: number, day: string): Promise<number> {
  const row = await ex
    .insertInto('daily_sequences')
    .values({ service_id: serviceId, service_day: day, last_number: 1 })
    .onConflict((oc) =>
      oc.columns(['service_id', 'service_day']).doUpdateSet((eb) => ({ last_number: eb('daily_sequences.last_number', '+', 1) })),
    )
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return row.last_number;
}
