import { heartbeatSeconds, type Device, type DeviceHeartbeat, type DevicesResponse } from '@navbat/shared';
import { AppError } from '@navbat/shared';
import type { ServiceContext } from './context';
import type { DeviceRow } from '../db/devices.schema';
import { countDevices, deleteDevice, findDevice, listDevices, upsertDevice } from '../db/devices.repository';
import { inTransaction } from '../db/transaction';
import { decideRegister, deviceHealth } from '../domain/devices';
import { orThrow } from '../domain/decision';
import { requireCenter } from './lookups';

function toDevice(row: DeviceRow, now: Date): Device {
  const [width, height] = row.screen.split('x').map(Number);
  const sound = row.sound === null ? null : row.sound === 1;
  return {
    deviceId: row.device_id,
    kind: row.kind,
    label: row.label,
    appVersion: row.app_version,
    screen: { width: width ?? 0, height: height ?? 0 },
    sound,
    printer: row.printer,
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
    ...deviceHealth({ kind: row.kind, lastSeenAt: row.last_seen_at, sound, printer: row.printer }, now),
  };
}

/** A device's heartbeat (validated by the socket layer): its row is made or brought up to date. */
export async function heartbeat(ctx: ServiceContext, centerId: string, beat: DeviceHeartbeat): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await inTransaction(ctx.database, async (trx) => {
    const known = (await findDevice(trx, centerId, beat.deviceId)) !== undefined;
    if (!known) orThrow(decideRegister(false, await countDevices(trx, centerId)));
    await upsertDevice(trx, {
      center_id: centerId,
      device_id: beat.deviceId,
      kind: beat.kind,
      label: beat.label ?? null,
      app_version: beat.appVersion,
      screen: `${beat.screen.width}x${beat.screen.height}`,
      sound: beat.sound === undefined || beat.sound === null ? null : beat.sound ? 1 : 0,
      printer: beat.printer ?? null,
      first_seen_at: now,
      last_seen_at: now,
    });
  });
}

/** Every device of the centre with its state now (docs/supervisor.md "Devices"). */
export async function list(ctx: ServiceContext, centerId: string): Promise<DevicesResponse> {
  const now = ctx.clock.now();
  await requireCenter(ctx.database.db, centerId);
  const devices = (await listDevices(ctx.database.db, centerId)).map((r) => toDevice(r, now));
  return { at: now.toISOString(), heartbeatSeconds, devices };
}

/** Forgets a retired device (it comes back by itself if it reports again). */
export async function forget(ctx: ServiceContext, centerId: string, deviceId: string): Promise<void> {
  await requireCenter(ctx.database.db, centerId);
  const removed = await inTransaction(ctx.database, (trx) => deleteDevice(trx, centerId, deviceId));
  if (!removed) throw new AppError('DEVICE_NOT_FOUND', `no device ${deviceId} in this centre`);
}
