import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenForSockets } from '../support/sockets';
import { io, type Socket } from 'socket.io-client';
import { sql } from 'kysely';
import { errorStatus } from '@navbat/shared';
import { createTestApp, issue, login, type TestApp } from '../support/test-app';

/**
 * Hostile input, generated from the OpenAPI document so that a new route is covered the day it lands:
 * malformed params, query strings and bodies never produce a 5xx, always a typed error, and a rejected
 * request leaves the database exactly as it was.
 */

interface Operation {
  method: string;
  path: string;
  params: string[];
  query: string[];
  bodyProps: string[];
  hasBody: boolean;
}

const junkValues: unknown[] = [
  null,
  true,
  -1,
  1.5,
  1e308,
  2 ** 53 + 1,
  '',
  'x'.repeat(20_000),
  '💩'.repeat(500) + '\u0000\u202e',
  "' OR 1=1; drop table tickets; --",
  [1, 2, 3],
  { nested: { deeper: { deepest: Array.from({ length: 50 }, () => ({ a: 1 })) } } },
];

const junkParams = ['-1', '1.5', '99999999999999999999999', 'abc', '%00', '%F0%9F%92%A9', 'x'.repeat(190), "'%20OR%201=1", '__proto__'];

const junkQueries = [
  'from=2026-13-45&to=yesterday',
  'from=2026-01-01&to=2025-01-01&zone=' + encodeURIComponent('💩'.repeat(300)),
  'from[]=a&from[]=b&zone=&zone=',
  '__proto__[polluted]=1&unknown=' + 'y'.repeat(3000),
];

/** Rows of every table (SQLite or PostgreSQL); a rejected request must not change a single one. */
async function checksum(t: TestApp): Promise<string> {
  const db = t.database.db;
  const listed =
    t.database.dialect === 'postgres'
      ? await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`.execute(db)
      : await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by 1`.execute(db);
  const hash = crypto.createHash('sha256');
  for (const { name } of listed.rows) {
    if (name.startsWith('kysely_')) continue;
    // Session rows record when they were last seen; that is bookkeeping, not state a request may change.
    const rows = name === 'sessions' ? await sql`select id, user_id from sessions order by 1`.execute(db) : await sql`select * from ${sql.table(name)} order by 1`.execute(db);
    hash.update(name).update(JSON.stringify(rows.rows));
  }
  return hash.digest('hex');
}

function operationsOf(doc: { paths: Record<string, Record<string, { parameters?: { in: string; name: string }[]; requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> } }>> }): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const parameters = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      const schema = Object.values(content)[0]?.schema;
      ops.push({
        method: method.toUpperCase(),
        path,
        params: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: parameters.filter((p) => p.in === 'query').map((p) => p.name),
        bodyProps: Object.keys(schema?.properties ?? {}),
        hasBody: op.requestBody !== undefined || ['POST', 'PUT', 'PATCH'].includes(method.toUpperCase()),
      });
    }
  }
  return ops;
}

/** Plausible values for path params, so that body and query checks reach the handler's validation. */
const goodParams: Record<string, string> = { centerId: 'isb-g9', counterId: '1', id: '1', serviceId: '1' };

interface HostileRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  payload?: string;
  label: string;
}

