import type { z } from 'zod';
import { AppError, defaultCenterBooking, defaultRemoteJoin, type Center, type User, type createCenterBodySchema, type updateCenterBodySchema } from '@navbat/shared';
import type { ServiceContext } from '../context';
import { defaultTimeZone } from '../../domain/time';
import { findCenter, insertCenter, updateCenterSettings } from '../../db/centers.repository';
import { toJson } from '../../db/json';
import { requireCenter } from '../lookups';
import { defaultPriorityCategories, toCenter } from '../views/center.view';
import { centerBookingOf, remoteJoinOf } from '../views/booking.view';
import { audited } from './audited';

type CreateCenterBody = z.infer<typeof createCenterBodySchema>;
type UpdateCenterBody = z.infer<typeof updateCenterBodySchema>;

/** Creates a center with its settings (defaults where the body leaves them out). */
export function createCenter(ctx: ServiceContext, actor: User, body: CreateCenterBody): Promise<Center> {
  const { clock } = ctx;
  return audited(ctx, actor, body.id, 'center', 'create', async (trx) => {
    if (await findCenter(trx, body.id)) throw new AppError('ALREADY_EXISTS', `center ${body.id} exists`);
    const row = {
      id: body.id,
      name: JSON.stringify(body.name),
      timezone: body.timezone ?? defaultTimeZone,
      opening_hours: toJson(body.openingHours ?? null),
      priority_categories: JSON.stringify(body.priorityCategories ?? defaultPriorityCategories),
      priority_run: body.priorityRun ?? 3,
      ticker_message: null,
      pause_alert_minutes: body.pauseAlertMinutes ?? 30,
      notify_ahead: body.notifyAhead ?? 3,
      booking: JSON.stringify({ ...defaultCenterBooking, ...body.booking }),
      remote_join: JSON.stringify({ ...defaultRemoteJoin, ...body.remoteJoin }),
      display_seq: 0,
      created_at: clock.now().toISOString(),
    };
    await insertCenter(trx, row);
    return { id: body.id, value: toCenter(row, clock.now()), data: body };
  });
}

/** A center with its settings. */
export async function getCenter(ctx: ServiceContext, id: string): Promise<Center> {
  return toCenter(await requireCenter(ctx.database.db, id), ctx.clock.now());
}

/** Changes a center's settings; a new ticker message moves the display sequence so displays show it. */
export function updateCenter(ctx: ServiceContext, actor: User, id: string, body: UpdateCenterBody): Promise<Center> {
  return audited(ctx, actor, id, 'center', 'update', async (trx) => {
    const existing = await requireCenter(trx, id);
    const patch = {
      ...(body.name !== undefined && { name: JSON.stringify(body.name) }),
      ...(body.timezone !== undefined && { timezone: body.timezone }),
      ...(body.openingHours !== undefined && { opening_hours: toJson(body.openingHours) }),
      ...(body.priorityCategories !== undefined && { priority_categories: JSON.stringify(body.priorityCategories) }),
      ...(body.priorityRun !== undefined && { priority_run: body.priorityRun }),
      ...(body.pauseAlertMinutes !== undefined && { pause_alert_minutes: body.pauseAlertMinutes }),
      ...(body.notifyAhead !== undefined && { notify_ahead: body.notifyAhead }),
      ...(body.tickerMessage !== undefined && { ticker_message: body.tickerMessage || null }),
      ...(body.booking !== undefined && { booking: JSON.stringify({ ...centerBookingOf(existing), ...body.booking }) }),
      ...(body.remoteJoin !== undefined && { remote_join: JSON.stringify({ ...remoteJoinOf(existing), ...body.remoteJoin }) }),
    };
    await updateCenterSettings(trx, id, patch, body.tickerMessage !== undefined);
    return { id, value: toCenter(await requireCenter(trx, id), ctx.clock.now()), data: body };
  });
}
