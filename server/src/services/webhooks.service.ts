import crypto from 'node:crypto';
import dns from 'node:dns/promises';
import { AppError, type CreateWebhookBody, type UpdateWebhookBody, type User, type Webhook, type WebhookCreated, type WebhookDelivery, type WebhookSecretRotated } from '@navbat/shared';
import type { ServiceContext } from './context';
import { deleteWebhook, findDelivery, findWebhook, insertWebhook, listDeliveriesOfWebhook, listWebhooks, retryDelivery, updateWebhook } from '../db/webhooks.repository';
import { orThrow } from '../domain/decision';
import { decideWebhookAddresses, decideWebhookUrl, normalizeFilter } from '../domain/webhooks';
import { audited } from './admin/audited';
import { requireCenter } from './lookups';
import { toDelivery, toWebhook } from './views/webhook.view';

/** How long the previous secret keeps signing after a rotation. */
const rotationOverlapMs = 24 * 3600_000;

/** `whsec_` + standard padded base64 of 32 random bytes. */
const newSecret = () => `whsec_${crypto.randomBytes(32).toString('base64')}`;

/** The addresses a host stands for (itself when it is an address). */
async function resolveHost(host: string): Promise<string[]> {
  try {
    return (await dns.lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  } catch {
    return [];
  }
}

async function requireWebhook(ctx: ServiceContext, id: number) {
  const row = await findWebhook(ctx.database.db, id);
  if (!row) throw new AppError('WEBHOOK_NOT_FOUND', `no webhook ${id}`);
  return row;
}

/**
 * Registers a receiver. Its URL must resolve, and to public addresses only unless private networks are
 * allowed. Answers the webhook and its secret, which is not shown again.
 */
export async function create(ctx: ServiceContext, user: User, body: CreateWebhookBody, options: { allowPrivateNetworks: boolean }): Promise<WebhookCreated> {
  const { url, host } = orThrow(decideWebhookUrl(body.url));
  orThrow(decideWebhookAddresses(host, await resolveHost(host), options.allowPrivateNetworks));
  const centerId = body.centerId ?? null;
  if (centerId !== null) await requireCenter(ctx.database.db, centerId);
  const secret = body.secret ?? newSecret();
  const events = normalizeFilter(body.events);
  const row = await audited(ctx, user, centerId, 'webhook', 'create', async (trx) => {
    const created = await insertWebhook(trx, { url, events: JSON.stringify(events), centerId, secret, createdAt: ctx.clock.now().toISOString() });
    return { id: created.id, value: created, data: { url, events } };
  });
  return { webhook: toWebhook(row), secret };
}

/** Every webhook, oldest first; secrets are never listed. */
export async function list(ctx: ServiceContext): Promise<Webhook[]> {
  return (await listWebhooks(ctx.database.db)).map(toWebhook);
}

/** Removes a webhook with its delivery log. */
export async function remove(ctx: ServiceContext, user: User, id: number): Promise<void> {
  const row = await requireWebhook(ctx, id);
  await audited(ctx, user, row.center_id, 'webhook', 'delete', async (trx) => {
    if (!(await deleteWebhook(trx, id))) throw new AppError('WEBHOOK_NOT_FOUND', `no webhook ${id}`);
    return { id, value: undefined };
  });
}

/** A webhook's delivery log, newest first. */
export async function deliveries(ctx: ServiceContext, id: number, limit = 100): Promise<WebhookDelivery[]> {
  await requireWebhook(ctx, id);
  return (await listDeliveriesOfWebhook(ctx.database.db, id, limit)).map(toDelivery);
}

/** Makes a delivery due now (one more attempt, even after it is dead); the dispatcher sends it. */
export async function retry(ctx: ServiceContext, user: User, id: number, deliveryId: string): Promise<void> {
  const row = await requireWebhook(ctx, id);
  const delivery = await findDelivery(ctx.database.db, deliveryId);
  if (!delivery || delivery.webhook_id !== id) throw new AppError('WEBHOOK_DELIVERY_NOT_FOUND', `no delivery ${deliveryId} of webhook ${id}`);
  await audited(ctx, user, row.center_id, 'webhook', 'retry', async (trx) => {
    await retryDelivery(trx, deliveryId, ctx.clock.now().toISOString());
    return { id, value: undefined, data: { deliveryId } };
  });
}

/** A new secret; the previous one keeps signing beside it for a day, so receivers can switch without a gap. */
export async function rotateSecret(ctx: ServiceContext, user: User, id: number): Promise<WebhookSecretRotated> {
  const row = await requireWebhook(ctx, id);
  const secret = newSecret();
  const until = new Date(ctx.clock.now().getTime() + rotationOverlapMs).toISOString();
  await audited(ctx, user, row.center_id, 'webhook', 'rotate-secret', async (trx) => {
    await updateWebhook(trx, id, { secret, previous_secret: row.secret, previous_secret_until: until });
    return { id, value: undefined };
  });
  return { secret, previousSecretValidUntil: until };
}

/**
 * Switches a webhook off by hand (`manual`) or on again; switching on clears why it stopped (a 410, or by
 * hand), so new events are delivered again. Deliveries that went dead stay dead (send them again by hand).
 */
export async function setEnabled(ctx: ServiceContext, user: User, id: number, body: UpdateWebhookBody): Promise<Webhook> {
  const row = await requireWebhook(ctx, id);
  const patch = body.enabled ? { enabled: 1, disabled_reason: null } : { enabled: 0, disabled_reason: row.enabled ? 'manual' : row.disabled_reason };
  await audited(ctx, user, row.center_id, 'webhook', body.enabled ? 'enable' : 'disable', async (trx) => {
    await updateWebhook(trx, id, patch);
    return { id, value: undefined, data: { previousReason: row.disabled_reason } };
  });
  return toWebhook({ ...row, ...patch });
}
