import type { ServiceContext } from './context';
import type { Executor } from '../db/database';
import { inTransaction } from '../db/transaction';
import { firstOutboxEventSince, purgeDeliveredDeliveries, purgeDeliveredOutboxEvents } from '../db/outbox.repository';

const day = 86_400_000;
/** Rows deleted per transaction: short transactions, so issuing and calling never wait long behind a purge. */
export const purgeBatchSize = 500;

/** What one purge deleted. */
export interface OutboxPurge {
  deliveries: number;
  events: number;
}

/**
 * The outbox retention job (`OUTBOX_RETENTION_DAYS`): deletes delivered webhook deliveries and the outbox
 * events every consumer has finished with, once older than `retentionDays`, in batches of `batchSize`
 * rows, each its own transaction. Never a pending or failed delivery, nor an event still to fan out or
 * with such a delivery. Answers how many rows of each it deleted.
 */
export async function purgeDeliveredOutbox(ctx: ServiceContext, retentionDays: number, batchSize = purgeBatchSize): Promise<OutboxPurge> {
  const before = new Date(ctx.clock.now().getTime() - retentionDays * day).toISOString();
  const purged: OutboxPurge = { deliveries: 0, events: 0 };
  // The events old enough lie below the first young one: found once, so each batch reads the old events only.
  const young = await firstOutboxEventSince(ctx.database.db, before);
  for (const [table, purge] of [
    ['deliveries', purgeDeliveredDeliveries],
    ['events', (trx: Executor, beforeIso: string, limit: number) => purgeDeliveredOutboxEvents(trx, beforeIso, limit, young)],
  ] as const) {
    for (;;) {
      const n = await inTransaction(ctx.database, (trx) => purge(trx, before, batchSize));
      purged[table] += n;
      if (n < batchSize) break;
    }
  }
  return purged;
}
