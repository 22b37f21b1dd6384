import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DisplayState, TicketCalledEvent } from '@navbat/shared';
import { api, signIn, startServerProcess, type ServerProcess } from '../support/pg';
import { FailoverProxy, startPrivatePostgres, startPrivateRedis, type PrivatePostgres, type PrivateRedis } from './support/private-services';

/**
 * Two instances on a PRIVATE PostgreSQL cluster and a PRIVATE Redis (never the shared ones): PostgreSQL
 * restarted, Redis restarted, and one instance killed with SIGKILL under load. Every wait is bounded.
 */
async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

let postgres: PrivatePostgres;
let redis: PrivateRedis;
let a: ServerProcess;
let b: ServerProcess;
let balancer: FailoverProxy;
let cookie: string;
const sockets: Socket[] = [];
const acknowledged = new Map<number, string>();

async function issueOn(server: ServerProcess) {
  const res = await api(server, 'POST', '/api/v1/centers/isb-g9/tickets', { body: { serviceId: 1 } });
  if (res.status === 201) acknowledged.set(res.body.ticket.id, res.body.ticket.code);
  return res;
}

/** A display on `url`, recording calls and states. */
function display(url: string) {
  const calls: TicketCalledEvent[] = [];
  const states: DisplayState[] = [];
  const socket = io(`${url}/display`, { transports: ['websocket'], forceNew: true, auth: { centerId: 'isb-g9' }, reconnectionDelay: 100, reconnectionDelayMax: 500 });
  sockets.push(socket);
  socket.on('ticket:called', (e) => calls.push(e));
  socket.on('display:snapshot', (s) => states.push(s));
  socket.on('display:updated', (s) => states.push(s));
  return { socket, calls, states };
}

async function databaseRows() {
  const client = new pg.Client({ connectionString: postgres.url('navbat') });
  await client.connect();
  try {
    const tickets = (await client.query('select id, code, status, service_id, service_day, number from tickets')).rows as { id: number; code: string; status: string; service_id: number; service_day: string; number: number }[];
    const calledTwice = (await client.query("select ticket_id, count(*)::int as n from ticket_events where type = 'called' group by ticket_id having count(*) > 1")).rows;
    return { tickets, calledTwice };
  } finally {
    await client.end();
  }
}

async function expectNothingLostOrDoubled() {
  const { tickets, calledTwice } = await databaseRows();
  const byId = new Map(tickets.map((t) => [Number(t.id), t.code]));
  expect([...acknowledged].filter(([id, code]) => byId.get(id) !== code), 'acknowledged tickets missing').toEqual([]);
  const numbers = tickets.map((t) => `${t.service_id}/${t.service_day}/${t.number}`);
  expect(new Set(numbers).size, 'a number used twice').toBe(numbers.length);
  expect(calledTwice, 'a ticket called twice').toEqual([]);
}

beforeAll(async () => {
  postgres = await startPrivatePostgres();
  const admin = new pg.Client({ connectionString: postgres.url() });
  await admin.connect();
  await admin.query('create database navbat');
  await admin.end();
  redis = await startPrivateRedis();
  const env = { DATABASE_URL: postgres.url('navbat'), REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'navbat-faults', LOGIN_ATTEMPTS_PER_MINUTE: '5' };
  a = await startServerProcess(env);
  b = await startServerProcess(env);
  balancer = new FailoverProxy(() => [a.port, b.port]);
  await balancer.start();
  cookie = await signIn(b, 'operator1', 'operator1-demo');
  expect((await api(b, 'POST', '/api/v1/counters/1/open', { cookie })).status).toBe(200);
}, 180_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await balancer?.close();
  await Promise.all([a?.stop(), b?.stop()]);
  await redis?.stop();
  postgres?.destroy();
});

describe('PostgreSQL restarted under two instances', () => {
  it('commands fail fast with 503 DATABASE_UNAVAILABLE, nothing half-done, service resumes by itself', async () => {
    for (let i = 0; i < 5; i++) expect((await issueOn(i % 2 ? a : b)).status).toBe(201);
    postgres.stop();
    const started = Date.now();
    const refused = await issueOn(a);
    const refusedCall = await api(b, 'POST', '/api/v1/counters/1/call-next', { cookie });
    const took = Date.now() - started;
    expect([refused.status, refused.body.error?.code]).toEqual([503, 'DATABASE_UNAVAILABLE']);
    expect([refusedCall.status, refusedCall.body.error?.code]).toEqual([503, 'DATABASE_UNAVAILABLE']);
    expect(took, 'two refusals took').toBeLessThan(5_000);
    expect((await api(a, 'GET', '/readyz')).status).toBe(503);
    expect((await api(a, 'GET', '/healthz')).status).toBe(200);

    postgres.start();
    // No restart of Navbat: the pools reconnect on their own.
    await until('issuing works again on A', async () => (await issueOn(a)).status === 201);
    await until('ready A', async () => (await api(a, 'GET', '/readyz')).status === 200);
    await until('ready B', async () => (await api(b, 'GET', '/readyz')).status === 200);
    expect((await api(b, 'POST', '/api/v1/counters/1/call-next', { cookie })).status).toBe(200);
    expect((await api(b, 'POST', '/api/v1/counters/1/complete', { cookie, body: {} })).status).toBe(200);
    await expectNothingLostOrDoubled();
    console.log(`PostgreSQL restart: two commands refused in ${took} ms with DATABASE_UNAVAILABLE; resumed without a restart`);
  });
});

