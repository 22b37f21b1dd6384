import { sql } from 'kysely';
import type { Executor } from './database';
import type { MessageLogRow, MessageTemplateRow, PushSubscriptionRow } from './messages.schema';
import { reachableWaiting } from './tickets.repository';

/** A message to log, at most once per (subject, subjectId, kind). */
export interface NewMessage {
  id: string;
  subject: string;
  subjectId: number;
  kind: string;
  centerId: string;
  language: string;
  params: string;
  status: 'pending' | 'skipped';
  sendAfter: string;
  createdAt: string;
  lastError?: string;
}

/** Logs messages; one already logged for the same (subject, subject_id, kind) is kept and the new one dropped. */
export async function insertMessages(ex: Executor, messages: readonly NewMessage[]): Promise<void> {
  if (messages.length === 0) return;
  await ex
    .insertInto('message_log')
    .values(
      messages.map((m) => ({
        id: m.id,
        subject: m.subject,
        subject_id: m.subjectId,
        kind: m.kind,
        center_id: m.centerId,
        language: m.language,
        params: m.params,
        status: m.status,
        send_after: m.sendAfter,
        created_at: m.createdAt,
        last_error: m.lastError ?? null,
      })),
    )
    .onConflict((oc) => oc.columns(['subject', 'subject_id', 'kind']).doNothing())
    .execute();
}

/** A message not yet sent is no longer wanted (e.g. the reminder of a cancelled appointment). */
export async function cancelPendingMessage(ex: Executor, subject: string, subjectId: number, kind: string): Promise<void> {
  await ex.updateTable('message_log').set({ status: 'cancelled' }).where('subject', '=', subject).where('subject_id', '=', subjectId).where('kind', '=', kind).where('status', '=', 'pending').execute();
}

export function listDueMessages(ex: Executor, nowIso: string, limit: number): Promise<MessageLogRow[]> {
  // Written out (not bound) so a plan for any value can use the partial index `message_log_due_idx`.
  return ex.selectFrom('message_log').selectAll().where(sql<boolean>`status = 'pending'`).where('send_after', '<=', nowIso).orderBy('send_after').orderBy('id').limit(limit).execute();
}

