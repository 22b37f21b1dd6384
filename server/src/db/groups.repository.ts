import type { Executor } from './database';

// Reading groups (findServiceGroup, listServiceGroups) sits in services.repository.ts with the services.

/** Adds a service group to a center; returns its id. */
export async function insertServiceGroup(ex: Executor, group: { center_id: string; name: string; sort_order: number }): Promise<number> {
  const row = await ex.insertInto('service_groups').values(group).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Changes a group's name (JSON text) or place in the kiosk's order. */
export async function updateServiceGroup(ex: Executor, id: number, patch: { name?: string; sort_order?: number }): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  await ex.updateTable('service_groups').set(patch).where('id', '=', id).execute();
}

/** Whether any service (inactive ones too) still belongs to the group. */
export async function groupHasServices(ex: Executor, id: number): Promise<boolean> {
  const member = await ex.selectFrom('services').select('id').where('group_id', '=', id).limit(1).executeTakeFirst();
  return member !== undefined;
}

export async function deleteServiceGroup(ex: Executor, id: number): Promise<void> {
  await ex.deleteFrom('service_groups').where('id', '=', id).execute();
}
