import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenForSockets, recordEvents } from '../support/sockets';
import { io } from 'socket.io-client';
import type { Role } from '@navbat/shared';
import { createTestApp, issue, login, staffClient, type TestApp } from '../support/test-app';

/**
 * Who may call what, checked for every route of the OpenAPI document. A route missing from the table
 * below fails the first test, so a new route cannot ship without a decision about its access.
 */
const publicRoutes = new Set([
  'GET /api/v1/centers',
  'GET /api/v1/centers/{centerId}/services',
  'POST /api/v1/centers/{centerId}/tickets',
  'GET /api/v1/tickets/{publicId}',
  'POST /api/v1/tickets/{publicId}/cancel',
  'POST /api/v1/tickets/{publicId}/feedback',
  'GET /api/v1/centers/{centerId}/display',
  'GET /api/v1/counters/{counterId}/display',
  'POST /api/v1/auth/login',
  // Signed by the fee authority, not a session (payments.test.ts checks the signature).
  'POST /api/v1/integrations/payments',
  'GET /api/v1/push/vapid-public-key',
  'POST /api/v1/tickets/{publicId}/push-subscriptions',
  'GET /api/v1/centers/{centerId}/services/{serviceId}/slots',
  'POST /api/v1/centers/{centerId}/appointments',
  'GET /api/v1/appointments/{publicId}',
  'POST /api/v1/appointments/{publicId}/cancel',
  'POST /api/v1/centers/{centerId}/check-in',
  'GET /api/v1/site',
]);

