import { io, type Socket } from 'socket.io-client';
import { socketTransports, type StaffClientEvents, type StaffServerEvents } from '@navbat/shared';
import { markSessionExpired } from './session-store';

export type StaffSocket = Socket<StaffServerEvents, StaffClientEvents>;

/**
 * A socket.io client on `/staff` for one center (the session cookie authenticates it). It reconnects by
 * itself, also after a refused handshake (server still starting); a refused session ends the session.
 * Listen to `connect` to resync a snapshot, since events missed while away are not replayed.
 */
export function connectStaff(centerId: string): StaffSocket {
  const socket: StaffSocket = io('/staff', {
    ...socketTransports(),
    auth: { centerId },
    withCredentials: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 4000,
  });
  let retry: ReturnType<typeof setTimeout> | undefined;
  socket.on('connect_error', (error) => {
    const code = (error as Error & { data?: { code?: string } }).data?.code;
    if (code === 'UNAUTHENTICATED') {
      markSessionExpired();
      return;
    }
    // A middleware refusal stops socket.io's own retries; keep trying while the screen is up.
    if (!socket.active) {
      clearTimeout(retry);
      retry = setTimeout(() => socket.connect(), 2000);
    }
  });
  const disconnect = socket.disconnect.bind(socket);
  socket.disconnect = () => {
    clearTimeout(retry);
    return disconnect();
  };
  return socket;
}
