import http from 'node:http';
import { Server } from 'socket.io';
import { io as connectClient, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { issue, staffClient } from '../support/test-app';
import { useListeningApp } from '../support/listening-app';
import { dropWhile } from '../support/sockets';
import { keepingAtMost } from '../../server/src/realtime/recovery';

const t = useListeningApp();


describe('connection state recovery', () => {
  it('a hall display that drops for a moment gets the calls it missed, in order (its chime and voice say them)', async () => {
    await issue(t.app, 1);
    await issue(t.app, 1);
    const display = await t.connect('/display', { centerId: 'isb-g9' });
    const snapshot = await display.next('display:snapshot');
    // A first broadcast gives the client an offset to come back with.
    const op = await staffClient(t.app, 'operator1');
    await op('POST', '/api/v1/counters/1/open');
    await display.until('display:updated', (s) => s.seq === snapshot.seq + 1);

    const recovered = await dropWhile(display.socket, async () => {
      expect((await op('POST', '/api/v1/counters/1/call-next')).status).toBe(200);
      expect((await op('POST', '/api/v1/counters/1/complete')).status).toBe(200);
      expect((await op('POST', '/api/v1/counters/1/call-next')).status).toBe(200);
    });
    expect(recovered).toBe(true);
    const calls = [await display.next('ticket:called'), await display.next('ticket:called')];
    expect(calls.map((c) => c.ticketCode)).toEqual(['A001', 'A002']);
    expect(calls[1].seq).toBeGreaterThan(calls[0].seq);
  });
});

describe('the packets kept for recovery (one instance)', () => {
  let server: Server | undefined;
  let client: Socket | undefined;
  afterEach(async () => {
    client?.close();
    await server?.close();
  });

  it('keeps at most its bound: a socket that missed more is not recovered, one that missed fewer gets them all', async () => {
    const kept = 4;
    const httpServer = http.createServer();
    server = new Server(httpServer, { connectionStateRecovery: { maxDisconnectionDuration: 60_000 }, adapter: keepingAtMost(kept) });
    server.on('connection', (socket) => void socket.join('hall'));
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    const port = (httpServer.address() as { port: number }).port;
    client = connectClient(`http://127.0.0.1:${port}`, { transports: ['websocket'], reconnection: false, forceNew: true });
    const received: number[] = [];
    client.on('n', (n: number) => received.push(n));
    await new Promise<void>((resolve) => client!.once('connect', () => resolve()));
    const heard = (n: number) => new Promise<void>((resolve) => client!.on('n', (m: number) => m === n && resolve()));
    const first = heard(0);
    server.to('hall').emit('n', 0);
    await first;

    // Fewer than kept while away: every one comes back.
    const third = heard(3);
    const few = async () => {
      for (const n of [1, 2, 3]) server!.to('hall').emit('n', n);
    };
    expect(await dropWhile(client, few)).toBe(true);
    await third;
    expect(received).toEqual([0, 1, 2, 3]);

    // Many more than kept while away: the offset is gone, so the session starts anew (the app sends its snapshot).
    const many = async () => {
      for (let n = 4; n < 24; n++) server!.to('hall').emit('n', n);
    };
    expect(await dropWhile(client, many)).toBe(false);
    const packets = (server.of('/').adapter as unknown as { packets: unknown[] }).packets;
    expect(packets.length).toBeLessThanOrEqual(kept + Math.ceil(kept / 4));
    expect(packets.length).toBeGreaterThanOrEqual(kept);
    expect(received).toEqual([0, 1, 2, 3]);
  });
});