function hostileRequests(op: Operation, publicId: string): HostileRequest[] {
  const fill = (overrides: Record<string, string> = {}) =>
    op.path.replace(/\{(\w+)\}/g, (_, name: string) => overrides[name] ?? (name === 'publicId' ? publicId : (goodParams[name] ?? '1')));
  const out: HostileRequest[] = [];
  for (const name of op.params) {
    for (const value of junkParams) out.push({ method: op.method, url: fill({ [name]: value }), label: `param ${name}=${value.slice(0, 20)}` });
  }
  for (const q of junkQueries) out.push({ method: op.method, url: `${fill()}?${q}`, label: `query ${q.slice(0, 30)}` });
  if (op.hasBody) {
    const json = { 'content-type': 'application/json' };
    out.push({ method: op.method, url: fill(), headers: json, payload: '{"unterminated": ', label: 'bad JSON' });
    out.push({ method: op.method, url: fill(), headers: json, payload: '{"a":1}'.repeat(3), label: 'concatenated JSON' });
    out.push({ method: op.method, url: fill(), headers: { 'content-type': 'text/plain' }, payload: 'hello', label: 'text/plain' });
    out.push({ method: op.method, url: fill(), headers: { 'content-type': 'application/xml' }, payload: '<a/>', label: 'xml' });
    out.push({ method: op.method, url: fill(), headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=1&b=2', label: 'form' });
    out.push({ method: op.method, url: fill(), headers: json, payload: JSON.stringify({ big: 'x'.repeat(100_000) }), label: 'too large' });
    out.push({ method: op.method, url: fill(), headers: json, payload: '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}', label: 'prototype pollution' });
    for (const whole of [null, [], 1, 'text', true]) out.push({ method: op.method, url: fill(), headers: json, payload: JSON.stringify(whole), label: `body ${JSON.stringify(whole)}` });
    op.bodyProps.forEach((prop, i) => {
      // Each field gets six kinds of junk, rotating so that every kind reaches some field of every route.
      for (const value of Array.from({ length: 6 }, (_, k) => junkValues[(i * 6 + k) % junkValues.length])) {
        out.push({ method: op.method, url: fill(), headers: json, payload: JSON.stringify({ [prop]: value, extraField: 'unexpected' }), label: `body.${prop}=${JSON.stringify(value)?.slice(0, 20)}` });
      }
    });
  }
  return out;
}

let t: TestApp;
let adminCookie: string;
let publicId: string;
let operations: Operation[];

beforeAll(async () => {
  t = await createTestApp();
  adminCookie = await login(t.app, 'admin', 'admin-password-1');
  publicId = (await issue(t.app, 1, { phone: '03001234567' })).body.ticket.publicId;
  const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  operations = operationsOf(doc);
});
afterAll(async () => {
  await t?.close();
});

const knownCodes = new Set(Object.keys(errorStatus));

describe('hostile input on every route of the OpenAPI document', () => {
  it('the document lists the routes of the contract', () => {
    const paths = operations.map((o) => `${o.method} ${o.path}`);
    expect(paths).toContain('POST /api/v1/centers/{centerId}/tickets');
    expect(paths).toContain('POST /api/v1/counters/{counterId}/call-next');
    expect(paths).toContain('GET /api/v1/centers/{centerId}/stats');
    expect(operations.length).toBeGreaterThan(30);
  });

  // Every route, several hostile requests each, and every table read twice around each write: on PostgreSQL on a
  // busy CI machine this took 49 s of the default 60 s, so it has its own bound.
  it('never answers 5xx, always a typed error, and rejected requests change nothing', async () => {
    let total = 0;
    let rejected = 0;
    for (const op of operations) {
      // Signing out would end the session the other checks run with; it takes no input anyway.
      if (op.path === '/api/v1/auth/logout') continue;
      for (const r of hostileRequests(op, publicId)) {
        // Reads never write; checking around writes only keeps the run short.
        const before = r.method === 'GET' ? null : await checksum(t);
        const res = await t.app.inject({
          method: r.method as 'GET',
          url: r.url,
          headers: { cookie: adminCookie, ...(r.headers ?? {}) },
          ...(r.payload !== undefined ? { payload: r.payload } : {}),
        });
        total++;
        const where = `${op.method} ${op.path} [${r.label}] → ${res.statusCode} ${res.body.slice(0, 200)}`;
        expect(res.statusCode, where).toBeLessThan(500);
        if (res.statusCode >= 400) {
          rejected++;
          const body = res.json() as { error?: { code?: string; message?: string } };
          expect(knownCodes.has(body.error?.code ?? ''), where).toBe(true);
          expect(typeof body.error?.message, where).toBe('string');
          expect(errorStatus[body.error!.code as keyof typeof errorStatus], where).toBe(res.statusCode);
          expect(res.body, where).not.toMatch(/SQLITE|select |insert into|at .*\.ts:\d+/i);
          if (before !== null) expect(await checksum(t), `database changed by a rejected request: ${where}`).toBe(before);
        }
      }
    }
    // Almost everything above must be refused; a few junk query strings are legitimately ignored.
    expect(rejected).toBeGreaterThan(total * 0.8);
  }, 180_000);

  it('the session survived (nothing above signed the admin out)', async () => {
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: adminCookie } });
    expect(me.statusCode).toBe(200);
  });
});

