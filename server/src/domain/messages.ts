import { messagePlaceholders, renderTemplate, unknownPlaceholders, type Language, type MessageKind } from '@navbat/shared';
import { allow, refuse, type Decision } from './decision';

// Citizen messages, as pure rules: which message a committed event calls for, when, and with which text.

/** What a message is about: a ticket, or an appointment (booked and reminder). */
export type MessageSubject = 'ticket' | 'appointment';

/** Only `near`, `called` and a supervisor's `broadcast` are worth a Web Push; every kind goes by SMS to a phone number. */
export const pushKinds: readonly MessageKind[] = ['near', 'called', 'broadcast'];

/** The reminder goes out this long before the appointment's slot. */
export const reminderLeadMs = 3600_000;

/** The built-in text of each kind and language; an admin may replace it (message_templates). */
export const defaultTemplates: Record<MessageKind, Record<Language, string>> = {
  booked: {
    en: 'Navbat: your appointment {code} for {service} at {center} is on {date} at {time}.',
    ur: 'نوبت: {center} میں {service} کے لیے آپ کی ملاقات {code} بتاریخ {date} وقت {time} طے ہے۔',
  },
  reminder: {
    en: 'Navbat: reminder, your appointment {code} for {service} at {center} is today at {time}.',
    ur: 'نوبت: یاد دہانی، {center} میں {service} کے لیے آپ کی ملاقات {code} آج {time} بجے ہے۔',
  },
  near: {
    en: 'Navbat: ticket {code} ({service}): {ahead} ahead of you. Please come back to the hall now. {link}',
    ur: 'نوبت: ٹکٹ {code} ({service}): آپ سے پہلے {ahead} افراد ہیں۔ براہ کرم اب ہال میں واپس آ جائیں۔ {link}',
  },
  called: {
    en: 'Navbat: ticket {code}, please go to counter {counter} now.',
    ur: 'نوبت: ٹکٹ {code}، براہ کرم ابھی کاؤنٹر {counter} پر تشریف لائیں۔',
  },
  feedback: {
    en: 'Navbat: thank you for visiting {center}. Rate the service for ticket {code}: {link}',
    ur: 'نوبت: {center} آنے کا شکریہ۔ ٹکٹ {code} کی خدمت کی درجہ بندی کریں: {link}',
  },
  broadcast: {
    en: 'Navbat, {center}: {message} (ticket {code}) {link}',
    ur: 'نوبت، {center}: {message} (ٹکٹ {code}) {link}',
  },
};

// The placeholder syntax and rendering are shared with the admin screen's preview (@navbat/shared).
export { renderTemplate, unknownPlaceholders };

/** Whether an admin's text may become the template of a kind: only its kind's placeholders. */
export function checkTemplate(kind: MessageKind, text: string): Decision {
  const unknown = unknownPlaceholders(kind, text);
  if (unknown.length > 0) {
    return refuse('VALIDATION_ERROR', `unknown placeholder${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `{${u}}`).join(', ')}; a ${kind} message may use ${messagePlaceholders[kind].map((p) => `{${p}}`).join(', ')}`);
  }
  return allow({});
}

/** A message a committed event asks for (`send`, not before `sendAfter`), or one it makes moot (`cancel`). */
export type MessagePlan =
  | { action: 'send'; subject: MessageSubject; subjectId: number; kind: MessageKind; sendAfter: Date }
  | { action: 'cancel'; subject: MessageSubject; subjectId: number; kind: MessageKind };

/** The part of a public event (the outbox's `type` and `data`) the message rules read. */
export interface MessageEvent {
  type: string;
  data: { id?: unknown; start?: unknown };
}

/** Which messages a committed public event calls for. `near` is decided from the line (see `nearTickets`). */
export function messagesOnEvent(event: MessageEvent, now: Date): MessagePlan[] {
  // One array literal, pushed to (not a literal per case): every answer, empty or not, is then an array of one kind,
  // and the consumer's loop over them stays optimised (docs/PERFORMANCE.md, forty-first session).
  const plans: MessagePlan[] = [];
  const id = typeof event.data.id === 'number' ? event.data.id : null;
  if (id === null) return plans;
  switch (event.type) {
    case 'ticket.called':
      plans.push({ action: 'send', subject: 'ticket', subjectId: id, kind: 'called', sendAfter: now });
      break;
    case 'ticket.completed':
      plans.push({ action: 'send', subject: 'ticket', subjectId: id, kind: 'feedback', sendAfter: now });
      break;
    case 'appointment.booked': {
      plans.push({ action: 'send', subject: 'appointment', subjectId: id, kind: 'booked', sendAfter: now });
      const start = typeof event.data.start === 'string' ? new Date(event.data.start) : null;
      // Booked less than an hour ahead: the booking message is reminder enough.
      if (start && start.getTime() - reminderLeadMs > now.getTime()) {
        plans.push({ action: 'send', subject: 'appointment', subjectId: id, kind: 'reminder', sendAfter: new Date(start.getTime() - reminderLeadMs) });
      }
      break;
    }
    case 'appointment.cancelled':
    case 'appointment.checked_in':
    case 'appointment.missed':
      plans.push({ action: 'cancel', subject: 'appointment', subjectId: id, kind: 'reminder' });
      break;
  }
  return plans;
}

/**
 * Whether an event may have moved tickets of its centre nearer the front (then `near` is looked at again). A new
 * ticket only ever joins ahead of others or behind them, so issuing moves nobody nearer (the new ticket itself is
 * near at issue or not: `nearAtIssue`); every other ticket event may.
 */
export const movesLines = (type: string): boolean => type.startsWith('ticket.') && type !== 'ticket.issued';

/** The waiting tickets that are near: `notifyAhead` or fewer ahead of them (position 1 has none ahead). */
export function nearTickets<T extends { position: number }>(line: readonly T[], notifyAhead: number): T[] {
  return line.filter((t) => t.position - 1 <= notifyAhead);
}

/** A ticket issued already near needs no "come back" message: its holder is at the kiosk. */
export const nearAtIssue = (position: number | null, notifyAhead: number): boolean => position !== null && position - 1 <= notifyAhead;

/** A ticket's phone page may subscribe to Web Push while the ticket is waiting or called, a few browsers at most. */
export function checkPushSubscription(status: string, subscriptions: number, isNewEndpoint: boolean, max = 5): Decision {
  if (status !== 'waiting' && status !== 'called') return refuse('TICKET_NOT_ACTIVE', 'the ticket is no longer waiting or called');
  if (isNewEndpoint && subscriptions >= max) return refuse('CONFLICT', `at most ${max} push subscriptions per ticket`);
  return allow({});
}

/** Phone numbers of visits that ended before this moment are erased. */
export const phoneRetentionCutoff = (now: Date, days: number): Date => new Date(now.getTime() - days * 86_400_000);
