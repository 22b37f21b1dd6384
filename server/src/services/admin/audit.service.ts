import type { AuditEntry } from '@navbat/shared';
import type { ServiceContext } from '../context';
import { listAuditEntries } from '../../db/audit.repository';
import { parseJson } from '../../db/json';

/** The audit trail of administrative changes, newest first (optionally of one center or kind of thing). */
export async function listAudit(ctx: ServiceContext, query: { centerId?: string | undefined; entity?: string | undefined; limit?: number | undefined }): Promise<AuditEntry[]> {
  const rows = await listAuditEntries(ctx.database.db, { centerId: query.centerId, entity: query.entity, limit: query.limit ?? 100 });
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actor: r.actor_id !== null && r.username ? { id: r.actor_id, username: r.username, name: r.name ?? r.username } : null,
    centerId: r.center_id,
    entity: r.entity,
    entityId: r.entity_id,
    action: r.action,
    data: parseJson<unknown>(r.data) ?? null,
  }));
}
