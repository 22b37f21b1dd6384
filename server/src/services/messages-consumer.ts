import type { Language, Localized, MessageKind } from '@navbat/shared';
import type { Executor } from '../db/database';
import type { CenterRow, TicketRow } from '../db/schema';
import type { OutboxEventRow } from '../db/outbox.schema';
import { findCenter } from '../db/centers.repository';
import { findService } from '../db/services.repository';
import { findReachableTickets, findTicket, listLineHead } from '../db/tickets.repository';
import { cancelPendingMessage, findAppointmentPhone, insertMessages, listNearCandidates, type NewMessage } from '../db/messages.repository';
import { parseJson } from '../db/json';
import { messagesOnEvent, movesLines, nearAtIssue, nearTickets, pushKinds, type MessagePlan } from '../domain/messages';
import { toZonedIso } from '../domain/zoned-time';
import { broadcastMessageKind } from '../domain/broadcasts';
import { listReachableWaiting } from '../db/broadcasts.repository';
import { randomId } from './random-id';

// Citizen messages as a consumer of the outbox: each committed public event is looked at once, inside the
// fan-out transaction, and the messages it calls for are logged under their unique (subject, kind) key. The
// log is what makes a message go out at most once, whatever restarts or instances come between.

/** A message id, also the `id` the SMS gateway gets. */
const newMessageId = () => `sms_${randomId()}`;

/** What one fan-out batch reads more than once. */
class BatchCache {
  private readonly centers = new Map<string, CenterRow | undefined>();
  private readonly serviceNames = new Map<number, Localized | null>();
  constructor(readonly trx: Executor) {}
  async center(id: string) {
    if (!this.centers.has(id)) this.centers.set(id, await findCenter(this.trx, id));
    return this.centers.get(id);
  }
  async serviceName(id: number) {
    if (!this.serviceNames.has(id)) {
      const row = await findService(this.trx, id);
      this.serviceNames.set(id, row ? parseJson<Localized>(row.name) : null);
    }
    return this.serviceNames.get(id) ?? null;
  }
}

const localized = (name: Localized | null, language: Language) => (name ? (name[language] ?? name.en) : '');

async function ticketMessage(cache: BatchCache, ticket: TicketRow, kind: MessageKind, sendAfter: Date, now: Date, extra: Record<string, string>): Promise<NewMessage | null> {
  // The phone number is consent: none given, no SMS; `near` and `called` may still go by Web Push.
  const pushable = pushKinds.includes(kind) && ticket.push_subscribed === 1;
  if (ticket.phone === null && !pushable) return null;
  const center = await cache.center(ticket.center_id);
  const params = {
    code: ticket.code,
    service: localized(await cache.serviceName(ticket.service_id), ticket.language),
    center: localized(center ? parseJson<Localized>(center.name) : null, ticket.language),
    link: `/t/${ticket.public_id}`,
    ...extra,
  };
  return { id: newMessageId(), subject: 'ticket', subjectId: ticket.id, kind, centerId: ticket.center_id, language: ticket.language, params: JSON.stringify(params), status: 'pending', sendAfter: sendAfter.toISOString(), createdAt: now.toISOString() };
}

interface AppointmentData {
  code?: string;
  centerId?: string;
  serviceId?: number;
  start?: string;
  language?: Language;
}

async function appointmentMessage(cache: BatchCache, plan: Extract<MessagePlan, { action: 'send' }>, data: AppointmentData, now: Date): Promise<NewMessage | null> {
  if (!data.centerId || (await findAppointmentPhone(cache.trx, plan.subjectId)) === null) return null;
  const center = await cache.center(data.centerId);
  const language: Language = data.language === 'ur' ? 'ur' : 'en';
  const local = data.start && center ? toZonedIso(data.start, center.timezone) : '';
  const params = {
    code: data.code ?? '',
    service: localized(data.serviceId ? await cache.serviceName(data.serviceId) : null, language),
    center: localized(center ? parseJson<Localized>(center.name) : null, language),
    date: local.slice(0, 10),
    time: local.slice(11, 16),
  };
  return { id: newMessageId(), subject: 'appointment', subjectId: plan.subjectId, kind: plan.kind, centerId: data.centerId, language, params: JSON.stringify(params), status: 'pending', sendAfter: plan.sendAfter.toISOString(), createdAt: now.toISOString() };
}

/**
 * Logs `near` for the waiting tickets of a centre that now have `notifyAhead` or fewer ahead of them. The
 * tickets someone could be told about come from small indexes; only the lines they wait in are looked at,
 * and only their heads (`listLineHead`, the domain's line order in SQL), however long the lines.
 */
