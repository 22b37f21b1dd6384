import type { Executor } from './database';
import type { Insertable } from 'kysely';
import type { DeviceRow, DevicesTable } from './devices.schema';

/** Records a heartbeat: a new device's first row, or the known one's latest description and time. */
export async function upsertDevice(ex: Executor, row: Insertable<DevicesTable>): Promise<void> {
  const { center_id: _c, device_id: _d, first_seen_at: _f, ...latest } = row;
  await ex
    .insertInto('devices')
    .values(row)
    .onConflict((oc) => oc.columns(['center_id', 'device_id']).doUpdateSet(latest))
    .execute();
}

export function findDevice(ex: Executor, centerId: string, deviceId: string): Promise<DeviceRow | undefined> {
  return ex.selectFrom('devices').selectAll().where('center_id', '=', centerId).where('device_id', '=', deviceId).executeTakeFirst();
}

export async function countDevices(ex: Executor, centerId: string): Promise<number> {
  const r = await ex.selectFrom('devices').select((eb) => eb.fn.countAll<number>().as('n')).where('center_id', '=', centerId).executeTakeFirstOrThrow();
  return Number(r.n);
}

export function listDevices(ex: Executor, centerId: string): Promise<DeviceRow[]> {
  return ex.selectFrom('devices').selectAll().where('center_id', '=', centerId).orderBy('kind').orderBy('label').orderBy('device_id').execute();
}

export async function deleteDevice(ex: Executor, centerId: string, deviceId: string): Promise<boolean> {
  const r = await ex.deleteFrom('devices').where('center_id', '=', centerId).where('device_id', '=', deviceId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
