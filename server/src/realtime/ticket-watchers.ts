import type { Namespace } from 'socket.io';
import type { DatabaseHandle } from '../db/database';
import type { DomainEvent } from '../services/events';
import type { Clock } from '../services/context';
import { findTicketByPublicId } from '../db/tickets.repository';
import { viewTickets } from '../services/views/ticket.view';
import { rooms } from './rooms';

interface Watched {
  centerId: string;
  serviceId: number;
  ticketId: number;
  status: string;
}

/**
 * The tickets followed by phones connected to this server instance. After a change, each instance
 * refreshes its own watchers (a call moves everyone behind it up the line).
 */
export class TicketWatchers {
  private watched = new Map<string, Watched>();
  private counts = new Map<string, number>();

  constructor(
    private readonly nsp: Namespace,
    private readonly database: DatabaseHandle,
    private readonly clock: Clock,
  ) {}

  add(publicId: string, w: Watched): void {
    this.watched.set(publicId, w);
    this.counts.set(publicId, (this.counts.get(publicId) ?? 0) + 1);
  }

  remove(publicId: string): void {
    const n = (this.counts.get(publicId) ?? 1) - 1;
    if (n <= 0) {
      this.counts.delete(publicId);
      this.watched.delete(publicId);
    } else this.counts.set(publicId, n);
  }

  get size(): number {
    return this.watched.size;
  }

  async refresh(centerId: string, events: DomainEvent[]): Promise<void> {
    if (this.watched.size === 0) return;
    const ticketIds = new Set<number>();
    const serviceIds = new Set<number>();
    for (const e of events) {
      if (e.type === 'ticket.issued') serviceIds.add(e.serviceId);
      if (e.type === 'ticket.called') {
        ticketIds.add(e.ticketId);
        serviceIds.add(e.serviceId);
      }
      if (e.type === 'ticket.changed') {
        ticketIds.add(e.ticketId);
        for (const s of e.serviceIds) serviceIds.add(s);
      }
      if (e.type === 'tickets.expired') {
        for (const t of e.ticketIds) ticketIds.add(t);
        for (const s of e.serviceIds) serviceIds.add(s);
      }
      if (e.type === 'counter.changed') {
        // Opening or pausing a counter changes the estimates of everyone waiting.
        for (const w of this.watched.values()) if (w.centerId === centerId && w.status === 'waiting') serviceIds.add(w.serviceId);
      }
    }
    const affected = [...this.watched.entries()].filter(
      ([, w]) => w.centerId === centerId && (ticketIds.has(w.ticketId) || (w.status === 'waiting' && serviceIds.has(w.serviceId))),
    );
    if (affected.length === 0) return;
    const rows = [];
    for (const [publicId] of affected) {
      const row = await findTicketByPublicId(this.database.db, publicId);
      if (row) rows.push(row);
    }
    for (const ticket of await viewTickets(this.database.db, rows, this.clock.now())) {
      const w = this.watched.get(ticket.publicId);
      if (w) Object.assign(w, { serviceId: ticket.serviceId, status: ticket.status });
      this.nsp.local.to(rooms.ticket(ticket.publicId)).emit('ticket:updated', { ticket });
    }
  }
}
