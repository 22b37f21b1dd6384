import type { z } from 'zod';
import type { CreateServiceBody, Service, User, updateServiceBodySchema } from '@navbat/shared';
import { defaultServiceBooking } from '@navbat/shared';
import type { ServiceContext } from '../context';
import type { Executor } from '../../db/database';
import { orThrow } from '../../domain/decision';
import { decideGroupOfService, decidePrefix, decideServiceDelete } from '../../domain/hall-setup';
import { deleteService as deleteServiceRows, findServiceGroup, insertService, listServices, serviceHasTickets, updateService as updateServiceRow } from '../../db/services.repository';
import { bit, toJson } from '../../db/json';
import { requireCenter, requireService } from '../lookups';
import { toService } from '../views/service.view';
import { audited } from './audited';
import { decideJourney } from '../../domain/journey';
import { journeyServiceFacts } from '../journeys';

// The hall's services: what citizens take a ticket for (not the service layer this file belongs to).

type UpdateServiceBody = z.infer<typeof updateServiceBodySchema>;

/** Refuses a group of another center and a prefix another service of the center already uses. */
async function checkGroupAndPrefix(ex: Executor, centerId: string, body: { groupId?: number | null | undefined; prefix?: string | undefined }, exceptId?: number) {
  if (body.groupId !== null && body.groupId !== undefined) {
    orThrow(decideGroupOfService(await findServiceGroup(ex, body.groupId), body.groupId, centerId));
  }
  if (body.prefix !== undefined) orThrow(decidePrefix(await listServices(ex, centerId), body.prefix, exceptId));
}

/** Refuses a default journey through unknown, other centres' or deactivated services (see `decideJourney`). */
async function checkNextServices(ex: Executor, centerId: string, nextServiceIds: readonly number[] | undefined, selfId = 0) {
  if (!nextServiceIds) return;
  orThrow(decideJourney(centerId, selfId, nextServiceIds, await journeyServiceFacts(ex, centerId), ''));
}

/** Every service of a center, inactive ones included. */
export async function listAllServices(ctx: ServiceContext, centerId: string): Promise<Service[]> {
  await requireCenter(ctx.database.db, centerId);
  return (await listServices(ctx.database.db, centerId)).map(toService);
}

/** Adds a hall service. */
export function createService(ctx: ServiceContext, actor: User, body: CreateServiceBody): Promise<Service> {
  return audited(ctx, actor, body.centerId, 'service', 'create', async (trx) => {
    await requireCenter(trx, body.centerId);
    await checkGroupAndPrefix(trx, body.centerId, body);
    await checkNextServices(trx, body.centerId, body.nextServiceIds);
    const id = await insertService(trx, {
      center_id: body.centerId,
      group_id: body.groupId ?? null,
      prefix: body.prefix,
      name: JSON.stringify(body.name),
      sla_target_minutes: body.slaTargetMinutes ?? 15,
      allows_priority: bit(body.allowsPriority),
      daily_cap: body.dailyCap ?? null,
      opening_hours: toJson(body.openingHours ?? null),
      active: bit(body.active),
      sort_order: body.sortOrder ?? 0,
      next_service_ids: JSON.stringify(body.nextServiceIds ?? []),
      fee: toJson(body.fee ?? null),
      pay_before_call: bit(body.payBeforeCall, false),
      booking_slot_minutes: body.booking?.slotMinutes ?? defaultServiceBooking.slotMinutes,
      booking_capacity: body.booking?.capacity ?? defaultServiceBooking.capacity,
    });
    return { id, value: toService(await requireService(trx, id)), data: body };
  });
}

/** One hall service, active or not. */
export async function getService(ctx: ServiceContext, id: number): Promise<Service> {
  return toService(await requireService(ctx.database.db, id));
}

/** Changes a hall service. */
export async function updateService(ctx: ServiceContext, actor: User, id: number, body: UpdateServiceBody): Promise<Service> {
  const existing = await requireService(ctx.database.db, id);
  return audited(ctx, actor, existing.center_id, 'service', 'update', async (trx) => {
    await checkGroupAndPrefix(trx, existing.center_id, body, id);
    await checkNextServices(trx, existing.center_id, body.nextServiceIds, id);
    await updateServiceRow(trx, id, {
      ...(body.groupId !== undefined && { group_id: body.groupId }),
      ...(body.prefix !== undefined && { prefix: body.prefix }),
      ...(body.name !== undefined && { name: JSON.stringify(body.name) }),
      ...(body.slaTargetMinutes !== undefined && { sla_target_minutes: body.slaTargetMinutes }),
      ...(body.allowsPriority !== undefined && { allows_priority: bit(body.allowsPriority) }),
      ...(body.dailyCap !== undefined && { daily_cap: body.dailyCap }),
      ...(body.openingHours !== undefined && { opening_hours: toJson(body.openingHours) }),
      ...(body.active !== undefined && { active: bit(body.active) }),
      ...(body.sortOrder !== undefined && { sort_order: body.sortOrder }),
      ...(body.nextServiceIds !== undefined && { next_service_ids: JSON.stringify(body.nextServiceIds) }),
      ...(body.fee !== undefined && { fee: toJson(body.fee) }),
      ...(body.payBeforeCall !== undefined && { pay_before_call: bit(body.payBeforeCall) }),
      ...(body.booking?.slotMinutes !== undefined && { booking_slot_minutes: body.booking.slotMinutes }),
      ...(body.booking?.capacity !== undefined && { booking_capacity: body.booking.capacity }),
    });
    return { id, value: toService(await requireService(trx, id)), data: body };
  });
}

/**
 * Deletes a service, or deactivates it when it has past tickets (see `decideServiceDelete`); refused with
 * IN_USE while people wait for it.
 */
export async function deleteService(ctx: ServiceContext, actor: User, id: number): Promise<{ deleted: boolean; service: Service | null }> {
  const { db } = ctx.database;
  const existing = await requireService(db, id);
  const waiting = await serviceHasTickets(db, id, true);
  const { action } = orThrow(decideServiceDelete({ waiting, any: waiting || (await serviceHasTickets(db, id, false)) }));
  if (action === 'deactivate') {
    const service = await audited(ctx, actor, existing.center_id, 'service', 'deactivate', async (trx) => {
      await updateServiceRow(trx, id, { active: 0 });
      return { id, value: toService(await requireService(trx, id)), data: { reason: 'delete requested; the service has past tickets' } };
    });
    return { deleted: false, service };
  }
  await audited(ctx, actor, existing.center_id, 'service', 'delete', async (trx) => {
    await deleteServiceRows(trx, id);
    return { id, value: undefined, data: { prefix: existing.prefix } };
  });
  return { deleted: true, service: null };
}
