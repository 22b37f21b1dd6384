import type { Namespace } from 'socket.io';
import type { DomainEvent } from '../services/events';
import type { Services } from '../services';
import type { DatabaseHandle } from '../db/database';
import { findTicketsByIds } from '../db/tickets.repository';
import { viewTickets } from '../services/ticket-view';
import type { Clock } from '../services/context';
import { rooms } from './rooms';
import type { TicketWatchers } from './ticket-watchers';

const statesEveryMs = 100;

interface Namespaces {
  display: Namespace;
  staff: Namespace;
}

/**
 * Turns committed domain events into socket events. Work is batched per center and done in commit
 * order: calls first (each with its own `seq`), then one fresh display state per zone.
 */
export class Broadcaster {
  private pending = new Map<string, DomainEvent[]>();
  private lastFlush = new Map<string, number>();
  private running = new Map<string, Promise<void>>();

  constructor(
    private readonly nsp: Namespaces,
    private readonly services: Services,
    private readonly database: DatabaseHandle,
    private readonly clock: Clock,
    private readonly watchers: TicketWatchers,
    private readonly onError: (error: unknown) => void,
    /** Several instances share the rooms (Redis): who listens elsewhere is unknown, so always emit. */
    private readonly clustered: boolean,
  ) {}

  /** Whether any socket of this instance is in a room named `name`, or starting with `prefix`. */
  private listening(nsp: Namespace, match: { name?: string; prefix?: string }): boolean {
    if (this.clustered) return true;
    const all = nsp.adapter.rooms;
    if (match.name !== undefined) return (all.get(match.name)?.size ?? 0) > 0;
    for (const [room, members] of all) if (members.size > 0 && room.startsWith(match.prefix ?? '')) return true;
    return false;
  }

  accept = (events: DomainEvent[]): void => {
    // Calls go out at once, in commit order, with what the command already knew; states follow.
    for (const e of events) if (e.type === 'ticket.called') this.announce(e);
    for (const e of events) {
      const list = this.pending.get(e.centerId) ?? [];
      list.push(e);
      this.pending.set(e.centerId, list);
      if (!this.running.has(e.centerId)) this.drain(e.centerId);
    }
  };

  /** Resolves when every accepted event has been broadcast (tests and shutdown wait on it). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  private drain(centerId: string): void {
    const run = (async () => {
      for (;;) {
        // States are rebuilt at most every `statesEveryMs` per center: a busy hall gets one state for
        // many changes (calls themselves went out at once in `accept`).
        const wait = statesEveryMs - (performance.now() - (this.lastFlush.get(centerId) ?? -Infinity));
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        this.lastFlush.set(centerId, performance.now());
        const batch = this.pending.get(centerId);
        if (!batch || batch.length === 0) break;
        this.pending.delete(centerId);
        try {
          await this.flush(centerId, batch);
        } catch (error) {
          this.onError(error);
        }
      }
      this.running.delete(centerId);
    })();
    this.running.set(centerId, run);
  }

  private async flush(centerId: string, batch: DomainEvent[]): Promise<void> {
    // Nothing is read for rooms nobody on this instance (or, clustered, anywhere) listens to.
    const displays = this.listening(this.nsp.display, { prefix: rooms.displaysOf(centerId) });
    const staff = this.listening(this.nsp.staff, { name: rooms.staff(centerId) });
    if (displays || staff) await this.emitRooms(centerId, batch, displays, staff);
    await this.watchers.refresh(centerId, batch);
  }

  private announce(e: Extract<DomainEvent, { type: 'ticket.called' }>): void {
    const targets = [rooms.display(e.centerId, null), ...(e.zone ? [rooms.display(e.centerId, e.zone)] : [])];
    if (this.listening(this.nsp.display, { prefix: rooms.displaysOf(e.centerId) })) this.nsp.display.to(targets).emit('ticket:called', e.announcement);
    if (this.listening(this.nsp.staff, { name: rooms.staff(e.centerId) })) this.nsp.staff.to(rooms.staff(e.centerId)).emit('ticket:called', e.announcement);
  }

  private async emitRooms(centerId: string, batch: DomainEvent[], displays: boolean, staff: boolean): Promise<void> {
    const db = this.database.db;
    const now = this.clock.now();
    const staffRoom = this.nsp.staff.to(rooms.staff(centerId));

    // One fresh state per zone when anything a display sees has changed.
    if (displays && (batch.some((e) => e.seq !== null && e.seq > 0) || batch.some((e) => e.type === 'center.changed'))) {
      for (const state of await this.services.centers.displayStates(centerId, 'all')) {
        this.nsp.display.to(rooms.display(centerId, state.zone)).emit('display:updated', state);
      }
    }

    // Staff: tickets that changed, counters that changed, and the line summary.
    if (!staff) return;
    const ticketIds = [...new Set(batch.flatMap((e) => (e.type === 'ticket.issued' || e.type === 'ticket.changed' || e.type === 'ticket.called' ? [e.ticketId] : [])))];
    if (ticketIds.length > 0) {
      const views = await viewTickets(db, await findTicketsByIds(db, ticketIds), now);
      const issued = new Set(batch.filter((e) => e.type === 'ticket.issued').map((e) => e.ticketId));
      for (const t of views) staffRoom.emit(issued.has(t.id) ? 'ticket:issued' : 'ticket:updated', { ticket: t });
    }
    const counterIds = [...new Set(batch.flatMap((e) => (e.type === 'counter.changed' ? [e.counterId] : [])))];
    for (const id of counterIds) {
      staffRoom.emit('counter:updated', { counter: await this.services.counters.get(id) });
    }
    if (batch.some((e) => e.type !== 'counter.changed' || counterIds.length > 0)) {
      staffRoom.emit('queue:updated', await this.services.centers.queueSummary(centerId));
    }
    const centerChange = batch.find((e) => e.type === 'center.changed');
    if (centerChange) {
      const center = await this.services.admin.getCenter(centerId);
      staffRoom.emit('center:updated', { centerId, tickerMessage: center.tickerMessage });
    }
  }
}
