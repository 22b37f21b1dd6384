import { io, type Socket } from 'socket.io-client';
import { displayReconnection, socketTransports, type DisplayClientEvents, type DisplayServerEvents } from '@navbat/shared';

export type DisplaySocket = Socket<DisplayServerEvents, DisplayClientEvents>;

/**
 * The `/display` namespace of the server this page came from. It reconnects by itself forever,
 * quickly at first (a server restart) and then every few seconds (a long network drop).
 */
export function connectDisplaySocket(centerId: string, zone: string | null): DisplaySocket {
  return io('/display', {
    ...socketTransports(),
    auth: zone ? { centerId, zone } : { centerId },
    reconnection: true,
    reconnectionAttempts: Infinity,
    ...displayReconnection,
    timeout: 8_000,
  });
}
