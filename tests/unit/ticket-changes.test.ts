import { describe, expect, it } from 'vitest';
import type { Ticket } from '@navbat/shared';
import type { DomainEvent } from '../../server/src/services/events';
import { ticketChanges } from '../../server/src/realtime/ticket-changes';

const view = (id: number, fields: Partial<Ticket> = {}): Ticket => ({
  id,
  publicId: `public-${id}`,
  centerId: 'c',
  serviceId: 1,
  code: `A${id}`,
  number: id,
  status: 'waiting',
  priority: 'none',
  channel: 'kiosk',
  language: 'en',
  position: 1,
  estimatedWaitSeconds: 60,
  estimatedWaitRange: { low: 30, high: 120 },
  issuedAt: '2026-11-24T05:00:00.000Z',
  calledAt: null,
  startedAt: null,
  finishedAt: null,
  counterId: null,
  counterName: null,
  outcome: null,
  rated: false,
  journey: null,
  payment: null,
  awaitingPayment: false,
  arrived: true,
  heldUntil: null,
  appointmentAt: null,
  comeNow: false,
  ...fields,
});
const issued = (id: number, serviceId = 1, ticket: Ticket | null = view(id, { serviceId })): DomainEvent => ({ type: 'ticket.issued', centerId: 'c', ticketId: id, serviceId, seq: id, ...(ticket ? { ticket } : {}) });
const called = (id: number, serviceId = 1): DomainEvent => ({
  type: 'ticket.called',
  centerId: 'c',
  ticketId: id,
  counterId: 7,
  serviceId,
  recall: false,
  seq: 100 + id,
  announcement: { seq: 100 + id, centerId: 'c', ticketCode: `A${id}`, counterId: 7, counterName: '7', serviceId, calledAt: '2026-11-24T05:00:00.000Z', recall: false },
  zone: null,
  ticket: view(id, { serviceId, status: 'called', position: null, estimatedWaitSeconds: null, estimatedWaitRange: null, counterId: 7, counterName: '7' }),
});

describe('ticketChanges', () => {
  it('keeps the view each ticket’s last command built, in the order the tickets were first changed', () => {
    const changes = ticketChanges([issued(1, 1), issued(2, 2), called(1)]);
    expect([...changes.changed.keys()]).toEqual([1, 2]);
    expect(changes.changed.get(1)).toEqual({ issued: true, view: expect.objectContaining({ status: 'called' }) });
    expect(changes.changed.get(2)).toEqual({ issued: true, view: view(2, { serviceId: 2 }) });
  });

  it('drops a waiting view a later command in the batch moved, and keeps the others', () => {
    // 2 waits in service 1 when 3 is called from it: its position may have moved. 4 waits in service 2.
    const changes = ticketChanges([issued(2, 1), issued(4, 2), called(3, 1)]);
    expect(changes.changed.get(2)?.view).toBeUndefined();
    expect(changes.changed.get(4)?.view).toEqual(view(4, { serviceId: 2 }));
    expect(changes.changed.get(3)?.view?.status).toBe('called');
    expect(changes.lineMoved(1)).toBe(true);
    expect(changes.lineMoved(2)).toBe(true);
    expect(changes.lineMoved(3)).toBe(false);
  });

  it('an event without a view leaves the ticket to be read', () => {
    const changes = ticketChanges([issued(1, 1, null)]);
    expect(changes.changed.get(1)).toEqual({ issued: true, view: undefined });
  });

  it('expiries and counter changes outdate what they touch', () => {
    const expiry = ticketChanges([issued(1), { type: 'tickets.expired', centerId: 'c', ticketIds: [1], serviceIds: [1], seq: 9 }]);
    expect(expiry.changed.get(1)?.view).toBeUndefined();
    expect([...expiry.expired]).toEqual([1]);

    // A counter change moves every waiting estimate and renames what a ticket at that counter shows.
    const counter = ticketChanges([called(5, 3), issued(6, 4), { type: 'counter.changed', centerId: 'c', counterId: 7, seq: null }]);
    expect(counter.changed.get(5)?.view).toBeUndefined();
    expect(counter.changed.get(6)?.view).toBeUndefined();
    expect(counter.lineMoved(99)).toBe(true);
    const other = ticketChanges([called(5, 3), { type: 'counter.changed', centerId: 'c', counterId: 8, seq: null }]);
    expect(other.changed.get(5)?.view?.status).toBe('called');
  });
});