/** A path or query parameter as the OpenAPI document declares it. */
interface DeclaredParameter {
  method: string;
  path: string;
  in: 'path' | 'query';
  name: string;
  schema: { type?: string; format?: string; pattern?: string; minimum?: number; maximum?: number; 'x-minimum'?: number; 'x-maximum'?: number };
}

type ParameterKind = 'date' | 'date-time' | 'time' | 'integer';

/** What kind of value a parameter holds, read from its schema alone (so a new route is classified by itself). */
function kindOf(schema: DeclaredParameter['schema']): ParameterKind | null {
  if (schema.format === 'date' || schema.pattern === '^\\d{4}-\\d{2}-\\d{2}$') return 'date';
  if (schema.format === 'date-time') return 'date-time';
  if (schema.format === 'time' || schema.pattern === '^\\d{2}:\\d{2}$') return 'time';
  if (schema.type === 'integer' || schema.type === 'number' || schema['x-minimum'] !== undefined) return 'integer';
  return null;
}

/** Values of each kind that look plausible to a parser but cannot be accepted. */
function impossibleValues(kind: ParameterKind, schema: DeclaredParameter['schema']): string[] {
  switch (kind) {
    case 'date':
      return ['2026-13-45', '0000-00-00', '2026-02-30', '2025-02-29', '2026-04-31', '2026-00-10', '2026-01-00', '1969-12-31', '2026-1-5', '20261-01-01', '2026-01-01T00:00:00Z', '2026-01-01 ', 'today'];
    case 'date-time':
      return ['2026-13-45T10:00:00Z', '2026-02-30T10:00:00Z', '2026-01-01T25:00:00Z', '2026-01-01T10:61:00Z', '2026-01-01', 'yesterday'];
    case 'time':
      return ['24:00', '12:60', '-1:00', '7:5', '12:00:00'];
    case 'integer': {
      const min = schema['x-minimum'] ?? schema.minimum ?? 0;
      const max = schema['x-maximum'] ?? schema.maximum ?? 2 ** 31 - 1;
      return ['0x10', '1e3', ' 1', '+1', '01', '1.0', '1.5', '-1', 'NaN', 'Infinity', '\u0661', String(min - 1), String(max + 1), '9007199254740993', '99999999999999999999'];
    }
  }
}

function declaredParameters(doc: { paths: Record<string, Record<string, { parameters?: { in: string; name: string; schema?: DeclaredParameter['schema'] }[] }>> }): DeclaredParameter[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).flatMap(([method, op]) =>
      (op.parameters ?? [])
        .filter((p): p is DeclaredParameter => p.in === 'path' || p.in === 'query')
        .map((p) => ({ method: method.toUpperCase(), path, in: p.in, name: p.name, schema: p.schema ?? {} }) as DeclaredParameter),
    ),
  );
}

