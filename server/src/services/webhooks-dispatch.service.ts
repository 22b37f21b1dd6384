import type { ServiceContext } from './context';
import type { Executor } from '../db/database';
import type { OutboxEventRow } from '../db/outbox.schema';
import { inTransaction, rollback } from '../db/transaction';
import { markOutboxEventsFannedOut, takeUnfannedOutboxEvents } from '../db/outbox.repository';
import { insertDeliveries, listEnabledWebhooks, recordDeliveryAttempt, takeDueDeliveries, updateWebhook, type DueDelivery } from '../db/webhooks.repository';
import { decideAfterAttempt, parseRetryAfter, wantsEvent } from '../domain/webhooks';
import type { WebhookResponse, WebhookSender } from '../outbox/webhook-sender';
import { consumeForMessages } from './messages-consumer';
import { randomId } from './random-id';

/** A consumer of the outbox: takes its share of committed events inside the fan-out transaction. */
export type OutboxConsumer = (trx: Executor, events: readonly OutboxEventRow[], now: Date) => Promise<void>;

/** A delivery id, the `webhook-id` header: `msg_` and 16 random bytes. */
const newDeliveryId = () => `msg_${randomId()}`;

/** Webhooks: one pending delivery per event and webhook that wants it. */
const webhookConsumer: OutboxConsumer = async (trx, events, now) => {
  const webhooks = (await listEnabledWebhooks(trx)).map((w) => ({ id: w.id, centerId: w.center_id, events: JSON.parse(w.events) as string[] }));
  const nowIso = now.toISOString();
  await insertDeliveries(
    trx,
    events.flatMap((e) =>
      webhooks
        .filter((w) => wantsEvent(w, { type: e.type, centerId: e.center_id }))
        .map((w) => ({ id: newDeliveryId(), webhookId: w.id, eventId: e.id, type: e.type, nextAttemptAt: nowIso, createdAt: nowIso })),
    ),
  );
};

/** Every consumer of the outbox. Citizen messages add theirs here. */
export const outboxConsumers: OutboxConsumer[] = [webhookConsumer, consumeForMessages];

/**
 * Hands the oldest events not yet fanned out to every consumer, in one transaction with marking them, so each
 * event is fanned out once (on PostgreSQL rows another instance is fanning out are skipped). Answers how many.
 */
export function fanOutOutbox(ctx: ServiceContext, limit = 100): Promise<number> {
  const now = ctx.clock.now();
  return inTransaction(ctx.database, async (trx) => {
    const events = await takeUnfannedOutboxEvents(trx, limit);
    if (events.length === 0) return rollback(0);
    for (const consume of outboxConsumers) await consume(trx, events, now);
    await markOutboxEventsFannedOut(
      trx,
      events.map((e) => e.id),
    );
    return events.length;
  });
}

/** The body every receiver gets, byte for byte the same on each retry. */
const bodyOf = (d: DueDelivery) => `{"type":${JSON.stringify(d.type)},"timestamp":${JSON.stringify(d.occurredAt)},"data":${d.data}}`;

/** The secrets that sign now: the current one, and the previous one during a rotation's overlap. */
const secretsOf = (d: DueDelivery, nowIso: string) => (d.previousSecret && d.previousSecretUntil && d.previousSecretUntil > nowIso ? [d.secret, d.previousSecret] : [d.secret]);

async function recordAttempts(ctx: ServiceContext, trx: Executor, sent: { delivery: DueDelivery; response: WebhookResponse }[], random: () => number) {
  const now = ctx.clock.now();
  for (const { delivery, response } of sent) {
    if (response.aborted) continue;
    const outcome = decideAfterAttempt(delivery.attempts, { statusCode: response.statusCode, retryAfterMs: parseRetryAfter(response.retryAfter, now) }, now, random());
    await recordDeliveryAttempt(trx, delivery.id, {
      status: outcome.status,
      attempts: outcome.attempts,
      lastStatusCode: response.statusCode,
      lastError: response.error,
      nextAttemptAt: outcome.nextAttemptAt,
      lastAttemptAt: now.toISOString(),
    });
    if (outcome.disableWebhook) await updateWebhook(trx, delivery.webhookId, { enabled: 0, disabled_reason: 'gone' });
  }
}

/**
 * Sends up to `limit` due deliveries at once and records each attempt. On PostgreSQL the deliveries stay
 * locked (FOR UPDATE SKIP LOCKED) while they are sent, so several instances send each once between them and
 * a crashed instance's deliveries are free again at once. SQLite has one instance and no lock to hold across
 * the network: it reads, sends, then records. Answers how many were due.
 */
export async function deliverDueWebhooks(ctx: ServiceContext, send: WebhookSender, options: { limit?: number; signal?: AbortSignal; random?: () => number } = {}): Promise<number> {
  const limit = options.limit ?? 16;
  const random = options.random ?? Math.random;
  const sendAll = async (due: DueDelivery[]) => {
    const nowIso = ctx.clock.now().toISOString();
    return Promise.all(
      due.map(async (delivery) => ({ delivery, response: await send({ id: delivery.id, url: delivery.url, body: bodyOf(delivery), secrets: secretsOf(delivery, nowIso), ...(options.signal ? { signal: options.signal } : {}) }) })),
    );
  };
  if (ctx.database.dialect === 'postgres') {
    return inTransaction(ctx.database, async (trx) => {
      const due = await takeDueDeliveries(trx, ctx.clock.now().toISOString(), limit, true);
      await recordAttempts(ctx, trx, await sendAll(due), random);
      return due.length;
    });
  }
  const due = await takeDueDeliveries(ctx.database.db, ctx.clock.now().toISOString(), limit, false);
  if (due.length === 0) return 0;
  const sent = await sendAll(due);
  await inTransaction(ctx.database, (trx) => recordAttempts(ctx, trx, sent, random));
  return due.length;
}