const staffRoutes: Record<string, Role> = {
  'POST /api/v1/auth/logout': 'operator',
  'GET /api/v1/auth/me': 'operator',
  'GET /api/v1/centers/{centerId}/counters': 'operator',
  'GET /api/v1/counters/{counterId}': 'operator',
  'POST /api/v1/counters/{counterId}/open': 'operator',
  'POST /api/v1/counters/{counterId}/pause': 'operator',
  'POST /api/v1/counters/{counterId}/close': 'operator',
  'POST /api/v1/counters/{counterId}/call-next': 'operator',
  'POST /api/v1/counters/{counterId}/call': 'operator',
  'POST /api/v1/counters/{counterId}/recall': 'operator',
  'POST /api/v1/counters/{counterId}/start': 'operator',
  'POST /api/v1/counters/{counterId}/complete': 'operator',
  'POST /api/v1/counters/{counterId}/no-show': 'operator',
  'POST /api/v1/counters/{counterId}/transfer': 'operator',
  'POST /api/v1/counters/{counterId}/hold': 'operator',
  'POST /api/v1/counters/{counterId}/release': 'operator',
  'GET /api/v1/counters/{counterId}/held': 'operator',
  'POST /api/v1/control/counters/{counterId}/shift': 'supervisor',
  'POST /api/v1/control/tickets/{id}/move': 'supervisor',
  'POST /api/v1/control/tickets/{id}/cancel': 'supervisor',
  'POST /api/v1/control/tickets/{id}/reopen': 'supervisor',
  'PUT /api/v1/control/counters/{counterId}/services': 'supervisor',
  'DELETE /api/v1/control/counters/{counterId}/services': 'supervisor',
  'GET /api/v1/control/centers/{centerId}/no-shows': 'supervisor',
  'POST /api/v1/tickets/{id}/payment': 'operator',
  'GET /api/v1/centers/{centerId}/queue': 'operator',
  'GET /api/v1/counters/{counterId}/queue': 'operator',
  'GET /api/v1/counters/{counterId}/today': 'operator',
  'GET /api/v1/centers/{centerId}/queue-summary': 'operator',
  'GET /api/v1/admin/centers/{centerId}/services': 'operator',
  'GET /api/v1/centers/{centerId}/stats': 'supervisor',
  'GET /api/v1/centers/{centerId}/reports/tickets.csv': 'supervisor',
  'GET /api/v1/tickets/{id}/events': 'supervisor',
  'GET /api/v1/admin/centers/{centerId}': 'supervisor',
  'PUT /api/v1/centers/{centerId}/ticker': 'supervisor',
  'GET /api/v1/admin/centers/{centerId}/service-groups': 'supervisor',
  'GET /api/v1/admin/services/{id}': 'supervisor',
  'GET /api/v1/admin/audit': 'supervisor',
  'GET /api/v1/admin/centers/{centerId}/holidays': 'supervisor',
  'POST /api/v1/admin/centers/{centerId}/holidays': 'supervisor',
  'DELETE /api/v1/admin/centers/{centerId}/holidays/{date}': 'supervisor',
  'GET /api/v1/admin/centers/{centerId}/issuing': 'supervisor',
  'PUT /api/v1/admin/centers/{centerId}/issuing-stop': 'supervisor',
  'DELETE /api/v1/admin/centers/{centerId}/issuing-stop': 'supervisor',
  'PUT /api/v1/admin/services/{serviceId}/issuing-stop': 'supervisor',
  'DELETE /api/v1/admin/services/{serviceId}/issuing-stop': 'supervisor',
  'POST /api/v1/centers/{centerId}/plan/what-if': 'supervisor',
  'GET /api/v1/centers/{centerId}/plan': 'supervisor',
  'POST /api/v1/centers/{centerId}/plan/replay': 'supervisor',
  'GET /api/v1/centers/{centerId}/bookings/seats': 'supervisor',
  'GET /api/v1/centers/{centerId}/bookings/stats': 'supervisor',
  'GET /api/v1/centers/{centerId}/estimates/accuracy': 'supervisor',
  'GET /api/v1/centers/{centerId}/estimates/accuracy.csv': 'supervisor',
  'GET /api/v1/centers/{centerId}/devices': 'supervisor',
  'DELETE /api/v1/centers/{centerId}/devices/{deviceId}': 'supervisor',
  'POST /api/v1/centers/{centerId}/staff-tickets': 'operator',
  'POST /api/v1/tickets/{id}/reprint': 'operator',
  'GET /api/v1/centers/{centerId}/printable-kiosks': 'operator',
  'POST /api/v1/centers/{centerId}/broadcasts': 'supervisor',
  'GET /api/v1/centers/{centerId}/broadcasts': 'supervisor',
  'DELETE /api/v1/centers/{centerId}/broadcasts/{id}': 'supervisor',
  'GET /api/v1/overview': 'admin',
  'GET /api/v1/overview/weekly': 'admin',
  'GET /api/v1/overview/weekly.csv': 'admin',
  'POST /api/v1/admin/centers': 'admin',
  'PATCH /api/v1/admin/centers/{centerId}': 'admin',
  'POST /api/v1/admin/service-groups': 'admin',
  'PATCH /api/v1/admin/service-groups/{id}': 'admin',
  'DELETE /api/v1/admin/service-groups/{id}': 'admin',
  'POST /api/v1/admin/services': 'admin',
  'PATCH /api/v1/admin/services/{id}': 'admin',
  'DELETE /api/v1/admin/services/{id}': 'admin',
  'POST /api/v1/admin/counters': 'admin',
  'PATCH /api/v1/admin/counters/{id}': 'admin',
  'DELETE /api/v1/admin/counters/{id}': 'admin',
  'GET /api/v1/admin/users': 'admin',
  'POST /api/v1/admin/users': 'admin',
  'GET /api/v1/admin/users/{id}': 'admin',
  'PATCH /api/v1/admin/users/{id}': 'admin',
  'POST /api/v1/admin/webhooks': 'admin',
  'GET /api/v1/admin/webhooks': 'admin',
  'DELETE /api/v1/admin/webhooks/{id}': 'admin',
  'PATCH /api/v1/admin/webhooks/{id}': 'admin',
  'GET /api/v1/admin/webhooks/{id}/deliveries': 'admin',
  'POST /api/v1/admin/webhooks/{id}/deliveries/{deliveryId}/retry': 'admin',
  'POST /api/v1/admin/webhooks/{id}/rotate-secret': 'admin',
  'GET /api/v1/admin/message-templates': 'admin',
  'PUT /api/v1/admin/message-templates/{kind}/{language}': 'admin',
  'DELETE /api/v1/admin/message-templates/{kind}/{language}': 'admin',
  'POST /api/v1/admin/backups': 'admin',
  'GET /api/v1/admin/backups': 'admin',
};

