import type { z } from 'zod';
import type { ServiceGroup, User, createServiceGroupBodySchema, updateServiceGroupBodySchema } from '@navbat/shared';
import type { ServiceContext } from '../context';
import { orThrow } from '../../domain/decision';
import { decideGroupDelete } from '../../domain/hall-setup';
import { listServiceGroups } from '../../db/services.repository';
import { deleteServiceGroup, groupHasServices, insertServiceGroup, updateServiceGroup } from '../../db/groups.repository';
import { requireCenter, requireGroup } from '../lookups';
import { toServiceGroup } from '../views/service.view';
import { audited } from './audited';

type CreateGroupBody = z.infer<typeof createServiceGroupBodySchema>;
type UpdateGroupBody = z.infer<typeof updateServiceGroupBodySchema>;

/** The service groups of a center, in kiosk order. */
export async function listGroups(ctx: ServiceContext, centerId: string): Promise<ServiceGroup[]> {
  await requireCenter(ctx.database.db, centerId);
  return (await listServiceGroups(ctx.database.db, centerId)).map(toServiceGroup);
}

/** Adds a service group (an agency's screen on the kiosk). */
export function createGroup(ctx: ServiceContext, actor: User, body: CreateGroupBody): Promise<ServiceGroup> {
  return audited(ctx, actor, body.centerId, 'service_group', 'create', async (trx) => {
    await requireCenter(trx, body.centerId);
    const sortOrder = body.sortOrder ?? 0;
    const id = await insertServiceGroup(trx, { center_id: body.centerId, name: JSON.stringify(body.name), sort_order: sortOrder });
    return { id, value: { id, name: body.name, sortOrder }, data: body };
  });
}

/** Renames or reorders a service group. */
export async function updateGroup(ctx: ServiceContext, actor: User, id: number, body: UpdateGroupBody): Promise<ServiceGroup> {
  const group = await requireGroup(ctx.database.db, id);
  return audited(ctx, actor, group.center_id, 'service_group', 'update', async (trx) => {
    await updateServiceGroup(trx, id, {
      ...(body.name !== undefined && { name: JSON.stringify(body.name) }),
      ...(body.sortOrder !== undefined && { sort_order: body.sortOrder }),
    });
    return { id, value: toServiceGroup(await requireGroup(trx, id)), data: body };
  });
}

/**
 * Deletes an empty group. One that still holds services (inactive ones too) is refused with IN_USE:
 * the admin moves them to another group first.
 */
export async function deleteGroup(ctx: ServiceContext, actor: User, id: number): Promise<void> {
  const group = await requireGroup(ctx.database.db, id);
  await audited(ctx, actor, group.center_id, 'service_group', 'delete', async (trx) => {
    orThrow(decideGroupDelete(await groupHasServices(trx, id)));
    await deleteServiceGroup(trx, id);
    return { id, value: undefined };
  });
}
