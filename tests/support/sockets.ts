import type { FastifyInstance } from 'fastify';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll } from 'vitest';

/**
 * For a describe block: makes the app listen on a free port before its tests (sockets need a real server)
 * and closes every socket they `track` after them. Read `url` inside a test.
 */
export function listenForSockets(app: () => FastifyInstance): { readonly url: string; track(socket: Socket): Socket } {
  let url = '';
  const open: Socket[] = [];
  beforeAll(async () => {
    await app().listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app().server.address() as { port: number }).port}`;
  });
  afterAll(() => {
    for (const s of open) s.close();
  });
  return {
    get url() {
      return url;
    },
    track(socket) {
      open.push(socket);
      return socket;
    },
  };
}

/** A socket.io client that records every event it receives. */
export interface RecordingSocket {
  socket: Socket;
  events: { name: string; payload: any }[];
  /** Resolves with the payload of the next (or an already received unseen) event of that name. */
  next(name: string, timeoutMs?: number): Promise<any>;
  /** Resolves with the first payload of that name (already received or coming) that satisfies `match`. */
  until(name: string, match: (payload: any) => boolean, timeoutMs?: number): Promise<any>;
  close(): void;
}

/** Records every event `socket` receives from now on, so a test can wait for one whether it came already or not. */
export function recordEvents(socket: Socket): RecordingSocket {
  const events: { name: string; payload: any }[] = [];
  const waiters: { name: string; resolve: (p: any) => void }[] = [];
  let consumed = 0;
  socket.onAny((name: string, payload: unknown) => {
    events.push({ name, payload });
    const i = waiters.findIndex((w) => w.name === name);
    if (i >= 0) {
      const [w] = waiters.splice(i, 1);
      consumed = events.length;
      w!.resolve(payload);
    }
  });
  const next = (name: string, timeoutMs = 3000): Promise<any> => {
    const pending = events.slice(consumed).find((e) => e.name === name);
    if (pending) {
      consumed = events.indexOf(pending) + 1;
      return Promise.resolve(pending.payload);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${name} within ${timeoutMs} ms`)), timeoutMs);
      waiters.push({ name, resolve: (p) => (clearTimeout(timer), resolve(p)) });
    });
  };
  const until = async (name: string, match: (payload: any) => boolean, timeoutMs = 3000): Promise<any> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const payload = await next(name, Math.max(1, deadline - Date.now()));
      if (match(payload)) return payload;
    }
  };
  return { socket, events, next, until, close: () => socket.close() };
}

/** Connects and records; `cookie` and `origin` go out as handshake headers (as a browser would send them). */
export async function connectRecording(url: string, namespace: string, auth: object, extra: { cookie?: string; origin?: string } = {}): Promise<RecordingSocket> {
  const headers = { ...(extra.cookie ? { cookie: extra.cookie } : {}), ...(extra.origin ? { origin: extra.origin } : {}) };
  const socket = io(`${url}${namespace}`, {
    auth,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(Object.keys(headers).length > 0 ? { extraHeaders: headers } : {}),
  });
  const recording = recordEvents(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (e) => reject(e));
  });
  return recording;
}

/** Drops the socket's connection as a network would (recoverable), then connects it again; answers whether it was recovered. */
export async function dropWhile(socket: Socket, meanwhile: () => Promise<void>): Promise<boolean> {
  const gone = new Promise((resolve) => socket.once('disconnect', resolve));
  // The server sees its transport close, a drop it keeps the session for.
  socket.io.engine.close();
  await gone;
  await meanwhile();
  const back = new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  socket.connect();
  await back;
  return socket.recovered;
}
