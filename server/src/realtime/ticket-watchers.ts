import type { Namespace } from 'socket.io';
import type { PublicBroadcast, Ticket } from '@navbat/shared';
import { applicableBroadcast } from '../domain/broadcasts';
import type { DomainEvent } from '../services/events';
import type { Services } from '../services';
import { rooms } from './rooms';
import { ticketChanges } from './ticket-changes';

/** What a phone is attached to, as the services answer it. */
export type Watched = Omit<NonNullable<Awaited<ReturnType<Services['live']['watchedTicket']>>>, 'publicId'>;

/**
 * The tickets followed by phones connected to this server instance. After a change, each instance
 * refreshes its own watchers (a call moves everyone behind it up the line).
 */
export class TicketWatchers {
  private watched = new Map<string, Watched>();
  private counts = new Map<string, number>();

  constructor(
    private readonly nsp: Namespace,
    private readonly live: Services['live'],
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

  /** Tells each waiting phone of the centre the broadcast that applies to its ticket now (null: none). */
  private tellBroadcast(centerId: string, shown: readonly PublicBroadcast[]): void {
    for (const [publicId, w] of this.watched) {
      if (w.centerId !== centerId || w.status !== 'waiting') continue;
      this.nsp.local.to(rooms.ticket(publicId)).emit('broadcast:updated', { broadcast: applicableBroadcast(shown, w.serviceId, null) });
    }
  }

  get size(): number {
    return this.watched.size;
  }

  /**
   * Tells the phones of one center's tickets what a batch of its events did to them: a changed ticket gets the
   * view its command built; the others whose line may have moved are read again, all in one batch.
   */
  async refresh(centerId: string, events: readonly DomainEvent[]): Promise<void> {
    if (this.watched.size === 0) return;
    const broadcast = events.findLast((e) => e.type === 'broadcast.changed');
    if (broadcast) this.tellBroadcast(centerId, broadcast.broadcasts);
    const changes = ticketChanges(events);
    const built: Ticket[] = [];
    const reread: number[] = [];
    for (const w of this.watched.values()) {
      if (w.centerId !== centerId) continue;
      const change = changes.changed.get(w.ticketId);
      if (change?.view) built.push(change.view);
      else if (change || changes.expired.has(w.ticketId) || (w.status === 'waiting' && changes.lineMoved(w.serviceId))) reread.push(w.ticketId);
    }
    if (built.length === 0 && reread.length === 0) return;
    for (const ticket of [...built, ...(await this.live.ticketViews(reread))]) {
      const w = this.watched.get(ticket.publicId);
      if (w) Object.assign(w, { serviceId: ticket.serviceId, status: ticket.status });
      this.nsp.local.to(rooms.ticket(ticket.publicId)).emit('ticket:updated', { ticket });
    }
  }
}
