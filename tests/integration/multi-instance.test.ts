import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { createClient } from 'redis';
import type { TicketCalledEvent } from '@navbat/shared';
import { connectRecording, dropWhile } from '../support/sockets';
import { api, createPgDatabase, postgresAvailable, redisAvailable, redisNamespace, redisTestUrl, signIn, startServerProcess, type ServerProcess, type TestPgDatabase, type TestRedisNamespace } from '../support/pg';

// Two server processes on one PostgreSQL database and one Redis, as behind a load balancer.
const ticketCount = Number(process.env.NAVBAT_MULTI_TICKETS ?? 2000);
const servicesAtCounters = ['A', 'B', 'D', 'V'];
// Counters 1, 3, 6 work on instance A and 2, 7 on instance B; 1–3 share A and B, 6–7 share D and V.
const plan = [
  { instance: 0, counterName: '1', username: 'operator1', password: 'operator1-demo' },
  { instance: 0, counterName: '3', username: 'operator2', password: 'operator2-demo' },
  { instance: 0, counterName: '6', username: 'admin', password: 'admin-password-1' },
  { instance: 1, counterName: '2', username: 'operator3', password: 'operator3-demo' },
  { instance: 1, counterName: '7', username: 'supervisor', password: 'supervisor-demo' },
];

const ready = (await postgresAvailable()) && (await redisAvailable());

