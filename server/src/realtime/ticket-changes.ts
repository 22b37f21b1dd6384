import type { Ticket } from '@navbat/shared';
import type { DomainEvent } from '../services/events';

/** What a batch of one center's committed events did to its tickets, as the broadcaster and the watchers need it. */
export interface TicketChanges {
  /**
   * The tickets commands changed, in the order first seen: whether one was issued in this batch, and the view
   * its last command built at commit, kept only while nothing later in the batch can have moved it.
   */
  changed: Map<number, { issued: boolean; view: Ticket | undefined }>;
  /** Tickets expired in bulk (their events carry no view). */
  expired: Set<number>;
  /** Whether a waiting ticket of this service may have a new position or estimate. */
  lineMoved(serviceId: number): boolean;
}

/** Reads a batch (commit order) once, so nobody rebuilds a view a command already built. */
export function ticketChanges(events: readonly DomainEvent[]): TicketChanges {
  const changed = new Map<number, { issued: boolean; view: Ticket | undefined }>();
  const expired = new Set<number>();
  const movedServices = new Set<number>();
  let everyLineMoved = false;

  // A view built at one commit is out of date once a later commit moves its line or renames its counter.
  const outdate = (stale: (view: Ticket) => boolean) => {
    for (const entry of changed.values()) if (entry.view && stale(entry.view)) entry.view = undefined;
  };
  const moveLines = (serviceIds: readonly number[]) => {
    for (const s of serviceIds) movedServices.add(s);
    outdate((v) => v.status === 'waiting' && serviceIds.includes(v.serviceId));
  };

  for (const e of events) {
    if (e.type === 'ticket.issued' || e.type === 'ticket.changed' || e.type === 'ticket.called') {
      moveLines(e.type === 'ticket.changed' ? e.serviceIds : [e.serviceId]);
      // A ticket changed twice keeps its first place (a Map keeps the order of first insertion).
      changed.set(e.ticketId, { issued: e.type === 'ticket.issued' || changed.get(e.ticketId)?.issued === true, view: e.ticket });
    } else if (e.type === 'tickets.expired') {
      for (const id of e.ticketIds) expired.add(id);
      moveLines(e.serviceIds);
      outdate((v) => e.ticketIds.includes(v.id));
    } else if (e.type === 'counter.changed') {
      // Opening, pausing or renaming a counter changes every waiting estimate, and the name a called ticket shows.
      everyLineMoved = true;
      outdate((v) => v.status === 'waiting' || v.counterId === e.counterId);
    }
  }
  return { changed, expired, lineMoved: (serviceId) => everyLineMoved || movedServices.has(serviceId) };
}
