import { Counter, Histogram, type Registry } from 'prom-client';
import type { Ticket } from '@navbat/shared';
import type { DomainEvent } from '../services/events';

/** A ticket's service code: the letters of its code (`BF012` → `BF`), the per-centre prefix of its service. */
export const serviceCode = (ticket: Pick<Ticket, 'code'>): string => ticket.code.replace(/\d+$/, '');

const seconds = (from: string, to: string) => Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000);

/**
 * Ticket counters and wait/service-time histograms, fed from committed DomainEvents. Labels are the centre
 * and the service code (bounded: a centre has a few dozen services); times come from the ticket views the
 * events carry, so they follow the app's clock.
 */
export function ticketMetrics(registry: Registry): (events: DomainEvent[]) => void {
  const registers = [registry];
  const labelNames = ['center', 'service'] as const;
  const issued = new Counter({ name: 'navbat_tickets_issued_total', help: 'Tickets issued', labelNames, registers });
  const called = new Counter({ name: 'navbat_tickets_called_total', help: 'Ticket calls; recall="true" counts announcements again', labelNames: [...labelNames, 'recall'], registers });
  const served = new Counter({ name: 'navbat_tickets_served_total', help: 'Tickets completed at a counter', labelNames, registers });
  const ended = new Counter({ name: 'navbat_tickets_ended_total', help: 'Tickets that left without service, by how (no-show, cancel, expire)', labelNames: ['center', 'how'], registers });
  const histogram = (name: string, help: string, buckets: number[]) => new Histogram({ name, help, labelNames, buckets, registers });
  const wait = histogram(
    'navbat_ticket_wait_seconds',
    'Time from issue to call, observed at the first call of each service (a transferred ticket counts again from issue)',
    [60, 120, 300, 600, 900, 1200, 1800, 2700, 3600, 5400, 7200],
  );
  const service = histogram('navbat_ticket_service_seconds', 'Time at the counter, from start (or call, when never started) to completion', [30, 60, 120, 180, 300, 450, 600, 900, 1200, 1800, 3600]);

  return (events) => {
    for (const e of events) {
      if (e.type === 'tickets.expired') ended.inc({ center: e.centerId, how: 'expire' }, e.ticketIds.length);
      if (e.type !== 'ticket.issued' && e.type !== 'ticket.called' && e.type !== 'ticket.changed') continue;
      const ticket = e.ticket;
      const labels = { center: e.centerId, service: ticket ? serviceCode(ticket) : 'unknown' };
      if (e.type === 'ticket.issued') issued.inc(labels);
      if (e.type === 'ticket.called') {
        called.inc({ ...labels, recall: String(e.recall) });
        if (!e.recall && ticket?.calledAt) wait.observe(labels, seconds(ticket.issuedAt, ticket.calledAt));
      }
      if (e.type !== 'ticket.changed') continue;
      if (e.command === 'complete') {
        served.inc(labels);
        const from = ticket?.startedAt ?? ticket?.calledAt;
        if (from && ticket?.finishedAt) service.observe(labels, seconds(from, ticket.finishedAt));
      }
      if (e.command === 'no-show' || e.command === 'cancel') ended.inc({ center: e.centerId, how: e.command });
    }
  };
}
