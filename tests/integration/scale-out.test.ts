import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { createClient } from 'redis';
import type { DisplayState, Ticket, TicketCalledEvent } from '@navbat/shared';
import {
  api,
  createPgDatabase,
  pgAdminUrl,
  postgresAvailable,
  redisAvailable,
  redisNamespace,
  redisTestUrl,
  signIn,
  startServerProcess,
  TcpProxy,
  type ServerProcess,
  type TestPgDatabase,
  type TestRedisNamespace,
} from '../support/pg';

// Two instances reach PostgreSQL and Redis through proxies the test cuts and restores: a restart of
// either service, without touching the real ones that other tests share.
const ready = (await postgresAvailable()) && (await redisAvailable());
const loginLimit = 6;

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.runIf(ready)('scale-out: shared limits and outages of Redis and PostgreSQL', () => {
  let database: TestPgDatabase;
  let pgProxy: TcpProxy;
  let redisProxy: TcpProxy;
  let redis: TestRedisNamespace;
  const servers: ServerProcess[] = [];
  let display: Socket;
  let phone: Socket | undefined;
  const calls: TicketCalledEvent[] = [];
  const states: DisplayState[] = [];
  const cookies: string[] = [];
  let counterId = 0;
  let serviceId = 0;

  beforeAll(async () => {
    database = await createPgDatabase('scaleout');
    const pgTarget = new URL(pgAdminUrl);
    const redisTarget = new URL(redisTestUrl);
    pgProxy = new TcpProxy(pgTarget.hostname, Number(pgTarget.port || 5432));
    redisProxy = new TcpProxy(redisTarget.hostname, Number(redisTarget.port || 6379));
    await pgProxy.start();
    await redisProxy.start();
    const viaProxy = new URL(database.url);
    viaProxy.port = String(pgProxy.port);
    const env = {
      DATABASE_URL: viaProxy.toString(),
      ...(redis = redisNamespace('scaleout', redisProxy.url('redis'))).env,
      LOGIN_ATTEMPTS_PER_MINUTE: String(loginLimit),
    };
    servers.push(await startServerProcess(env));
    servers.push(await startServerProcess(env));
  }, 120_000);

  afterAll(async () => {
    display?.close();
    phone?.close();
    await Promise.all(servers.map((s) => s.stop()));
    await pgProxy?.cut();
    await redisProxy?.cut();
    await database?.drop();
    await redis?.drop();
  });


  const readyz = (server: ServerProcess) => api(server, 'GET', '/readyz').then((r) => r.status);
  /** How many database outages an instance's watch has noticed (it logs each). */
  const outagesNoticed = (server: ServerProcess) => server.output().split('database unreachable: live screens resync').length - 1;

  it('login attempts are counted once across both instances (shared Redis store)', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    for (const [server, username, password] of [
      [a, 'operator1', 'operator1-demo'],
      [b, 'operator2', 'operator2-demo'],
    ] as const) {
      cookies.push(await signIn(server, username, password));
    }
    // Four wrong passwords spread over both: six attempts in all, each instance saw only three.
    for (const server of [a, b, a, b]) {
      expect((await api(server, 'POST', '/api/v1/auth/login', { body: { username: 'operator1', password: 'wrong-password' } })).status).toBe(401);
    }
    const seventh = await api(a, 'POST', '/api/v1/auth/login', { body: { username: 'operator1', password: 'wrong-password' } });
    expect(seventh.status).toBe(429);
    expect(seventh.body.error.code).toBe('RATE_LIMITED');

    // The count lives under this deployment's key prefix.
    const client = createClient({ url: redisTestUrl });
    await client.connect();
    const keys: string[] = [];
    for await (const batch of client.scanIterator({ MATCH: `${redis.env.REDIS_KEY_PREFIX}:rate-limit:*` })) keys.push(...batch);
    await client.quit();
    expect(keys).toEqual([`${redis.env.REDIS_KEY_PREFIX}:rate-limit:POST/api/v1/auth/login-127.0.0.1`]);

    // A session made on one instance works on the other (sessions live in the database).
    expect((await api(b, 'GET', '/api/v1/auth/me', { cookie: cookies[0] })).body.user.username).toBe('operator1');
  });

  it('a Redis outage: /readyz says 503, both processes keep serving, displays resync when it is back', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const counters = (await api(a, 'GET', '/api/v1/centers/isb-g9/counters', { cookie: cookies[0] })).body as unknown as { id: number; name: string; services: { serviceId: number }[] }[];
    const counter = counters.find((c) => c.name === '1')!;
    counterId = counter.id;
    serviceId = counter.services[0]!.serviceId;
    expect((await api(a, 'POST', `/api/v1/counters/${counterId}/open`, { cookie: cookies[0] })).status).toBe(200);

    display = io(`${b.baseUrl}/display`, { auth: { centerId: 'isb-g9' }, transports: ['websocket'] });
    display.on('ticket:called', (e: TicketCalledEvent) => calls.push(e));
    display.on('display:updated', (s: DisplayState) => states.push(s));
    await new Promise((resolve) => display.once('display:snapshot', resolve));

    // Fan-out works: a call on A reaches the display on B, and the phone following that ticket on B.
    const issued = await api(a, 'POST', '/api/v1/centers/isb-g9/tickets', { body: { serviceId } });
    expect(issued.status).toBe(201);
    phone = io(`${b.baseUrl}/ticket`, { auth: { publicId: issued.body.ticket.publicId }, transports: ['websocket'] });
    const onPhone: Ticket[] = [];
    phone.on('ticket:updated', (p: { ticket: Ticket }) => onPhone.push(p.ticket));
    await until('the phone snapshot', async () => onPhone.length > 0);
    const first = await api(a, 'POST', `/api/v1/counters/${counterId}/call-next`, { cookie: cookies[0] });
    expect(first.status).toBe(200);
    expect(first.body.ticket.id).toBe(issued.body.ticket.id);
    await until('the first call on the display', async () => calls.some((c) => c.ticketCode === first.body.ticket.code));
    const heard = await until('the first call on the phone', async () => onPhone.find((t) => t.status === 'called'));
    expect(heard).toMatchObject({ id: issued.body.ticket.id, status: 'called', counterId, position: null });
    phone.close();
    expect((await api(a, 'POST', `/api/v1/counters/${counterId}/complete`, { cookie: cookies[0] })).status).toBe(200);

    await redisProxy.cut();
    await until('503 on A', async () => (await readyz(a)) === 503);
    await until('503 on B', async () => (await readyz(b)) === 503);
    const notReady = await api(a, 'GET', '/readyz');
    expect(notReady.body.error.code).toBe('SERVICE_UNAVAILABLE');
    expect((await api(a, 'GET', '/healthz')).status).toBe(200);

    // Without Redis an instance still serves its hall: issue and call on A.
    expect((await api(a, 'POST', '/api/v1/centers/isb-g9/tickets', { body: { serviceId } })).status).toBe(201);
    const during = await api(a, 'POST', `/api/v1/counters/${counterId}/call-next`, { cookie: cookies[0] });
    expect(during.status).toBe(200);
    const duringCode = during.body.ticket.code as string;

    await redisProxy.start();
    await until('ready A', async () => (await readyz(a)) === 200);
    await until('ready B', async () => (await readyz(b)) === 200);
    // B resyncs its display with a full state that includes the call it could not relay.
    const resynced = await until('a resynced display state', async () => states.find((s) => s.serving.some((x) => x.ticketCode === duringCode)));
    expect(resynced.recentCalls[0]!.ticketCode).toBe(duringCode);
    expect(servers.every((s) => !s.exited())).toBe(true);

    // And fan-out works again.
    expect((await api(a, 'POST', `/api/v1/counters/${counterId}/complete`, { cookie: cookies[0] })).status).toBe(200);
    expect((await api(a, 'POST', '/api/v1/centers/isb-g9/tickets', { body: { serviceId } })).status).toBe(201);
    const after = await api(a, 'POST', `/api/v1/counters/${counterId}/call-next`, { cookie: cookies[0] });
    expect(after.status).toBe(200);
    await until('a call after the outage on the display', async () => calls.some((c) => c.ticketCode === after.body.ticket.code));
    expect((await api(a, 'POST', `/api/v1/counters/${counterId}/complete`, { cookie: cookies[0] })).status).toBe(200);
  });

  it('a PostgreSQL outage: /readyz says 503, requests fail cleanly, nothing crashes, displays resync after', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const noticedBefore = servers.map(outagesNoticed);
    await pgProxy.cut();
    await until('503 on A', async () => (await readyz(a)) === 503);
    await until('503 on B', async () => (await readyz(b)) === 503);
    expect((await api(b, 'GET', '/healthz')).status).toBe(200);
    const refused = await api(a, 'POST', '/api/v1/centers/isb-g9/tickets', { body: { serviceId } });
    expect(refused.status).toBeGreaterThanOrEqual(500);
    expect(JSON.stringify(refused.body)).not.toMatch(/select|insert|ECONNREFUSED|at .*\.ts/i);
    // Each instance's database watch has noticed (it logs so), so it resyncs its displays when the database is back.
    await until('both instances noticed the outage', async () => servers.every((s, i) => outagesNoticed(s) > noticedBefore[i]!));
    const statesBefore = states.length;

    await pgProxy.start();
    await until('ready A', async () => (await readyz(a)) === 200);
    await until('ready B', async () => (await readyz(b)) === 200);
    await until('a display state after the database came back', async () => states.length > statesBefore);
    expect(servers.every((s) => !s.exited())).toBe(true);

    // Work goes on: a ticket issued on B is called on A and shown on B's display.
    expect((await api(b, 'POST', '/api/v1/centers/isb-g9/tickets', { body: { serviceId } })).status).toBe(201);
    const call = await api(a, 'POST', `/api/v1/counters/${counterId}/call-next`, { cookie: cookies[0] });
    expect(call.status).toBe(200);
    await until('the call on the display', async () => calls.some((c) => c.ticketCode === call.body.ticket.code));
  });
});
