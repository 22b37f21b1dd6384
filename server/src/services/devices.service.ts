import { heartbeatSeconds, type Device, type DeviceHeartbeat, type DevicesResponse, type PrintableKiosk, type PrintJobAck, type PrintOutcome, type User } from '@navbat/shared';
import { AppError } from '@navbat/shared';
import type { ServiceContext } from './context';
import type { DeviceRow } from '../db/devices.schema';
import { countDevices, deleteDevice, findDevice, listDevices, upsertDevice } from '../db/devices.repository';
import { inTransaction } from '../db/transaction';
import { darkAfterSeconds, decideRegister, deviceHealth } from '../domain/devices';
import { kioskCanPrint, nearestKiosks, printFailureOf } from '../domain/broadcasts';
import { findCounter } from '../db/counters.repository';
import { appendTicketEvent } from '../db/tickets.repository';
import { insertAudit } from '../db/audit.repository';
import { requireTicket } from './lookups';
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
      zone: beat.zone ?? null,
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

/** The centre's kiosks that report and whose printer is not known to have failed, nearest to `counterId` first. */
export async function printableKiosks(ctx: ServiceContext, centerId: string, counterId: number | null): Promise<PrintableKiosk[]> {
  const now = ctx.clock.now();
  const ex = ctx.database.db;
  await requireCenter(ex, centerId);
  const counter = counterId === null ? undefined : await findCounter(ex, counterId);
  if (counterId !== null && (!counter || counter.center_id !== centerId)) throw new AppError('COUNTER_NOT_FOUND', `no counter ${counterId} here`);
  const kiosks = (await listDevices(ex, centerId))
    .filter((d) => d.kind === 'kiosk' && kioskCanPrint({ lastSeenAt: d.last_seen_at, printer: d.printer }, now, darkAfterSeconds))
    .map((d) => ({ deviceId: d.device_id, label: d.label, zone: d.zone, lastSeenAt: d.last_seen_at }));
  return nearestKiosks(kiosks, counter?.zone ?? null);
}

/** A kiosk of the centre a print job may be sent to (404 DEVICE_NOT_FOUND for anything else). */
export async function requireKiosk(ctx: ServiceContext, centerId: string, deviceId: string): Promise<{ deviceId: string; label: string | null }> {
  const row = await findDevice(ctx.database.db, centerId, deviceId);
  if (!row || row.kind !== 'kiosk') throw new AppError('DEVICE_NOT_FOUND', `no kiosk ${deviceId} in this centre`);
  return { deviceId: row.device_id, label: row.label };
}

/** How a staff-issued ticket's print on a kiosk went (the kiosk's answer, or none): in the ticket's trail and the audit log. */
export async function recordKioskPrint(ctx: ServiceContext, user: User, ticketId: number, kiosk: { deviceId: string; label: string | null }, answer: PrintJobAck | 'no-answer'): Promise<PrintOutcome> {
  const at = ctx.clock.now().toISOString();
  const error = printFailureOf(answer);
  const outcome: PrintOutcome = { ...kiosk, printed: error === null, error };
  await inTransaction(ctx.database, async (trx) => {
    const ticket = await requireTicket(trx, ticketId);
    const data = { deviceId: outcome.deviceId, label: outcome.label, printed: outcome.printed, error: outcome.error };
    await appendTicketEvent(trx, { ticketId, centerId: ticket.center_id, type: 'kiosk_print', at, actorId: user.id, counterId: null, data });
    await insertAudit(trx, { at, actorId: user.id, centerId: ticket.center_id, entity: 'ticket', entityId: ticketId, action: 'kiosk_print', data });
  });
  return outcome;
}
