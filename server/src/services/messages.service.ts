import type { Language, PushPayload } from '@navbat/shared';
import type { ServiceContext } from './context';
import type { MessageLogRow } from '../db/messages.schema';
import { inTransaction } from '../db/transaction';
import { findTicket } from '../db/tickets.repository';
import { claimMessage, deletePushSubscription, erasePhonesEndedBefore, findAppointmentPhone, finishMessage, listDueMessages, listMessagesOf, listPushSubscriptions } from '../db/messages.repository';
import { parseJson } from '../db/json';
import { phoneRetentionCutoff, pushKinds, renderTemplate, type MessageSubject } from '../domain/messages';
import { templateKindOf } from '../domain/broadcasts';
import type { MessageChannels } from '../messages/message-channels';
import { templateText } from './message-templates.service';
import { vapidKeys } from './push-subscriptions.service';

type Outcome = { status: 'sent' | 'skipped' | 'failed'; channels: string | null; lastError: string | null };

/** Who a message goes to, read when it is sent (so an erased number is never used). */
async function recipientOf(ctx: ServiceContext, m: MessageLogRow) {
  const ex = ctx.database.db;
  if (m.subject === 'appointment') return { phone: await findAppointmentPhone(ex, m.subject_id), subscriptions: [], stillNear: true };
  const ticket = await findTicket(ex, m.subject_id);
  const subscriptions = ticket && pushKinds.includes(templateKindOf(m.kind)) ? await listPushSubscriptions(ex, ticket.id) : [];
  return { phone: ticket?.phone ?? null, subscriptions, stillNear: ticket?.status === 'waiting' };
}

async function deliver(ctx: ServiceContext, channels: MessageChannels, m: MessageLogRow, signal: AbortSignal | undefined): Promise<Outcome> {
  const { phone, subscriptions, stillNear } = await recipientOf(ctx, m);
  const kind = templateKindOf(m.kind);
  // "Come back" and a delay notice mean nothing once the ticket has been called.
  if ((kind === 'near' || kind === 'broadcast') && !stillNear) return { status: 'skipped', channels: null, lastError: 'called before the message went out' };
  if (phone === null && subscriptions.length === 0) return { status: 'skipped', channels: null, lastError: 'no phone number or push subscription' };
  const params = parseJson<Record<string, string>>(m.params) ?? {};
  const link = params.link ? `${channels.publicUrl?.replace(/\/$/, '') ?? ''}${params.link}` : '';
  const text = renderTemplate(await templateText(ctx.database.db, kind, m.language as Language), { ...params, link });
  const sent: string[] = [];
  const errors: string[] = [];
  if (phone !== null) {
    const result = await channels.sms({ id: m.id, to: phone, text, language: m.language }, signal);
    if (result.ok) sent.push(result.channel);
    else errors.push(result.error);
  }
  if (subscriptions.length > 0) {
    const vapid = await vapidKeys(ctx);
    const payload: PushPayload = { kind, text, url: params.link ?? '/' };
    for (const s of subscriptions) {
      const result = await channels.push({ endpoint: s.endpoint, p256dh: s.p256dh, auth: s.auth, payload: JSON.stringify(payload), vapid, ...(signal ? { signal } : {}) });
      if (result.ok) sent.push('push');
      else {
        errors.push(result.error);
        if (result.gone) await inTransaction(ctx.database, (trx) => deletePushSubscription(trx, s.id));
      }
    }
  }
  const used = [...new Set(sent)].join(',') || null;
  return { status: sent.length > 0 ? 'sent' : 'failed', channels: used, lastError: errors.join('; ').slice(0, 200) || null };
}

/**
 * Sends the due messages. Each is claimed (pending → sending) before it is sent, so two passes or two
 * instances never send one twice, and a crash between claim and send loses it rather than repeats it:
 * at most once, as the contract says. Answers how many were due.
 */
export async function sendDueMessages(ctx: ServiceContext, channels: MessageChannels, options: { limit?: number; signal?: AbortSignal } = {}): Promise<number> {
  const due = await listDueMessages(ctx.database.db, ctx.clock.now().toISOString(), options.limit ?? 32);
  if (due.length === 0) return 0;
  const claimed = await inTransaction(ctx.database, async (trx) => {
    const mine: MessageLogRow[] = [];
    for (const m of due) if (await claimMessage(trx, m.id)) mine.push(m);
    return mine;
  });
  const outcomes = await Promise.all(claimed.map(async (m) => ({ m, outcome: await deliver(ctx, channels, m, options.signal) })));
  const sentAt = ctx.clock.now().toISOString();
  await inTransaction(ctx.database, async (trx) => {
    for (const { m, outcome } of outcomes) await finishMessage(trx, m.id, { ...outcome, sentAt: outcome.status === 'sent' ? sentAt : null });
  });
  return due.length;
}

/** The message log of a ticket or an appointment (no text and no number: kinds, statuses and channels). */
export async function messagesOf(ctx: ServiceContext, subject: MessageSubject, subjectId: number) {
  return (await listMessagesOf(ctx.database.db, subject, subjectId)).map((m) => ({ id: m.id, kind: templateKindOf(m.kind), status: m.status, channels: m.channels, sentAt: m.sent_at }));
}

/** The retention job: erases phone numbers (and push subscriptions) of visits that ended `days` ago or more. */
export function erasePhones(ctx: ServiceContext, days: number): Promise<number> {
  const cutoff = phoneRetentionCutoff(ctx.clock.now(), days).toISOString();
  return inTransaction(ctx.database, (trx) => erasePhonesEndedBefore(trx, cutoff));
}
