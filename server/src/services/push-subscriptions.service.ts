import { AppError, type PushSubscribed, type PushSubscriptionBody } from '@navbat/shared';
import type { ServiceContext } from './context';
import type { Executor } from '../db/database';
import { getOrCreateSetting, getSetting } from '../db/settings.repository';
import { listPushSubscriptions, upsertPushSubscription } from '../db/messages.repository';
import { inTransaction } from '../db/transaction';
import { checkPushSubscription, pushKinds } from '../domain/messages';
import { orThrow } from '../domain/decision';
import { generateVapidKeys, type VapidKeys } from '../messages/push-sender';
import { requireTicketByPublicId } from './lookups';
import { consumeForMessages } from './messages-consumer';

const vapidSetting = 'vapid_keys';

/** The VAPID key pair, generated on first use and kept in the database (every instance uses the same pair). */
export async function vapidKeys(ctx: ServiceContext): Promise<VapidKeys> {
  const stored = await getSetting(ctx.database.db, vapidSetting);
  if (stored) return JSON.parse(stored) as VapidKeys;
  const kept = await inTransaction(ctx.database, (trx) => getOrCreateSetting(trx, vapidSetting, JSON.stringify(generateVapidKeys())));
  return JSON.parse(kept) as VapidKeys;
}

/** The public half, which a browser needs to subscribe (`applicationServerKey`). */
export async function vapidPublicKey(ctx: ServiceContext): Promise<{ publicKey: string }> {
  return { publicKey: (await vapidKeys(ctx)).publicKey };
}

/**
 * Subscribes a browser to a ticket's `near` and `called` messages. Only while the ticket is waiting or
 * called; an endpoint on a private address is refused unless private networks are allowed. A ticket
 * already near gets its `near` message now.
 */
export async function subscribePush(ctx: ServiceContext, publicId: string, body: PushSubscriptionBody, options: { allowPrivateNetworks: boolean }): Promise<PushSubscribed> {
  if (!options.allowPrivateNetworks && !body.endpoint.startsWith('https://')) throw new AppError('VALIDATION_ERROR', 'a push endpoint is an https URL');
  const now = ctx.clock.now();
  return inTransaction(ctx.database, async (trx: Executor) => {
    const ticket = await requireTicketByPublicId(trx, publicId);
    const existing = await listPushSubscriptions(trx, ticket.id);
    orThrow(checkPushSubscription(ticket.status, existing.length, !existing.some((s) => s.endpoint === body.endpoint)));
    await upsertPushSubscription(trx, { ticket_id: ticket.id, endpoint: body.endpoint, p256dh: body.keys.p256dh.replace(/=+$/, ''), auth: body.keys.auth.replace(/=+$/, ''), created_at: now.toISOString() });
    // Near already (and not issued near): say so now, as the next change of the line would.
    await consumeForMessages(trx, [], now, [ticket.center_id]);
    return { subscribed: true as const, kinds: [...pushKinds] };
  });
}
