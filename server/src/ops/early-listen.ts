import http from 'node:http';
import type { AddressInfo } from 'node:net';

type RequestHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** The options of Fastify's own HTTP server that a `serverFactory` server is given by hand. */
interface ServerTimeouts {
  keepAliveTimeout?: number;
  requestTimeout?: number;
  connectionTimeout?: number;
  maxRequestsPerSocket?: number;
}

/** A port bound before the app exists: what arrives meanwhile waits, and is answered once the app listens. */
export interface EarlyServer {
  readonly server: http.Server;
  /** Where it is bound (the port the system chose, for PORT=0). */
  readonly address: AddressInfo;
  /**
   * Fastify's `serverFactory`: the app answers on this server. Its `listen` (the port is bound already)
   * reports listening at once, and then the requests and WebSocket upgrades that waited go to the app, in
   * the order they came.
   */
  serverFactory(handler: RequestHandler, options: ServerTimeouts): http.Server;
}

/**
 * Binds the port first thing in a start, before the modules and the app are loaded (about a second).
 * Displays, consoles and kiosks reconnecting after a restart find the port open: their connection waits and
 * is answered the moment the app is ready, instead of being refused and tried again after a back-off
 * (the display app's grows to 5 s), and a kiosk's ticket taken meanwhile is issued, not an error.
 * `HOST=localhost` binds the first address it resolves to, as Node's own listen does.
 */
export async function listenEarly(port: number, host: string): Promise<EarlyServer> {
  const server = http.createServer();
  // Until the app listens, requests and upgrades are kept, not emitted: Fastify and Socket.IO attach their
  // listeners while the app is built, and must not answer before it is ready.
  const waiting: [event: 'request' | 'upgrade', args: unknown[]][] = [];
  server.emit = function hold(this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event !== 'request' && event !== 'upgrade') return Reflect.apply(http.Server.prototype.emit, this, [event, ...args]) as boolean;
    waiting.push([event, args]);
    return true;
  };
  // Node treats a WebSocket handshake as a plain request unless something listens for upgrades.
  const upgradeWaits = () => {};
  server.on('upgrade', upgradeWaits);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;

  const release = () => {
    Reflect.deleteProperty(server, 'emit');
    server.off('upgrade', upgradeWaits);
    for (const [event, args] of waiting.splice(0)) server.emit(event, ...args);
  };

  return {
    server,
    address,
    serverFactory(handler, options) {
      server.on('request', handler);
      // What Fastify sets on a server it creates itself.
      if (options.keepAliveTimeout !== undefined) server.keepAliveTimeout = options.keepAliveTimeout;
      if (options.requestTimeout !== undefined) server.requestTimeout = options.requestTimeout;
      if (options.connectionTimeout !== undefined) server.setTimeout(options.connectionTimeout);
      if (options.maxRequestsPerSocket && options.maxRequestsPerSocket > 0) server.maxRequestsPerSocket = options.maxRequestsPerSocket;
      // Fastify's listen calls this once the app is ready, and counts it listening on 'listening'.
      server.listen = (() => {
        process.nextTick(() => {
          server.emit('listening');
          release();
        });
        return server;
      }) as typeof server.listen;
      return server;
    },
  };
}
