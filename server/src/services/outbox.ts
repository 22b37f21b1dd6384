import type { WebhookEventType } from '@navbat/shared';
import type { Executor } from '../db/database';
import { insertOutboxEvents, type NewOutboxEvent } from '../db/outbox.repository';
import type { TicketCommand } from '../domain/ticket-life';
import type { CounterShift, DomainEvent } from './events';

// Not a service module: the commands call `recordOutbox` inside their transaction, so an event is in the
// outbox exactly when the command committed (on SQLite, inside the command's savepoint of a group commit).

/** The public event each ticket command is (null: not a public event). A new command gets its line here. */
const ticketEventTypes: Record<TicketCommand, WebhookEventType | null> = {
  call: 'ticket.called',
  recall: 'ticket.recalled',
  start: 'ticket.started',
  complete: 'ticket.completed',
  'no-show': 'ticket.no_show',
  transfer: 'ticket.transferred',
  cancel: 'ticket.cancelled',
  expire: 'ticket.expired',
  feedback: null,
  move: 'ticket.moved',
  pay: 'ticket.paid',
  psid: null,
  arrive: 'ticket.arrived',
  hold: 'ticket.held',
  release: 'ticket.released',
  reassign: 'ticket.transferred',
  reopen: 'ticket.reopened',
};

const counterEventTypes: Record<CounterShift, WebhookEventType> = { opened: 'counter.opened', paused: 'counter.paused', closed: 'counter.closed' };

const missingView = (type: string) => new Error(`${type} event without its public view: the outbox cannot record it`);

/** The public events (type, data) that committed domain events stand for, in order. */
export function outboxEventsOf(events: readonly DomainEvent[], occurredAt: string): NewOutboxEvent[] {
  const out: NewOutboxEvent[] = [];
  const ticketEvent = (type: WebhookEventType | null, centerId: string, ticket: { id: number } | undefined) => {
    if (type === null) return;
    if (!ticket) throw missingView(type);
    out.push({ type, centerId, ticketId: ticket.id, data: JSON.stringify(ticket), occurredAt });
  };
  for (const e of events) {
    switch (e.type) {
      case 'ticket.issued':
        ticketEvent('ticket.issued', e.centerId, e.ticket);
        break;
      case 'ticket.called':
        ticketEvent(ticketEventTypes[e.recall ? 'recall' : 'call'], e.centerId, e.ticket);
        break;
      case 'ticket.changed':
        ticketEvent(ticketEventTypes[e.command], e.centerId, e.ticket);
        break;
      case 'tickets.expired':
        if (!e.tickets) throw missingView('ticket.expired');
        for (const ticket of e.tickets) ticketEvent(ticketEventTypes.expire, e.centerId, ticket);
        break;
      case 'counter.changed': {
        const type = e.shift ? counterEventTypes[e.shift] : e.servicesChanged ? 'counter.services_changed' : null;
        if (type === null) break;
        if (!e.counter) throw missingView(type);
        out.push({ type, centerId: e.centerId, ticketId: null, data: JSON.stringify(e.counter), occurredAt });
        break;
      }
      case 'center.changed':
        break;
      case 'appointment.changed':
        out.push({ type: `appointment.${e.change}`, centerId: e.centerId, ticketId: null, data: JSON.stringify(e.appointment), occurredAt });
        break;
    }
  }
  return out;
}

/** Writes the public events of a command's domain events into the outbox, in the command's transaction. */
export function recordOutbox(trx: Executor, events: readonly DomainEvent[], now: Date): Promise<void> {
  return insertOutboxEvents(trx, outboxEventsOf(events, now.toISOString()));
}
