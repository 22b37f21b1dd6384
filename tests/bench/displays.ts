import { io, type Socket } from 'socket.io-client';
import { socketTransports } from '@navbat/shared';

/**
 * Opens `count` Socket.IO clients to `url` + namespace, in batches, and resolves when all are connected. They connect
 * as the apps do (`socketTransports`: a WebSocket first) unless `options` says otherwise.
 */
export async function connectMany(url: string, count: number, auth: Record<string, unknown> | null, options: Record<string, unknown> = {}): Promise<Socket[]> {
  const sockets: Socket[] = [];
  const batch = 100;
  for (let i = 0; i < count; i += batch) {
    const group = Array.from({ length: Math.min(batch, count - i) }, () => {
      const s = io(url, { ...socketTransports(), forceNew: true, ...(auth ? { auth } : {}), ...options });
      sockets.push(s);
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('socket did not connect')), 30_000);
        s.once('connect', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    });
    await Promise.all(group);
  }
  return sockets;
}

export function closeAll(sockets: Socket[]): void {
  for (const s of sockets) s.close();
}