const userOfRole: Record<Role, string> = { operator: 'operator1', supervisor: 'supervisor', admin: 'admin' };
const weaker: Record<Role, Role[]> = { operator: [], supervisor: ['operator'], admin: ['operator', 'supervisor'] };
const phone = '03001234567';

let t: TestApp;
let operations: string[];
const cookies: Partial<Record<Role, string>> = {};

const concrete = (path: string) => path.replace('{centerId}', 'isb-g9').replace(/\{\w+\}/g, '999');

beforeAll(async () => {
  t = await createTestApp();
  const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
  operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
  for (const role of ['operator', 'supervisor', 'admin'] as const) {
    const passwords: Record<string, string> = { operator1: 'operator1-demo', supervisor: 'supervisor-demo', admin: 'admin-password-1' };
    cookies[role] = await login(t.app, userOfRole[role], passwords[userOfRole[role]] as string);
  }
});
afterAll(async () => {
  await t?.close();
});

describe('access, table-driven from the OpenAPI document', () => {
  it('every route has a decision: public, or the weakest staff role allowed', () => {
    const undecided = operations.filter((op) => !publicRoutes.has(op) && !(op in staffRoutes));
    expect(undecided, 'routes without an access decision in access.test.ts').toEqual([]);
    expect(Object.keys(staffRoutes).length).toBeGreaterThan(30);
  });

  it('every staff route answers 401 without a session, and with a forged or expired cookie', async () => {
    for (const op of operations.filter((o) => o in staffRoutes)) {
      const [method, path] = op.split(' ') as [string, string];
      for (const cookie of [undefined, 'navbat_session=forged', 'navbat_session=abc.def']) {
        const res = await t.app.inject({ method: method as 'GET', url: concrete(path), ...(cookie ? { headers: { cookie } } : {}), ...(method !== 'GET' ? { payload: {} } : {}) });
        expect(res.statusCode, `${op} with ${cookie ?? 'no cookie'}`).toBe(401);
        expect(res.json().error.code).toBe('UNAUTHENTICATED');
      }
    }
  });

  it('every staff route answers 403 to a weaker role, and lets its own role through the door', async () => {
    for (const op of operations.filter((o) => o in staffRoutes)) {
      const [method, path] = op.split(' ') as [string, string];
      const role = staffRoutes[op] as Role;
      // Access is checked before the body is validated, so an empty body must not matter.
      for (const weak of weaker[role]) {
        const res = await t.app.inject({ method: method as 'GET', url: concrete(path), headers: { cookie: cookies[weak]! }, ...(method !== 'GET' ? { payload: {} } : {}) });
        expect(res.statusCode, `${op} as ${weak}`).toBe(403);
        expect(res.json().error.code).toBe('FORBIDDEN');
      }
      if (op === 'POST /api/v1/auth/logout') continue;
      const own = await t.app.inject({ method: method as 'GET', url: concrete(path), headers: { cookie: cookies[role]! }, ...(method !== 'GET' ? { payload: {} } : {}) });
      expect([401, 403], `${op} as ${role} → ${own.statusCode} ${own.body.slice(0, 120)}`).not.toContain(own.statusCode);
    }
  });

  it('public routes need no session', async () => {
    for (const op of operations.filter((o) => publicRoutes.has(o))) {
      const [method, path] = op.split(' ') as [string, string];
      const res = await t.app.inject({ method: method as 'GET', url: concrete(path), ...(method !== 'GET' ? { payload: {} } : {}) });
      expect([401, 403], `${op} → ${res.statusCode}`).not.toContain(res.statusCode);
    }
  });
});