describe('impossible dates and out-of-range numbers, generated for every date, time and number parameter', () => {
  it('each is 400 VALIDATION_ERROR in the error shape, and nothing is stored', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const parameters = declaredParameters(doc).filter((p) => kindOf(p.schema) !== null);
    const covered = parameters.map((p) => `${p.method} ${p.path} ${p.name}:${kindOf(p.schema)}`);
    // The contract's date and id parameters are among them, classified from the document.
    expect(covered).toEqual(
      expect.arrayContaining([
        'GET /api/v1/centers/{centerId}/stats from:date',
        'GET /api/v1/centers/{centerId}/stats to:date',
        'GET /api/v1/centers/{centerId}/reports/tickets.csv from:date',
        'POST /api/v1/counters/{counterId}/call-next counterId:integer',
        'GET /api/v1/tickets/{id}/events id:integer',
      ]),
    );
    let checked = 0;
    for (const p of parameters) {
      const fill = (name: string) => (name === 'publicId' ? publicId : (goodParams[name] ?? '1'));
      for (const value of impossibleValues(kindOf(p.schema)!, p.schema)) {
        const path = p.path.replace(/\{(\w+)\}/g, (_, name: string) => (name === p.name && p.in === 'path' ? encodeURIComponent(value) : fill(name)));
        const url = p.in === 'query' ? `${path}?${p.name}=${encodeURIComponent(value)}` : path;
        const before = p.method === 'GET' ? null : await checksum(t);
        const res = await t.app.inject({ method: p.method as 'GET', url, headers: { cookie: adminCookie } });
        const where = `${p.method} ${url} → ${res.statusCode} ${res.body.slice(0, 160)}`;
        expect(res.statusCode, where).toBe(400);
        expect(res.json(), where).toEqual({ error: { code: 'VALIDATION_ERROR', message: expect.any(String) } });
        if (before !== null) expect(await checksum(t), where).toBe(before);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('the same parameters still take their real values (a real date, an integer within its range)', async () => {
    const ok = await t.app.inject({ method: 'GET', url: '/api/v1/centers/isb-g9/stats?from=2024-02-29&to=2026-11-24', headers: { cookie: adminCookie } });
    expect(ok.statusCode, ok.body).toBe(200);
    const csv = await t.app.inject({ method: 'GET', url: '/api/v1/centers/isb-g9/reports/tickets.csv?from=2026-11-24&to=2026-11-24', headers: { cookie: adminCookie } });
    expect(csv.statusCode).toBe(200);
    for (const limit of ['1', '500']) {
      const audit = await t.app.inject({ method: 'GET', url: `/api/v1/admin/audit?limit=${limit}`, headers: { cookie: adminCookie } });
      expect(audit.statusCode, audit.body).toBe(200);
    }
  });
});

describe('hostile socket handshakes and command payloads', () => {
  const net = listenForSockets(() => t.app);

  function attempt(namespace: string, auth: unknown, headers: Record<string, string> = {}): Promise<{ connected: boolean; code?: string; socket: Socket }> {
    const socket = io(net.url + namespace, { transports: ['websocket'], forceNew: true, reconnection: false, auth: auth as object, extraHeaders: headers });
    net.track(socket);
    return new Promise((resolve) => {
      socket.once('connect', () => resolve({ connected: true, socket }));
      socket.once('connect_error', (err: Error & { data?: { code?: string } }) => resolve({ connected: false, ...(err.data?.code ? { code: err.data.code } : {}), socket }));
    });
  }

  const badAuths: unknown[] = [undefined, {}, { centerId: 5 }, { centerId: 'x'.repeat(1000) }, { centerId: '💩' }, { centerId: 'isb-g9', zone: {} }, { centerId: 'no-such-center' }, { publicId: 12 }, { publicId: 'short' }, { publicId: 'A'.repeat(64) }, { centerId: ['isb-g9'] }];

  it('refuses malformed handshakes on every namespace with a typed code', async () => {
    for (const ns of ['/display', '/ticket', '/staff']) {
      for (const auth of badAuths) {
        // A valid display or ticket handshake is not junk for that namespace.
        if (ns === '/display' && auth && (auth as { centerId?: unknown }).centerId === 'isb-g9' && !('zone' in (auth as object))) continue;
        const r = await attempt(ns, auth);
        expect(r.connected, `${ns} ${JSON.stringify(auth)?.slice(0, 60)}`).toBe(false);
        expect(knownCodes.has(r.code ?? ''), `${ns} ${JSON.stringify(auth)?.slice(0, 60)} → ${r.code}`).toBe(true);
        r.socket.close();
      }
    }
  });

  it('junk command payloads are ignored or answered with an error, and the server keeps answering', async () => {
    const cookie = adminCookie;
    const display = await attempt('/display', { centerId: 'isb-g9' });
    const ticket = await attempt('/ticket', { publicId });
    const staff = await attempt('/staff', { centerId: 'isb-g9' }, { cookie });
    expect([display.connected, ticket.connected, staff.connected]).toEqual([true, true, true]);
    const commands: [Socket, string][] = [
      [display.socket, 'display:sync'],
      [ticket.socket, 'ticket:sync'],
      [staff.socket, 'queue:sync'],
    ];
    const junkArgs: unknown[][] = [[], [null], ['string'], [42], [{ a: 1 }], ['x'.repeat(50_000)], Array.from({ length: 100 }, (_, i) => i), [{ centerId: 'other' }, () => {}]];
    for (const [socket, event] of commands) {
      for (const args of junkArgs) socket.emit(event, ...args);
      socket.emit('not:an:event', { junk: true });
      socket.emit('__proto__', {});
      socket.emit('ticket:call', { counterId: 1 });
    }
    // Commands with junk first and the ack last still get the real answer (the extra data is ignored).
    for (const [socket, event] of commands) {
      const answer = await socket.timeout(5000).emitWithAck(event);
      expect(answer, event).toMatchObject({ ok: true });
      expect(socket.connected).toBe(true);
    }
    const health = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
  });
});
