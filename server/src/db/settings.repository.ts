import type { Executor } from './database';

export async function getSetting(ex: Executor, key: string): Promise<string | undefined> {
  const row = await ex.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

/** Stores `value` unless the key already has one; returns the value that is kept. */
export async function getOrCreateSetting(ex: Executor, key: string, value: string): Promise<string> {
  await ex.insertInto('settings').values({ key, value }).onConflict((oc) => oc.column('key').doNothing()).execute();
  return (await getSetting(ex, key)) ?? value;
}

export async function insertAudit(
  ex: Executor,
  entry: { at: string; actorId: number | null; centerId: string | null; entity: string; entityId: string | number; action: string; data?: unknown },
): Promise<void> {
  await ex
    .insertInto('audit_log')
    .values({
      at: entry.at,
      actor_id: entry.actorId,
      center_id: entry.centerId,
      entity: entry.entity,
      entity_id: String(entry.entityId),
      action: entry.action,
      data: entry.data === undefined ? null : JSON.stringify(entry.data),
    })
    .execute();
}
