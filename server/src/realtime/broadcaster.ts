import type { Namespace } from 'socket.io';
import { displayStateEveryMs } from '@navbat/shared';
import type { DomainEvent } from '../services/events';
import type { Services } from '../services';
import { keepsSessions } from './recovery';
import { rooms } from './rooms';
import { ticketChanges } from './ticket-changes';
import type { TicketWatchers } from './ticket-watchers';

/**
 * Display states per center: a burst of `stateBurst` at once (a quiet hall's complete-then-call shows at once),
 * then at most one every `displayStateEveryMs`; calls go out at once regardless, carrying what the board needs. A state
 * is ~2–5 KB to every display of the centre: one every 100 ms kept a thousand displays' sockets busy with states
 * most of the time in a busy hall, and a call queued behind one (figure 2 of `npm run bench`, p99 against the raw
 * broadcast: 2.3× at 100 ms; 1.25–1.32× at 500 ms with a burst of 3; 0.93–0.94× at 1 s with a burst of 2).
 */
const stateBurst = 2;

interface Namespaces {
  display: Namespace;
  staff: Namespace;
}

/**
 * Turns committed domain events into socket events. Work is batched per center and done in commit order: calls
 * first (each with its own `seq`), then one fresh display state per zone.
 *
 * With several instances (Redis), each accepts the events of all of them (`socket.plugin.ts` forwards them) and
 * serves its own sockets from them: a room's states and summaries are read by the instances its sockets are on, not
 * by every instance that commits, for rooms nobody may listen to. Calls are the exception: the instance that
 * committed one announces it to every instance's sockets through the adapter (it carries what the command knew, so
 * nothing is read), where connection state recovery keeps it for a display that drops for a moment.
 */
export class Broadcaster {
  private pending = new Map<string, DomainEvent[]>();
  /** Per center, the states it may send now (a token bucket refilled one per `displayStateEveryMs`, up to `stateBurst`). */
  private stateTokens = new Map<string, { tokens: number; at: number }>();
  /** Per center, the state waiting for the budget: `done` once sent, `sendNow` ends the wait. */
  private stateJobs = new Map<string, { done: Promise<void>; sendNow: () => void }>();
  private running = new Map<string, Promise<void>>();

  constructor(
    private readonly nsp: Namespaces,
    private readonly services: Services,
    private readonly watchers: TicketWatchers,
    private readonly onError: (error: unknown) => void,
    /** Several instances share the rooms (Redis): calls are announced to all of them, as who listens elsewhere is unknown. */
    private readonly clustered: boolean,
  ) {}

  /**
   * Whether any socket of this instance is in a room named `name`, or starting with `prefix`, or was and may come
   * back for what it missed (connection state recovery, `recovery.ts`). Only this instance's sockets count: each
   * instance serves its own from every instance's events (`accept`).
   */
  private listening(nsp: Namespace, match: { name?: string; prefix?: string }): boolean {
    const inRoom = (room: string) => (match.name !== undefined ? room === match.name : room.startsWith(match.prefix ?? ''));
    for (const [room, members] of nsp.adapter.rooms) if (members.size > 0 && inRoom(room)) return true;
    return keepsSessions(nsp.adapter) && nsp.adapter.keepsRoom(inRoom);
  }

  /** Takes committed events: this instance's (`from` 'here'), or another instance's, whose calls it has announced already. */
  accept = (events: DomainEvent[], from: 'here' | 'elsewhere' = 'here'): void => {
    // Calls go out at once, in commit order, with what the command already knew; states follow.
    if (from === 'here') for (const e of events) if (e.type === 'ticket.called') this.announce(e);
    for (const e of events) {
      const list = this.pending.get(e.centerId) ?? [];
      list.push(e);
      this.pending.set(e.centerId, list);
      if (!this.running.has(e.centerId)) this.drain(e.centerId);
    }
  };

