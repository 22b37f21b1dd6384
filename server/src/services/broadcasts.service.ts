import { AppError, defaultBroadcastMinutes, type Broadcast, type CreateBroadcastBody, type PublicBroadcast, type User } from '@navbat/shared';
import type { ServiceContext } from './context';
import type { Executor } from '../db/database';
import type { BroadcastRow } from '../db/broadcasts.schema';
import { clearBroadcast, clearBroadcasts, findBroadcast, insertBroadcast, lastSmsBroadcastAt, listActiveBroadcasts, listReachableWaiting, lockCenterRow } from '../db/broadcasts.repository';
import { updateCenterSettings } from '../db/centers.repository';
import { findService } from '../db/services.repository';
import { insertAudit } from '../db/audit.repository';
import { insertOutboxEvents } from '../db/outbox.repository';
import { inTransaction } from '../db/transaction';
import { applicableBroadcast, decideBroadcast } from '../domain/broadcasts';
import { orThrow } from '../domain/decision';
import { requireCenter } from './lookups';

// A supervisor's message to everyone waiting: the displays' ticker (centre-wide ones), every waiting phone
// page, and, when asked, a citizen message (SMS, or Web Push) through the outbox (docs/control-room.md).

function toBroadcast(row: BroadcastRow): Broadcast {
  return {
    id: row.id,
    centerId: row.center_id,
    serviceId: row.service_id,
    message: row.message,
    sms: row.sms === 1,
    recipients: row.recipients,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    clearedAt: row.cleared_at,
  };
}

const toPublic = (b: Broadcast): PublicBroadcast => ({ id: b.id, serviceId: b.serviceId, message: b.message, createdAt: b.createdAt, expiresAt: b.expiresAt });

async function activeOf(ex: Executor, centerId: string, now: Date): Promise<Broadcast[]> {
  return (await listActiveBroadcasts(ex, centerId, now.toISOString())).map(toBroadcast);
}

/** Phones learn of a change as the list of what is shown now; each picks what applies to its ticket. */
function announce(ctx: ServiceContext, centerId: string, active: Broadcast[], tickerChanged: boolean): void {
  ctx.publish([{ type: 'broadcast.changed', centerId, seq: null, broadcasts: active.map(toPublic) }, ...(tickerChanged ? [{ type: 'center.changed' as const, centerId, seq: null }] : [])]);
}

/**
 * Sends a broadcast: it replaces the one shown for the same line (or the whole centre), a centre-wide one
 * becomes the displays' ticker, and with `sms` a `broadcast.sent` event in the outbox has the message
 * consumer tell each waiting ticket with a phone number (or push subscription) once. Audited.
 */
export async function send(ctx: ServiceContext, actor: User, centerId: string, body: CreateBroadcastBody, smsGapMinutes: number): Promise<Broadcast> {
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const serviceId = body.serviceId ?? null;
  const sms = body.sms === true;
  const { broadcast, active } = await inTransaction(ctx.database, async (trx) => {
    await requireCenter(trx, centerId);
    if (serviceId !== null) {
      const service = await findService(trx, serviceId);
      if (!service || service.center_id !== centerId) throw new AppError('SERVICE_NOT_FOUND', `no service ${serviceId} here`);
    }
    await lockCenterRow(trx, centerId);
    orThrow(decideBroadcast(sms, await lastSmsBroadcastAt(trx, centerId), now, smsGapMinutes));
    await clearBroadcasts(trx, centerId, serviceId, nowIso);
    const recipients = sms ? (await listReachableWaiting(trx, centerId, serviceId)).length : 0;
    const minutes = body.minutes ?? defaultBroadcastMinutes;
    const row = await insertBroadcast(trx, {
      center_id: centerId,
      service_id: serviceId,
      message: body.message,
      sms: sms ? 1 : 0,
      recipients,
      created_by: actor.id,
      created_at: nowIso,
      expires_at: new Date(now.getTime() + minutes * 60_000).toISOString(),
    });
    const broadcast = toBroadcast(row);
    if (serviceId === null) await updateCenterSettings(trx, centerId, { ticker_message: body.message }, true);
    await insertAudit(trx, { at: nowIso, actorId: actor.id, centerId, entity: 'broadcast', entityId: row.id, action: 'send', data: { serviceId, message: body.message, sms, minutes, recipients } });
    await insertOutboxEvents(trx, [{ type: 'broadcast.sent', centerId, ticketId: null, data: JSON.stringify(broadcast), occurredAt: nowIso }]);
    return { broadcast, active: await activeOf(trx, centerId, now) };
  });
  announce(ctx, centerId, active, serviceId === null);
  return broadcast;
}

/** The broadcasts a centre shows now, newest first. */
export async function listActive(ctx: ServiceContext, centerId: string): Promise<Broadcast[]> {
  await requireCenter(ctx.database.db, centerId);
  return activeOf(ctx.database.db, centerId, ctx.clock.now());
}

/** Ends a broadcast before it expires: phones drop it, and a centre-wide one leaves the displays' ticker. Audited. */
export async function clear(ctx: ServiceContext, actor: User, centerId: string, id: number): Promise<Broadcast> {
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const { broadcast, active, tickerChanged } = await inTransaction(ctx.database, async (trx) => {
    const center = await requireCenter(trx, centerId);
    const row = await findBroadcast(trx, centerId, id);
    if (!row) throw new AppError('BROADCAST_NOT_FOUND', `no broadcast ${id} in this centre`);
    await clearBroadcast(trx, id, nowIso);
    // The ticker is left alone when another message has replaced this one there.
    const tickerChanged = row.service_id === null && row.cleared_at === null && center.ticker_message === row.message;
    if (tickerChanged) await updateCenterSettings(trx, centerId, { ticker_message: null }, true);
    await insertAudit(trx, { at: nowIso, actorId: actor.id, centerId, entity: 'broadcast', entityId: id, action: 'clear' });
    return { broadcast: toBroadcast((await findBroadcast(trx, centerId, id))!), active: await activeOf(trx, centerId, now), tickerChanged };
  });
  announce(ctx, centerId, active, tickerChanged);
  return broadcast;
}

/** What a phone following one ticket shows now (on connect): the broadcast for its line, while it waits. */
export async function forTicket(ctx: ServiceContext, centerId: string, serviceId: number, status: string): Promise<PublicBroadcast | null> {
  if (status !== 'waiting') return null;
  const now = ctx.clock.now();
  const shown = applicableBroadcast(await activeOf(ctx.database.db, centerId, now), serviceId, now);
  return shown ? toPublic(shown) : null;
}
