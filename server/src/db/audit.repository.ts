import type { Executor } from './database';

/** One administrative change as stored, with its author's names when the author still exists. */
export interface AuditRow {
  id: number;
  at: string;
  actor_id: number | null;
  username: string | null;
  name: string | null;
  center_id: string | null;
  entity: string;
  entity_id: string;
  action: string;
  data: string | null;
}

/** Records one administrative change; `data` is stored as JSON. */
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

/** The audit trail, newest first, optionally of one center or one kind of thing. */
export function listAuditEntries(ex: Executor, filter: { centerId?: string | undefined; entity?: string | undefined; limit: number }): Promise<AuditRow[]> {
  let q = ex
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_id')
    .select(['audit_log.id', 'audit_log.at', 'audit_log.actor_id', 'users.username', 'users.name', 'audit_log.center_id', 'audit_log.entity', 'audit_log.entity_id', 'audit_log.action', 'audit_log.data']);
  if (filter.centerId) q = q.where('audit_log.center_id', '=', filter.centerId);
  if (filter.entity) q = q.where('audit_log.entity', '=', filter.entity);
  return q.orderBy('audit_log.id', 'desc').limit(filter.limit).execute();
}
