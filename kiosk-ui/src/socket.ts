import { io, type Socket } from 'socket.io-client';
import { socketTransports, type DisplayClientEvents, type DisplayServerEvents, type TicketClientEvents, type TicketServerEvents } from '@navbat/shared';

export type TicketSocket = Socket<TicketServerEvents, TicketClientEvents>;

/** A socket on the public /ticket namespace following one ticket; it reconnects by itself. */
export function connectTicketSocket(publicId: string): TicketSocket {
  return io('/ticket', {
    ...socketTransports(),
    auth: { publicId },
    // Cheap phones on flaky 3G: keep retrying, but not too eagerly.
    reconnectionDelay: 1000,
    reconnectionDelayMax: 10_000,
  });
}

export type DisplaySocket = Socket<DisplayServerEvents, DisplayClientEvents>;

/** A socket on the public /display namespace of a center: the kiosk listens to it to refresh waiting counts. */
export function connectDisplaySocket(centerId: string): DisplaySocket {
  return io('/display', { ...socketTransports(), auth: { centerId }, reconnectionDelayMax: 10_000 });
}