/** Takes a pending message for sending; false when another pass or instance took it first. */
export async function claimMessage(ex: Executor, id: string): Promise<boolean> {
  const result = await ex.updateTable('message_log').set({ status: 'sending' }).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function finishMessage(ex: Executor, id: string, outcome: { status: 'sent' | 'skipped' | 'failed'; channels: string | null; lastError: string | null; sentAt: string | null }): Promise<void> {
  await ex.updateTable('message_log').set({ status: outcome.status, channels: outcome.channels, last_error: outcome.lastError, sent_at: outcome.sentAt }).where('id', '=', id).execute();
}

export function listMessagesOf(ex: Executor, subject: string, subjectId: number): Promise<MessageLogRow[]> {
  return ex.selectFrom('message_log').selectAll().where('subject', '=', subject).where('subject_id', '=', subjectId).orderBy('created_at').orderBy('id').execute();
}

/**
 * The waiting tickets of a centre that someone could tell "your turn is near" (a phone number or a push
 * subscription) and that have no `near` message yet: from the partial index of such tickets
 * (`tickets_waiting_reachable_idx`), never from the whole line.
 */
export function listNearCandidates(ex: Executor, centerId: string): Promise<{ id: number; service_id: number }[]> {
  return nearCandidatesQuery(ex, centerId).execute();
}

/** `listNearCandidates`'s query (a test reads its plan). */
export function nearCandidatesQuery(ex: Executor, centerId: string) {
  return ex
    .selectFrom('tickets as t')
    .select(['t.id', 't.service_id'])
    .where('t.center_id', '=', centerId)
    .where(reachableWaiting)
    .where(sql<boolean>`not exists (select 1 from message_log m where m.subject = 'ticket' and m.kind = 'near' and m.subject_id = t.id)`);
}

export function listMessageTemplates(ex: Executor): Promise<MessageTemplateRow[]> {
  return ex.selectFrom('message_templates').selectAll().execute();
}

export function findMessageTemplate(ex: Executor, kind: string, language: string): Promise<MessageTemplateRow | undefined> {
  return ex.selectFrom('message_templates').selectAll().where('kind', '=', kind).where('language', '=', language).executeTakeFirst();
}

export async function upsertMessageTemplate(ex: Executor, row: MessageTemplateRow): Promise<void> {
  await ex
    .insertInto('message_templates')
    .values(row)
    .onConflict((oc) => oc.columns(['kind', 'language']).doUpdateSet({ text: row.text, updated_at: row.updated_at }))
    .execute();
}

/** Back to the built-in text. Answers whether there was an admin's text. */
export async function deleteMessageTemplate(ex: Executor, kind: string, language: string): Promise<boolean> {
  const result = await ex.deleteFrom('message_templates').where('kind', '=', kind).where('language', '=', language).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

// The only writer of push_subscriptions: each write keeps its ticket's `push_subscribed` (what the partial index of
// reachable waiting tickets reads) in the same transaction.

/** Adds a ticket's push subscription; the same endpoint again replaces its keys. */
export async function upsertPushSubscription(ex: Executor, row: Omit<PushSubscriptionRow, 'id'>): Promise<void> {
  await ex
    .insertInto('push_subscriptions')
    .values(row)
    .onConflict((oc) => oc.columns(['ticket_id', 'endpoint']).doUpdateSet({ p256dh: row.p256dh, auth: row.auth }))
    .execute();
  await ex.updateTable('tickets').set({ push_subscribed: 1 }).where('id', '=', row.ticket_id).where('push_subscribed', '=', 0).execute();
}

/** After subscriptions of these tickets were removed: `push_subscribed` says whether any is left. */
async function notePushSubscriptionsLeft(ex: Executor, ticketIds: readonly number[]): Promise<void> {
  if (ticketIds.length === 0) return;
  await ex
    .updateTable('tickets')
    .set({ push_subscribed: 0 })
    .where('id', 'in', [...new Set(ticketIds)])
    .where('push_subscribed', '=', 1)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('push_subscriptions as p').select(sql`1`.as('one')).whereRef('p.ticket_id', '=', 'tickets.id'))))
    .execute();
}

export function listPushSubscriptions(ex: Executor, ticketId: number): Promise<PushSubscriptionRow[]> {
  return ex.selectFrom('push_subscriptions').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute();
}

/** A push service said the subscription is gone (404/410). */
export async function deletePushSubscription(ex: Executor, id: number): Promise<void> {
  const removed = await ex.deleteFrom('push_subscriptions').where('id', '=', id).returning('ticket_id').execute();
  await notePushSubscriptionsLeft(ex, removed.map((r) => r.ticket_id));
}

/** An appointment's phone number (null when it has none, or no longer: erased after the visit). */
export async function findAppointmentPhone(ex: Executor, appointmentId: number): Promise<string | null> {
  const row = await ex.selectFrom('appointments').select('phone').where('id', '=', appointmentId).executeTakeFirst();
  return row?.phone ?? null;
}

const endedStatuses = ['done', 'no_show', 'cancelled', 'expired'] as const;

/**
 * Erases the phone numbers (and push subscriptions) of tickets whose visit ended before `cutoffIso`.
 * Answers how many tickets lost their number.
 */
export async function erasePhonesEndedBefore(ex: Executor, cutoffIso: string): Promise<number> {
  // A minute job: it reads the subscriptions (each looks up its ticket) and the tickets that still hold a number
  // (`tickets_phone_kept_idx`), never the tickets of every past day.
  const removed = await ex
    .deleteFrom('push_subscriptions')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('tickets')
          .select('tickets.id')
          .whereRef('tickets.id', '=', 'push_subscriptions.ticket_id')
          .where('tickets.status', 'in', endedStatuses)
          .where('tickets.finished_at', '<', cutoffIso),
      ),
    )
    .returning('ticket_id')
    .execute();
  await notePushSubscriptionsLeft(ex, removed.map((r) => r.ticket_id));
  const result = await ex.updateTable('tickets').set({ phone: null }).where('phone', 'is not', null).where('status', 'in', endedStatuses).where('finished_at', '<', cutoffIso).executeTakeFirst();
  return Number(result.numUpdatedRows);
}
