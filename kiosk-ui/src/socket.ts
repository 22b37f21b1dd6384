import { io, type Socket } from 'socket.io-client';
import type { TicketClientEvents, TicketServerEvents } from '@navbat/shared';

export type TicketSocket = Socket<TicketServerEvents, TicketClientEvents>;

/** A socket on the public /ticket namespace following one ticket; it reconnects by itself. */
export function connectTicketSocket(publicId: string): TicketSocket {
  return io('/ticket', {
    auth: { publicId },
    // Cheap phones on flaky 3G: keep retrying, but not too eagerly.
    reconnectionDelay: 1000,
    reconnectionDelayMax: 10_000,
  });
}