  /**
   * Resolves when every accepted event has been broadcast (tests and shutdown wait on it). `hurry` sends the
   * states that wait for the budget now (shutdown: the displays are about to reconnect elsewhere, no state
   * should hold the stop for up to a second).
   */
  async idle(opts: { hurry?: boolean } = {}): Promise<void> {
    while (this.running.size > 0 || this.stateJobs.size > 0) {
      if (opts.hurry) for (const job of this.stateJobs.values()) job.sendNow();
      await Promise.all([...this.running.values(), ...[...this.stateJobs.values()].map((job) => job.done)]);
    }
  }

  /** A center's state tokens, refilled up to now. */
  private stateBudget(centerId: string): { tokens: number; at: number } {
    const now = performance.now();
    const budget = this.stateTokens.get(centerId) ?? { tokens: stateBurst, at: now };
    budget.tokens = Math.min(stateBurst, budget.tokens + (now - budget.at) / displayStateEveryMs);
    budget.at = now;
    this.stateTokens.set(centerId, budget);
    return budget;
  }

  /**
   * Sends every zone of a center a fresh display state, as soon as the center's state budget allows: a busy
   * hall gets one state for many changes. A job already waiting will read the newest state, so none is added.
   */
  private scheduleStates(centerId: string): void {
    if (this.stateJobs.has(centerId)) return;
    const wait = (1 - this.stateBudget(centerId).tokens) * displayStateEveryMs;
    let sendNow = () => {};
    // Always a timer, even of 0 ms, so the job is registered before it removes itself.
    const waited = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.max(0, wait));
      sendNow = () => (clearTimeout(timer), resolve());
    });
    const done = (async () => {
      await waited;
      this.stateJobs.delete(centerId);
      this.stateBudget(centerId).tokens -= 1;
      try {
        for (const state of await this.services.centers.displayStates(centerId, 'all')) {
          this.nsp.display.local.to(rooms.display(centerId, state.zone)).emit('display:updated', state);
        }
      } catch (error) {
        this.onError(error);
      }
    })();
    this.stateJobs.set(centerId, { done, sendNow });
  }

  private drain(centerId: string): void {
    const run = (async () => {
      for (;;) {
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
    // Nothing is read for rooms nobody on this instance listens to.
    const displays = this.listening(this.nsp.display, { prefix: rooms.displaysOf(centerId) });
    const staff = this.listening(this.nsp.staff, { name: rooms.staff(centerId) });
    if (displays || staff) await this.emitRooms(centerId, batch, displays, staff);
    await this.watchers.refresh(centerId, batch);
  }

  private announce(e: Extract<DomainEvent, { type: 'ticket.called' }>): void {
    const targets = [rooms.display(e.centerId, null), ...(e.zone ? [rooms.display(e.centerId, e.zone)] : [])];
    if (this.clustered || this.listening(this.nsp.display, { prefix: rooms.displaysOf(e.centerId) })) this.nsp.display.to(targets).emit('ticket:called', e.announcement);
    if (this.clustered || this.listening(this.nsp.staff, { name: rooms.staff(e.centerId) })) this.nsp.staff.to(rooms.staff(e.centerId)).emit('ticket:called', e.announcement);
  }

  private async emitRooms(centerId: string, batch: DomainEvent[], displays: boolean, staff: boolean): Promise<void> {
    const staffRoom = this.nsp.staff.local.to(rooms.staff(centerId));

    // One fresh state per zone when anything a display sees has changed.
    if (displays && (batch.some((e) => e.seq !== null && e.seq > 0) || batch.some((e) => e.type === 'center.changed'))) {
      this.scheduleStates(centerId);
    }

    // Staff: tickets that changed, counters that changed, and the line summary.
    if (!staff) return;
    // Each changed ticket goes out as its command built it; only views missing or overtaken in the batch are read.
    const { changed } = ticketChanges(batch);
    const missing = [...changed].filter(([, c]) => !c.view).map(([id]) => id);
    const read = new Map((await this.services.live.ticketViews(missing)).map((t) => [t.id, t]));
    for (const [id, c] of changed) {
      const ticket = c.view ?? read.get(id);
      if (ticket) staffRoom.emit(c.issued ? 'ticket:issued' : 'ticket:updated', { ticket });
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