describe.runIf(ready)('two instances on PostgreSQL and Redis', () => {
  let database: TestPgDatabase;
  let redis: TestRedisNamespace;
  const servers: ServerProcess[] = [];
  const displays: Socket[] = [];

  beforeAll(async () => {
    database = await createPgDatabase('multi');
    redis = redisNamespace('multi');
    const env = { DATABASE_URL: database.url, ...redis.env };
    // The first instance migrates and seeds the empty database; the second finds it ready.
    servers.push(await startServerProcess(env));
    servers.push(await startServerProcess(env));
  }, 120_000);

  afterAll(async () => {
    for (const d of displays) d.close();
    await Promise.all(servers.map((s) => s.stop()));
    await database?.drop();
    await redis?.drop();
  });


  function connectDisplay(server: ServerProcess): Promise<{ socket: Socket; calls: TicketCalledEvent[] }> {
    const socket = io(`${server.baseUrl}/display`, { auth: { centerId: 'isb-g9' }, transports: ['websocket'] });
    displays.push(socket);
    const calls: TicketCalledEvent[] = [];
    socket.on('ticket:called', (e: TicketCalledEvent) => calls.push(e));
    return new Promise((resolve, reject) => {
      socket.once('display:snapshot', () => resolve({ socket, calls }));
      socket.once('connect_error', reject);
    });
  }

  it('counters on both call concurrently: every ticket exactly once, numbers unique, each display sees the other instance’s calls in order', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    expect((await api(a, 'GET', '/readyz')).status).toBe(200);
    expect((await api(b, 'GET', '/readyz')).status).toBe(200);
    const displayOnA = await connectDisplay(a);
    const displayOnB = await connectDisplay(b);

    const { body: catalogue } = await api(a, 'GET', '/api/v1/centers/isb-g9/services');
    const serviceIds = (catalogue.services as { id: number; prefix: string }[]).filter((s) => servicesAtCounters.includes(s.prefix)).map((s) => s.id);
    expect(serviceIds).toHaveLength(servicesAtCounters.length);

    // Issue through both instances at once.
    const issued: { id: number; code: string; serviceId: number; number: number }[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async (_, worker) => {
        for (let i = next++; i < ticketCount; i = next++) {
          const server = servers[(i + worker) % 2]!;
          const res = await api(server, 'POST', '/api/v1/centers/isb-g9/tickets', { body: { serviceId: serviceIds[i % serviceIds.length] } });
          expect(res.status, JSON.stringify(res.body)).toBe(201);
          issued.push(res.body.ticket);
        }
      }),
    );
    expect(issued).toHaveLength(ticketCount);
    for (const serviceId of serviceIds) {
      const numbers = issued
        .filter((t) => t.serviceId === serviceId)
        .map((t) => t.number)
        .sort((x, y) => x - y);
      // Unique and gapless per service and day.
      expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    }
    expect(new Set(issued.map((t) => t.code)).size).toBe(ticketCount);

    // Five counters on two instances call and complete until nothing waits.
    const { body: counters } = await api(a, 'GET', '/api/v1/centers/isb-g9/counters', {
      cookie: await signIn(a, 'admin', 'admin-password-1'),
    });
    const calledBy = new Map<number, { instance: number; counterId: number }[]>();
    const callsOfCounter = new Map<number, string[]>();
    await Promise.all(
      plan.map(async (p) => {
        const server = servers[p.instance]!;
        const cookie = await signIn(server, p.username, p.password);
        const counterId = (counters as { id: number; name: string }[]).find((c) => c.name === p.counterName)!.id;
        expect((await api(server, 'POST', `/api/v1/counters/${counterId}/open`, { cookie })).status).toBe(200);
        const mine: string[] = [];
        callsOfCounter.set(counterId, mine);
        for (;;) {
          const call = await api(server, 'POST', `/api/v1/counters/${counterId}/call-next`, { cookie });
          if (call.status === 204) break;
          expect(call.status, JSON.stringify(call.body)).toBe(200);
          const ticketId = call.body.ticket.id as number;
          calledBy.set(ticketId, [...(calledBy.get(ticketId) ?? []), { instance: p.instance, counterId }]);
          mine.push(call.body.ticket.code);
          const done = await api(server, 'POST', `/api/v1/counters/${counterId}/complete`, { cookie });
          expect(done.status, JSON.stringify(done.body)).toBe(200);
        }
      }),
    );

    // Exactly once: every issued ticket was called, by one counter, one time.
    expect(calledBy.size).toBe(ticketCount);
    for (const t of issued) expect(calledBy.get(t.id), t.code).toHaveLength(1);
    const byInstance = [0, 1].map((i) => plan.filter((p) => p.instance === i).reduce((n, p) => n + callsOfCounter.get(counterIdOf(p.counterName))!.length, 0));
    // Both instances really called (the race was real).
    expect(byInstance[0]).toBeGreaterThan(0);
    expect(byInstance[1]).toBeGreaterThan(0);

    function counterIdOf(name: string): number {
      return (counters as { id: number; name: string }[]).find((c) => c.name === name)!.id;
    }

    // Each display receives every call, including those made on the other instance.
    const deadline = Date.now() + 60_000;
    while ((displayOnA.calls.length < ticketCount || displayOnB.calls.length < ticketCount) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const [display, other] of [
      [displayOnA, 1],
      [displayOnB, 0],
    ] as const) {
      expect(display.calls).toHaveLength(ticketCount);
      expect(new Set(display.calls.map((c) => c.ticketCode)).size).toBe(ticketCount);
      // In order: per counter, the display saw the calls in the order the counter made them...
      for (const [counterId, codes] of callsOfCounter) {
        expect(display.calls.filter((c) => c.counterId === counterId).map((c) => c.ticketCode)).toEqual(codes);
      }
      // ...and the calls made on the other instance arrive with their sequence numbers rising.
      const otherCounters = new Set(plan.filter((p) => p.instance === other).map((p) => counterIdOf(p.counterName)));
      const seqs = display.calls.filter((c) => otherCounters.has(c.counterId)).map((c) => c.seq);
      expect(seqs.length).toBe(byInstance[other]);
      expect(seqs.every((s, i) => i === 0 || s > seqs[i - 1]!)).toBe(true);
    }

    // Both processes are still healthy after the run.
    expect(servers.every((s) => !s.exited())).toBe(true);
  }, 1_800_000);

  it('each instance serves its own sockets from every instance’s events: nothing rendered for rooms nobody listens to', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const cookie = await signIn(a, 'admin', 'admin-password-1');
    const centerId = 'multi-quiet';
    expect((await api(a, 'POST', '/api/v1/admin/centers', { cookie, body: { id: centerId, name: { en: 'Quiet centre', ur: 'پرسکون مرکز' }, timezone: 'Asia/Karachi' } })).status).toBe(201);
    const made = await api(a, 'POST', '/api/v1/admin/services', { cookie, body: { centerId, prefix: 'Q', name: { en: 'Quiet service', ur: 'پرسکون سروس' } } });
    expect(made.status).toBe(201);
    const serviceId = made.body.service.id as number;
    const issueOnA = async () => {
      const res = await api(a, 'POST', `/api/v1/centers/${centerId}/tickets`, { body: { serviceId } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.ticket as { id: number; code: string };
    };

    const redisClient = createClient({ url: redisTestUrl });
    await redisClient.connect();
    try {
      const stream = `${redis.env.REDIS_KEY_PREFIX}:socket.io`;
      const [last] = await redisClient.xRevRange(stream, '+', '-', { COUNT: 1 });
      const start = last?.id ?? '0';
      // Nobody listens to the centre on either instance: its changes cross Redis as events, nothing is rendered for them.
      for (let i = 0; i < 5; i++) await issueOnA();

      // A display and a console on B get what A's commands did, served by B.
      const display = await connectRecording(b.baseUrl, '/display', { centerId });
      const console_ = await connectRecording(b.baseUrl, '/staff', { centerId }, { cookie: await signIn(b, 'admin', 'admin-password-1'), origin: b.baseUrl });
      try {
        const snapshot = await display.next('display:snapshot');
        const waiting = (summary: { services: { serviceId: number; waiting: number }[] }) => summary.services.find((x) => x.serviceId === serviceId)?.waiting;
        expect(waiting(await console_.next('queue:updated'))).toBe(5);
        const sixth = await issueOnA();
        expect((await console_.until('ticket:issued', (p) => p.ticket.id === sixth.id, 10_000)).ticket.code).toBe(sixth.code);
        await console_.until('queue:updated', (p) => waiting(p) === 6, 10_000);
        expect((await display.until('display:updated', (state) => state.seq > snapshot.seq, 10_000)).seq).toBeGreaterThan(snapshot.seq);
      } finally {
        display.close();
        console_.close();
      }

      const entries = (await redisClient.xRange(stream, start === '0' ? '-' : `(${start}`, '+')).map((e) => e.message);
      // What goes to a centre's rooms is emitted by the instance their sockets are on: none of it went through Redis
      // (calls would: none was made here). A socket's own emits, such as its snapshot, do: Socket.IO keeps them for
      // connection state recovery.
      const toRooms = entries.filter((m) => m.type === '3' && (JSON.parse(m.data!) as { opts: { rooms: string[] } }).opts.rooms.some((r) => /^(display|staff):/.test(r)));
      expect(toRooms).toEqual([]);
      // The six issues' events did, once each (server-side emits).
      expect(entries.filter((m) => m.type === '9').length).toBeGreaterThanOrEqual(6);
    } finally {
      await redisClient.quit();
    }
  }, 120_000);

  it('a display on one instance that drops for a moment gets the calls made on the other meanwhile, once each', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const cookie = await signIn(a, 'operator1', 'operator1-demo');
    const { body: counters } = await api(a, 'GET', '/api/v1/centers/isb-g9/counters', { cookie });
    const counterId = (counters as { id: number; name: string }[]).find((c) => c.name === '1')!.id;
    expect((await api(a, 'POST', `/api/v1/counters/${counterId}/open`, { cookie })).status).toBe(200);
    const socket = io(`${b.baseUrl}/display`, { auth: { centerId: 'isb-g9' }, transports: ['websocket'] });
    displays.push(socket);
    const calls: TicketCalledEvent[] = [];
    socket.on('ticket:called', (e: TicketCalledEvent) => calls.push(e));
    await new Promise((resolve) => socket.once('display:snapshot', resolve));

    const made: string[] = [];
    const back = new Promise((resolve) => socket.once('display:snapshot', resolve));
    const replayed = new Promise<void>((resolve) => socket.on('ticket:called', () => made.length > 0 && calls.length >= made.length && resolve()));
    const recovered = await dropWhile(socket, async () => {
      for (let i = 0; i < 2; i++) {
        expect((await api(a, 'POST', '/api/v1/centers/isb-g9/tickets', { body: { serviceId: 1 } })).status).toBe(201);
        const call = await api(a, 'POST', `/api/v1/counters/${counterId}/call-next`, { cookie });
        expect(call.status, JSON.stringify(call.body)).toBe(200);
        made.push(call.body.ticket.code);
        expect((await api(a, 'POST', `/api/v1/counters/${counterId}/complete`, { cookie })).status).toBe(200);
      }
    });
    await Promise.all([back, replayed]);
    expect(recovered).toBe(true);
    // The calls made on A while the display was away, replayed in order by B, each once.
    expect(calls.map((c) => c.ticketCode)).toEqual(made);
  }, 120_000);
});
