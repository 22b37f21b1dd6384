import type { z } from 'zod';
import type { Counter, CreateCounterBody, User, updateCounterBodySchema } from '@navbat/shared';
import type { ServiceContext } from '../context';
import type { Executor } from '../../db/database';
import { orThrow } from '../../domain/decision';
import { decideCounterDelete, decideSkills } from '../../domain/hall-setup';
import { counterHasTickets, deleteCounter as deleteCounterRows, insertCounter, replaceSkills, updateCounter as updateCounterRow } from '../../db/counters.repository';
import { listServices } from '../../db/services.repository';
import { bit } from '../../db/json';
import { requireCenter, requireCounter } from '../lookups';
import { getCounter } from '../counters.service';
import { audited } from './audited';

type UpdateCounterBody = z.infer<typeof updateCounterBodySchema>;

async function checkSkills(ex: Executor, centerId: string, skills: readonly { serviceId: number }[]) {
  orThrow(decideSkills(new Set((await listServices(ex, centerId)).map((s) => s.id)), skills));
}

/** Adds a counter (closed, no operator) with the services it serves and their weights. */
export async function createCounter(ctx: ServiceContext, actor: User, body: CreateCounterBody): Promise<Counter> {
  const id = await audited(ctx, actor, body.centerId, 'counter', 'create', async (trx) => {
    await requireCenter(trx, body.centerId);
    await checkSkills(trx, body.centerId, body.services);
    const id = await insertCounter(trx, {
      center_id: body.centerId,
      name: body.name,
      zone: body.zone ?? null,
      status: 'closed',
      status_since: ctx.clock.now().toISOString(),
      pause_reason: null,
      operator_id: null,
      priority_streak: 0,
      active: bit(body.active),
    });
    await replaceSkills(trx, id, body.services);
    return { id, value: id, data: body };
  });
  return getCounter(ctx, id);
}

/** Renames, moves, (de)activates a counter or replaces its skills. */
export async function updateCounter(ctx: ServiceContext, actor: User, id: number, body: UpdateCounterBody): Promise<Counter> {
  const existing = await requireCounter(ctx.database.db, id);
  await audited(ctx, actor, existing.center_id, 'counter', 'update', async (trx) => {
    if (body.services) {
      await checkSkills(trx, existing.center_id, body.services);
      await replaceSkills(trx, id, body.services);
    }
    const patch = {
      ...(body.name !== undefined && { name: body.name }),
      ...(body.zone !== undefined && { zone: body.zone }),
      ...(body.active !== undefined && { active: bit(body.active) }),
    };
    if (Object.keys(patch).length > 0) await updateCounterRow(trx, id, patch);
    return { id, value: undefined, data: body };
  });
  return getCounter(ctx, id);
}

/** Deletes a closed counter that never served anyone (see `decideCounterDelete`). */
export async function deleteCounter(ctx: ServiceContext, actor: User, id: number): Promise<void> {
  const existing = await requireCounter(ctx.database.db, id);
  await audited(ctx, actor, existing.center_id, 'counter', 'delete', async (trx) => {
    orThrow(decideCounterDelete(existing, await counterHasTickets(trx, id)));
    await deleteCounterRows(trx, id);
    return { id, value: undefined };
  });
}