describe('Redis restarted', () => {
  it('fan-out resumes, displays resync by seq, rate limits count per instance meanwhile', async () => {
    const onB = display(b.baseUrl);
    await until('B display connected', async () => onB.socket.connected);
    await redis.stop();
    await until('A not ready without Redis', async () => (await api(a, 'GET', '/readyz')).status === 503);
    // Meanwhile each instance counts sign-in attempts itself (documented: neither open nor closed).
    let limited = 0;
    for (let i = 0; i < 7; i++) if ((await api(a, 'POST', '/api/v1/auth/login', { body: { username: 'nobody', password: 'wrong-password' } })).status === 429) limited++;
    expect(limited).toBeGreaterThan(0);
    // A call on B while Redis is away, seen by B's own display.
    expect((await issueOn(a)).status).toBe(201);
    const during = await api(b, 'POST', '/api/v1/counters/1/call-next', { cookie });
    expect(during.status).toBe(200);
    expect((await api(b, 'POST', '/api/v1/counters/1/complete', { cookie, body: {} })).status).toBe(200);

    await redis.start();
    await until('ready A', async () => (await api(a, 'GET', '/readyz')).status === 200, 60_000);
    await until('ready B', async () => (await api(b, 'GET', '/readyz')).status === 200, 60_000);
    const onA = display(a.baseUrl);
    await until('A display connected', async () => onA.socket.connected);
    // Fan-out again: a call on B reaches the display on A.
    expect((await issueOn(b)).status).toBe(201);
    const after = await api(b, 'POST', '/api/v1/counters/1/call-next', { cookie });
    expect(after.status).toBe(200);
    const event = await until('the call on A’s display', async () => onA.calls.find((c) => c.ticketCode === after.body.ticket.code));
    // The state A's display holds is at least as new as the call (resync by seq).
    await until('A display state at the call’s seq', async () => onA.states.some((s) => s.seq >= event.seq));
    expect((await api(b, 'POST', '/api/v1/counters/1/complete', { cookie, body: {} })).status).toBe(200);
    await expectNothingLostOrDoubled();
  });
});

describe('one instance killed under load', () => {
  it('its display reconnects through the balancer to the other and resyncs; no call lost or doubled', async () => {
    const screen = display(`http://127.0.0.1:${balancer.port}`);
    await until('display connected through the balancer (to A)', async () => screen.socket.connected);
    let running = true;
    const calls: string[] = [];
    const kiosk = (async () => {
      while (running) await issueOn(b).catch(() => undefined);
    })();
    const kioskThroughBalancer = (async () => {
      while (running) {
        const res = await fetch(`http://127.0.0.1:${balancer.port}/api/v1/centers/isb-g9/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serviceId: 1 }) }).catch(() => null);
        if (res?.status === 201) {
          const body = (await res.json()) as { ticket: { id: number; code: string } };
          acknowledged.set(body.ticket.id, body.ticket.code);
        }
      }
    })();
    const counter = (async () => {
      while (running) {
        const call = await api(b, 'POST', '/api/v1/counters/1/call-next', { cookie });
        if (call.status === 200) calls.push(call.body.ticket.code);
        await api(b, 'POST', '/api/v1/counters/1/complete', { cookie, body: {} });
      }
    })();
    await until('some calls before the kill', async () => calls.length >= 10, 60_000);
    let drops = 0;
    screen.socket.on('disconnect', () => drops++);
    a.child.kill('SIGKILL');
    await until('A gone', async () => a.exited());
    const callsAtKill = calls.length;
    await until('the display back, now on B', async () => drops > 0 && screen.socket.connected && calls.length >= callsAtKill + 10, 60_000);
    running = false;
    await Promise.all([kiosk, kioskThroughBalancer, counter]);

    // After the reconnect the display holds B's state: the last call made is on it.
    const last = calls.at(-1)!;
    await until('the last call on the resynced display', async () => {
      const state = screen.states.at(-1);
      return state && (state.recentCalls.some((c) => c.ticketCode === last) || screen.calls.some((c) => c.ticketCode === last));
    });
    await expectNothingLostOrDoubled();
    console.log(`instance killed: ${acknowledged.size} tickets acknowledged in all, ${calls.length} calls; none lost or doubled`);
  });
});