async function enqueueNearMessages(cache: BatchCache, centerId: string, now: Date): Promise<NewMessage[]> {
  const candidates = await listNearCandidates(cache.trx, centerId);
  const center = await cache.center(centerId);
  if (candidates.length === 0 || !center) return [];
  const wanted = new Set(candidates.map((c) => c.id));
  const nowIso = now.toISOString();
  const line: { id: number; position: number }[] = [];
  for (const serviceId of [...new Set(candidates.map((c) => c.service_id))]) {
    const head = await listLineHead(cache.trx, centerId, serviceId, center.notify_ahead + 1, nowIso);
    head.forEach((id, i) => line.push({ id, position: i + 1 }));
  }
  const out: NewMessage[] = [];
  for (const near of nearTickets(line.filter((t) => wanted.has(t.id)), center.notify_ahead)) {
    const ticket = await findTicket(cache.trx, near.id);
    const message = ticket && (await ticketMessage(cache, ticket, 'near', now, now, { ahead: String(near.position - 1) }));
    if (message) out.push(message);
  }
  return out;
}

/** A supervisor's broadcast sent with `sms`: one message to each waiting ticket it can reach, keyed by the broadcast. */
async function broadcastMessages(cache: BatchCache, data: Record<string, unknown>, now: Date): Promise<NewMessage[]> {
  if (data.sms !== true || typeof data.id !== 'number' || typeof data.centerId !== 'string' || typeof data.message !== 'string') return [];
  const serviceId = typeof data.serviceId === 'number' ? data.serviceId : null;
  const out: NewMessage[] = [];
  for (const { id } of await listReachableWaiting(cache.trx, data.centerId, serviceId)) {
    const ticket = await findTicket(cache.trx, id);
    const message = ticket && (await ticketMessage(cache, ticket, 'broadcast', now, now, { message: data.message }));
    if (message) out.push({ ...message, kind: broadcastMessageKind(data.id) });
  }
  return out;
}

/**
 * The outbox consumer of citizen messages (registered in `outboxConsumers`). `recheckCenters`: centres whose
 * lines to look at for `near` even without an event (a new push subscription).
 */
export async function consumeForMessages(trx: Executor, events: readonly OutboxEventRow[], now: Date, recheckCenters: readonly string[] = []): Promise<void> {
  const cache = new BatchCache(trx);
  const messages: NewMessage[] = [];
  const linesMoved = new Set<string>(recheckCenters);
  // Into a literal, not by `map`: a pass with no events made an empty array of another kind, which deoptimised this function.
  const planned: { event: OutboxEventRow; data: Record<string, unknown>; plans: MessagePlan[] }[] = [];
  for (const event of events) {
    const data = (parseJson<Record<string, unknown>>(event.data) ?? {}) as Record<string, unknown>;
    planned.push({ event, data, plans: messagesOnEvent({ type: event.type, data }, now) });
  }
  // Issued already near: its holder is at the kiosk; no "come back" message, now or later (logged as skipped).
  const issuedNear = new Set<number>();
  for (const { event, data } of planned) {
    if (event.type !== 'ticket.issued' || typeof data.id !== 'number' || !event.center_id) continue;
    const center = await cache.center(event.center_id);
    if (center && nearAtIssue(typeof data.position === 'number' ? data.position : null, center.notify_ahead)) issuedNear.add(data.id);
  }
  // Only a ticket with a phone number or a push subscription can be sent anything: those are read, whole, at once
  // (most tickets have neither, and their events need no read at all).
  const toTickets = planned.flatMap(({ plans }) => plans.flatMap((p) => (p.action === 'send' && p.subject === 'ticket' ? [p.subjectId] : [])));
  const reachable = new Map((await findReachableTickets(trx, [...toTickets, ...issuedNear])).map((t) => [t.id, t]));
  for (const { event, data, plans } of planned) {
    if (event.type === 'ticket.issued' && typeof data.id === 'number' && event.center_id && issuedNear.has(data.id) && reachable.get(data.id)?.phone) {
      messages.push({ id: newMessageId(), subject: 'ticket', subjectId: data.id, kind: 'near', centerId: event.center_id, language: 'en', params: '{}', status: 'skipped', sendAfter: now.toISOString(), createdAt: now.toISOString(), lastError: 'near when issued' });
    }
    if (event.type === 'broadcast.sent') messages.push(...(await broadcastMessages(cache, data, now)));
    for (const plan of plans) {
      if (plan.action === 'cancel') {
        await cancelPendingMessage(trx, plan.subject, plan.subjectId, plan.kind);
        continue;
      }
      let message: NewMessage | null = null;
      if (plan.subject === 'appointment') message = await appointmentMessage(cache, plan, data as AppointmentData, now);
      else {
        const ticket = reachable.get(plan.subjectId);
        const counter = typeof data.counterName === 'string' ? data.counterName : '';
        if (ticket) message = await ticketMessage(cache, ticket, plan.kind, plan.sendAfter, now, plan.kind === 'called' ? { counter } : {});
      }
      if (message) messages.push(message);
    }
    if (event.center_id && movesLines(event.type)) linesMoved.add(event.center_id);
  }
  // Logged before `near` is looked at, so a ticket issued near is already marked.
  await insertMessages(trx, messages);
  for (const centerId of linesMoved) await insertMessages(trx, await enqueueNearMessages(cache, centerId, now));
}
