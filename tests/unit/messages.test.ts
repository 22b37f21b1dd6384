import { describe, expect, it } from 'vitest';
import { messageKindSchema, messagePlaceholders, pushSubscriptionBodySchema } from '@navbat/shared';
import {
  checkPushSubscription,
  checkTemplate,
  defaultTemplates,
  messagesOnEvent,
  movesLines,
  nearAtIssue,
  nearTickets,
  phoneRetentionCutoff,
  renderTemplate,
  unknownPlaceholders,
} from '../../server/src/domain/messages';

const now = new Date('2026-11-24T05:00:00.000Z');

describe('message templates', () => {
  it('every built-in template, in English and Urdu, uses only its kind’s placeholders', () => {
    for (const kind of messageKindSchema.options) {
      for (const language of ['en', 'ur'] as const) {
        expect(unknownPlaceholders(kind, defaultTemplates[kind][language]), `${kind}/${language}`).toEqual([]);
        expect(defaultTemplates[kind][language]).toContain('{code}');
      }
    }
    expect(defaultTemplates.called.ur).toMatch(/[\u0600-\u06FF]/);
  });

  it('names unknown placeholders once each, and refuses them as a validation error', () => {
    expect(unknownPlaceholders('near', 'go to {counter} {counter} {phone} {ahead} {}')).toEqual(['counter', 'phone', '']);
    const refused = checkTemplate('called', 'Ticket {code}, {phone}');
    expect(refused).toMatchObject({ ok: false, code: 'VALIDATION_ERROR' });
    expect(!refused.ok && refused.message).toContain('{phone}');
    expect(checkTemplate('called', 'Ticket {code}: counter {counter}')).toEqual({ ok: true });
    expect(messagePlaceholders.called).toContain('counter');
    expect(messagePlaceholders.near).not.toContain('counter');
  });

  it('renders values, leaves nothing for a missing one and tidies the spaces it leaves', () => {
    expect(renderTemplate('Ticket {code} at {counter}. {link}', { code: 'A007', counter: '3', link: '' })).toBe('Ticket A007 at 3.');
    expect(renderTemplate('{code}  {service}', { code: 'BF123' })).toBe('BF123');
    expect(renderTemplate('{code}', { code: '{link}', link: 'x' })).toBe('{link}'); // values are not rendered again
  });
});

describe('which message when', () => {
  it('called and feedback from the ticket’s events; recall and the others send nothing', () => {
    expect(messagesOnEvent({ type: 'ticket.called', data: { id: 7 } }, now)).toEqual([{ action: 'send', subject: 'ticket', subjectId: 7, kind: 'called', sendAfter: now }]);
    expect(messagesOnEvent({ type: 'ticket.completed', data: { id: 7 } }, now)).toEqual([{ action: 'send', subject: 'ticket', subjectId: 7, kind: 'feedback', sendAfter: now }]);
    for (const type of ['ticket.recalled', 'ticket.issued', 'ticket.no_show', 'counter.opened']) expect(messagesOnEvent({ type, data: { id: 7 } }, now)).toEqual([]);
    expect(messagesOnEvent({ type: 'ticket.called', data: {} }, now)).toEqual([]);
  });

  it('booked at once and the reminder an hour before the slot; none when the slot is within the hour; cancelled with the appointment', () => {
    const start = '2026-11-24T09:00:00.000Z';
    expect(messagesOnEvent({ type: 'appointment.booked', data: { id: 3, start } }, now)).toEqual([
      { action: 'send', subject: 'appointment', subjectId: 3, kind: 'booked', sendAfter: now },
      { action: 'send', subject: 'appointment', subjectId: 3, kind: 'reminder', sendAfter: new Date('2026-11-24T08:00:00.000Z') },
    ]);
    expect(messagesOnEvent({ type: 'appointment.booked', data: { id: 3, start: '2026-11-24T06:00:00.000Z' } }, now).map((p) => p.kind)).toEqual(['booked']);
    for (const type of ['appointment.cancelled', 'appointment.missed', 'appointment.checked_in']) {
      expect(messagesOnEvent({ type, data: { id: 3 } }, now)).toEqual([{ action: 'cancel', subject: 'appointment', subjectId: 3, kind: 'reminder' }]);
    }
  });

  it('near at notifyAhead or fewer ahead; a ticket issued already near is not told to come back', () => {
    const line = [1, 2, 3, 4, 5].map((position) => ({ id: position * 10, position }));
    expect(nearTickets(line, 3).map((t) => t.id)).toEqual([10, 20, 30, 40]);
    expect(nearTickets(line, 1).map((t) => t.id)).toEqual([10, 20]);
    expect(nearAtIssue(2, 1)).toBe(true);
    expect(nearAtIssue(3, 1)).toBe(false);
    expect(nearAtIssue(null, 1)).toBe(false);
    expect(movesLines('ticket.called')).toBe(true);
    expect(movesLines('ticket.cancelled')).toBe(true);
    expect(movesLines('ticket.issued')).toBe(false);
    expect(movesLines('counter.paused')).toBe(false);
  });
});

describe('push subscriptions and retention', () => {
  it('may subscribe while waiting or called, a few browsers at most', () => {
    expect(checkPushSubscription('waiting', 0, true).ok).toBe(true);
    expect(checkPushSubscription('called', 4, true).ok).toBe(true);
    expect(checkPushSubscription('waiting', 5, true)).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(checkPushSubscription('waiting', 5, false).ok).toBe(true);
    expect(checkPushSubscription('done', 0, true)).toMatchObject({ ok: false, code: 'TICKET_NOT_ACTIVE' });
  });

  it('takes a browser’s subscription as toJSON() gives it, and nothing else', () => {
    const keys = { p256dh: `B${'x'.repeat(86)}`, auth: 'y'.repeat(22) };
    expect(pushSubscriptionBodySchema.safeParse({ endpoint: 'https://fcm.googleapis.com/fcm/send/abc', expirationTime: null, keys }).success).toBe(true);
    expect(pushSubscriptionBodySchema.safeParse({ endpoint: 'https://fcm.googleapis.com/fcm/send/abc', keys: { ...keys, p256dh: `A${'x'.repeat(86)}` } }).success).toBe(false);
    expect(pushSubscriptionBodySchema.safeParse({ endpoint: 'javascript:alert(1)', keys }).success).toBe(false);
  });

  it('erases numbers of visits that ended PHONE_RETENTION_DAYS ago', () => {
    expect(phoneRetentionCutoff(now, 30).toISOString()).toBe('2026-10-25T05:00:00.000Z');
  });
});
