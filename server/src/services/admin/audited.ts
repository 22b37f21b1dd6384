import { AppError, type User } from '@navbat/shared';
import type { ServiceContext } from '../context';
import type { Executor } from '../../db/database';
import { inTransaction } from '../../db/transaction';
import { insertAudit } from '../../db/audit.repository';

/** What an administrative change hands back: the changed thing's id, the caller's result, what to log. */
export interface Change<T> {
  id: string | number;
  value: T;
  data?: unknown;
}

/** Kinds of thing whose change the displays and kiosks of the center must learn of. */
const hallEntities = new Set(['center', 'service', 'counter', 'service_group']);

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * Runs one administrative change in a transaction together with its audit entry, then tells the center's
 * screens when the hall's setup changed. A unique-key clash (two admins racing) answers ALREADY_EXISTS.
 */
export async function audited<T>(
  ctx: ServiceContext,
  actor: User,
  centerId: string | null,
  entity: string,
  action: string,
  change: (trx: Executor) => Promise<Change<T>>,
): Promise<T> {
  try {
    const value = await inTransaction(ctx.database, async (trx) => {
      const r = await change(trx);
      await insertAudit(trx, { at: ctx.clock.now().toISOString(), actorId: actor.id, centerId, entity, entityId: r.id, action, data: r.data });
      return r.value;
    });
    if (centerId && hallEntities.has(entity)) ctx.publish([{ type: 'center.changed', centerId, seq: null }]);
    return value;
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('ALREADY_EXISTS', `that ${entity} already exists`);
    throw error;
  }
}