describe('a phone number never leaves through a public door', () => {
  const net = listenForSockets(() => t.app);

  it('not in any public response, display event or phone event, through a whole ticket life', async () => {
    const seen: string[] = [];
    const display = io(`${net.url}/display`, { transports: ['websocket'], forceNew: true, auth: { centerId: 'isb-g9' } });
    net.track(display);
    display.onAny((event, payload) => seen.push(`display ${event} ${JSON.stringify(payload)}`));
    const displayEvents = recordEvents(display);

    const issued = await issue(t.app, 1, { phone, language: 'ur' });
    expect(issued.status).toBe(201);
    seen.push(JSON.stringify(issued.body));
    const { publicId } = issued.body.ticket as { publicId: string };
    const second = await issue(t.app, 1, { phone: '+92 300 7654321' });
    seen.push(JSON.stringify(second.body));

    const phoneSocket = io(`${net.url}/ticket`, { transports: ['websocket'], forceNew: true, auth: { publicId } });
    net.track(phoneSocket);
    phoneSocket.onAny((event, payload) => seen.push(`ticket ${event} ${JSON.stringify(payload)}`));
    const phoneEvents = recordEvents(phoneSocket);
    await phoneEvents.next('ticket:updated', 5000);
    seen.push(JSON.stringify(await display.timeout(5000).emitWithAck('display:sync')));
    seen.push(JSON.stringify(await phoneSocket.timeout(5000).emitWithAck('ticket:sync')));

    const op = await staffClient(t.app, 'operator1');
    await op('POST', '/api/v1/counters/1/open');
    await op('POST', '/api/v1/counters/1/call-next');
    await op('POST', '/api/v1/counters/1/start');
    await op('POST', '/api/v1/counters/1/complete', {});
    // Every event of the ticket's life is in `seen` once the phone hears it is done and the display has the last state.
    await phoneEvents.until('ticket:updated', (p) => p.ticket.status === 'done', 5000);
    const { seq } = (await t.app.inject({ method: 'GET', url: '/api/v1/centers/isb-g9/display' })).json();
    await displayEvents.until('display:updated', (s) => s.seq === seq, 5000);

    const publicGets = ['/api/v1/centers', '/api/v1/centers/isb-g9/services', `/api/v1/tickets/${publicId}`, '/api/v1/centers/isb-g9/display', '/api/v1/centers/isb-g9/display?zone=hall-a'];
    for (const path of publicGets) seen.push((await t.app.inject({ method: 'GET', url: path })).body);
    seen.push((await t.app.inject({ method: 'POST', url: `/api/v1/tickets/${publicId}/feedback`, payload: { rating: 5 } })).body);
    seen.push((await t.app.inject({ method: 'POST', url: `/api/v1/tickets/${second.body.ticket.publicId}/cancel` })).body);

    expect(seen.some((s) => s.includes('ticket:updated'))).toBe(true);
    expect(seen.some((s) => s.includes('ticket:called'))).toBe(true);
    for (const text of seen) {
      expect(text).not.toContain('3001234567');
      expect(text).not.toContain('7654321');
      expect(text).not.toMatch(/"phone"/);
    }
    // The phone was stored (it is for SMS), only never shown.
    const stored = await t.database.db.selectFrom('tickets').select('phone').where('public_id', '=', publicId).executeTakeFirst();
    expect(stored?.phone).toContain('3001234567');
  });

  it('staff sockets without a session, or with a forged one, are refused', async () => {
    for (const headers of [{}, { cookie: 'navbat_session=forged' }] as Record<string, string>[]) {
      const s = io(`${net.url}/staff`, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { centerId: 'isb-g9' }, extraHeaders: headers });
      net.track(s);
      const outcome = await new Promise<string>((resolve) => {
        s.once('connect', () => resolve('connected'));
        s.once('connect_error', (err: Error & { data?: { code?: string } }) => resolve(err.data?.code ?? 'refused'));
      });
      expect(outcome).toBe('UNAUTHENTICATED');
    }
  });
});
