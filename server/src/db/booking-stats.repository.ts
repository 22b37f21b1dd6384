import type { Executor } from './database';

/** Appointments of a centre whose slot falls on the local days `from`..`to`, counted per service and status. */
export async function countAppointmentsByStatus(ex: Executor, centerId: string, from: string, to: string): Promise<{ serviceId: number; status: string; n: number }[]> {
  const rows = await ex
    .selectFrom('appointments')
    .select((eb) => ['service_id', 'status', eb.fn.countAll<number>().as('n')])
    .where('center_id', '=', centerId)
    .where('local_day', '>=', from)
    .where('local_day', '<=', to)
    .groupBy(['service_id', 'status'])
    .execute();
  return rows.map((r) => ({ serviceId: r.service_id, status: r.status, n: Number(r.n) }));
}
