import { createClient } from 'redis';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Server } from 'socket.io';

/** Redis for fan-out across server instances: the Streams adapter (with connection state recovery). */
export async function configureScaleOut(redisUrl: string) {
  const client = createClient({ url: redisUrl, socket: { reconnectStrategy: (retries) => Math.min(retries * 200, 3000) } });
  // A Redis outage must not crash the server; /readyz reports it and the client reconnects.
  client.on('error', () => {});
  await client.connect();
  return {
    configureAdapter: async (io: Server) => {
      io.adapter(createAdapter(client));
    },
    ping: async () => {
      if (!client.isReady) throw new Error('redis is not connected');
      await client.ping();
    },
    close: async () => {
      await client.quit().catch(() => {});
    },
  };
}
