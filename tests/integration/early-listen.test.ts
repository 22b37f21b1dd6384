import net from 'node:net';
import Fastify from 'fastify';
import { Server } from 'socket.io';
import { io as connect } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { listenEarly } from '../../server/src/ops/early-listen';

const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(true));
  });

describe('binding the port before the app is built (ops/early-listen.ts)', () => {
  it('keeps requests and WebSocket connections made while the app is built, answers them once it listens, and closes the port with the app', async () => {
    const early = await listenEarly(0, '127.0.0.1');
    const base = `http://127.0.0.1:${early.address.port}`;
    const handled: string[] = [];

    // A kiosk's request and a display's socket arrive before there is an app.
    const before = fetch(`${base}/hello?n=1`).then(async (r) => ({ status: r.status, body: await r.text() }));
    const display = connect(`${base}/display`, { transports: ['websocket'], reconnection: false, forceNew: true });
    const snapshot = new Promise<unknown>((resolve) => display.on('display:snapshot', resolve));

    const app = Fastify({ serverFactory: early.serverFactory });
    app.get('/hello', async (req) => {
      handled.push((req.query as { n: string }).n);
      return { hello: (req.query as { n: string }).n };
    });
    const ioServer = new Server(app.server, { serveClient: false });
    ioServer.of('/display').on('connection', (socket) => socket.emit('display:snapshot', { seq: 7 }));
    await app.ready();
    // Built but not listening: nothing was answered yet, and the port is open (not refused).
    await new Promise((r) => setTimeout(r, 50));
    expect(handled).toEqual([]);
    expect(display.connected).toBe(false);
    expect(await refused(early.address.port)).toBe(false);

    await app.listen({ port: early.address.port, host: early.address.address });
    expect(await before).toEqual({ status: 200, body: JSON.stringify({ hello: '1' }) });
    expect(await snapshot).toEqual({ seq: 7 });
    // Afterwards requests go straight to the app.
    expect(await (await fetch(`${base}/hello?n=2`)).json()).toEqual({ hello: '2' });
    expect(handled).toEqual(['1', '2']);
    expect(app.server.address()).toEqual(early.address);

    display.close();
    ioServer.close();
    await app.close();
    expect(await refused(early.address.port)).toBe(true);
  });

  it('refuses a port already taken, as a plain listen would', async () => {
    const first = await listenEarly(0, '127.0.0.1');
    await expect(listenEarly(first.address.port, '127.0.0.1')).rejects.toMatchObject({ code: 'EADDRINUSE' });
    await new Promise((r) => first.server.close(r));
  });
});
