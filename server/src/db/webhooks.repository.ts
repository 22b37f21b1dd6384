import type { Executor } from './database';
import type { WebhookDeliveryRow, WebhookRow, WebhooksTable } from './outbox.schema';
import { sql, type Updateable } from 'kysely';

export interface NewWebhook {
  url: string;
  events: string;
  centerId: string | null;
  secret: string;
  createdAt: string;
}

export async function insertWebhook(ex: Executor, w: NewWebhook): Promise<WebhookRow> {
  return ex
    .insertInto('webhooks')
    .values({ url: w.url, events: w.events, center_id: w.centerId, secret: w.secret, created_at: w.createdAt })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function listWebhooks(ex: Executor): Promise<WebhookRow[]> {
  return ex.selectFrom('webhooks').selectAll().orderBy('id').execute();
}

export function listEnabledWebhooks(ex: Executor): Promise<WebhookRow[]> {
  return ex.selectFrom('webhooks').selectAll().where('enabled', '=', 1).orderBy('id').execute();
}

export function findWebhook(ex: Executor, id: number): Promise<WebhookRow | undefined> {
  return ex.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateWebhook(ex: Executor, id: number, patch: Updateable<WebhooksTable>): Promise<void> {
  await ex.updateTable('webhooks').set(patch).where('id', '=', id).execute();
}

export async function deleteWebhook(ex: Executor, id: number): Promise<boolean> {
  const r = await ex.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export interface NewDelivery {
  id: string;
  webhookId: number;
  eventId: number;
  type: string;
  nextAttemptAt: string;
  createdAt: string;
}

export async function insertDeliveries(ex: Executor, deliveries: readonly NewDelivery[]): Promise<void> {
  if (deliveries.length === 0) return;
  await ex
    .insertInto('webhook_deliveries')
    .values(
      deliveries.map((d) => ({
        id: d.id,
        webhook_id: d.webhookId,
        event_id: d.eventId,
        type: d.type,
        status: 'pending',
        next_attempt_at: d.nextAttemptAt,
        created_at: d.createdAt,
      })),
    )
    .execute();
}

/** A webhook's deliveries, newest first. */
export function listDeliveriesOfWebhook(ex: Executor, webhookId: number, limit: number): Promise<WebhookDeliveryRow[]> {
  return ex.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', webhookId).orderBy('created_at', 'desc').orderBy('event_id', 'desc').limit(limit).execute();
}

export function findDelivery(ex: Executor, id: string): Promise<WebhookDeliveryRow | undefined> {
  return ex.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A delivery that is due, with what sending it needs: the receiver, its secrets and the event. */
export interface DueDelivery {
  id: string;
  webhookId: number;
  attempts: number;
  url: string;
  secret: string;
  previousSecret: string | null;
  previousSecretUntil: string | null;
  type: string;
  data: string;
  occurredAt: string;
}

/**
 * Pending deliveries of enabled webhooks whose time has come, oldest first. With `lock` (PostgreSQL) they
 * stay locked until the caller's transaction ends and rows another instance holds are skipped.
 */
export async function takeDueDeliveries(ex: Executor, nowIso: string, limit: number, lock: boolean): Promise<DueDelivery[]> {
  let q = ex
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
    .innerJoin('outbox_events as e', 'e.id', 'd.event_id')
    .select([
      'd.id',
      'd.webhook_id as webhookId',
      'd.attempts',
      'w.url',
      'w.secret',
      'w.previous_secret as previousSecret',
      'w.previous_secret_until as previousSecretUntil',
      'e.type',
      'e.data',
      'e.occurred_at as occurredAt',
    ])
    // Written out (not bound) so a plan for any value can use the partial index `webhook_deliveries_due_idx`.
    .where(sql<boolean>`d.status = 'pending'`)
    .where('d.next_attempt_at', '<=', nowIso)
    .where('w.enabled', '=', 1)
    .orderBy('d.next_attempt_at')
    .orderBy('d.id')
    .limit(limit);
  if (lock) q = q.forUpdate('d').skipLocked();
  return q.execute();
}

export interface DeliveryOutcome {
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  lastAttemptAt: string;
}

/** Records an attempt on a delivery still pending (a manual retry or a deletion meanwhile wins). */
export async function recordDeliveryAttempt(ex: Executor, id: string, outcome: DeliveryOutcome): Promise<void> {
  await ex
    .updateTable('webhook_deliveries')
    .set({
      status: outcome.status,
      attempts: outcome.attempts,
      last_status_code: outcome.lastStatusCode,
      last_error: outcome.lastError,
      next_attempt_at: outcome.nextAttemptAt,
      last_attempt_at: outcome.lastAttemptAt,
    })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}

/** Makes a delivery due again now (a manual retry). */
export async function retryDelivery(ex: Executor, id: string, nowIso: string): Promise<void> {
  await ex.updateTable('webhook_deliveries').set({ status: 'pending', next_attempt_at: nowIso }).where('id', '=', id).execute();
}
