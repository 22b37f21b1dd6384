import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import type { TicketCalledEvent } from '@navbat/shared';
import { api, createPgDatabase, postgresAvailable, redisAvailable, redisNamespace, startServerProcess, type ServerProcess, type TestPgDatabase, type TestRedisNamespace } from '../support/pg';

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
      cookie: (await api(a, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: 'admin-password-1' } })).setCookie!.split(';')[0],
    });
    const calledBy = new Map<number, { instance: number; counterId: number }[]>();
    const callsOfCounter = new Map<number, string[]>();
    await Promise.all(
      plan.map(async (p) => {
        const server = servers[p.instance]!;
        const login = await api(server, 'POST', '/api/v1/auth/login', { body: { username: p.username, password: p.password } });
        expect(login.status).toBe(200);
        const cookie = login.setCookie!.split(';')[0]!;
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
});
