import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestApp } from '../support/test-app';
import { connectRecording } from '../support/sockets';

/** Abuse: rate limits per client, login throttling, security headers and cross-site writes. */
let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const issueFrom = (app: TestApp['app'], remoteAddress: string) =>
  app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/tickets', payload: { serviceId: 1 }, remoteAddress });

describe('abuse', () => {
  it('public ticket issuing is limited per client address; other clients are not affected', async () => {
    t = await createTestApp({ config: { rateLimitPerMinute: 5 } });
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await issueFrom(t.app, '10.0.0.1')).statusCode);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429]);
    const limited = await issueFrom(t.app, '10.0.0.1');
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect((await issueFrom(t.app, '10.0.0.2')).statusCode).toBe(201);
    // Refused requests issued nothing: five plus one from the other kiosk.
    const count = await t.database.db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(6);
  });

  it('login attempts are throttled, even with the right password after too many', async () => {
    t = await createTestApp({ config: { loginAttemptsPerMinute: 3 } });
    const attempt = (password: string) => t!.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'operator1', password }, remoteAddress: '10.0.0.9' });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await attempt('wrong-password')).statusCode);
    expect(statuses).toEqual([401, 401, 401]);
    const blocked = await attempt('operator1-demo');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('RATE_LIMITED');
    expect(blocked.cookies.find((c) => c.name === 'navbat_session')).toBeUndefined();
  });

  it('answers carry security headers and a content security policy without inline scripts', async () => {
    t = await createTestApp();
    // Refusals too: a 404, a 400 of bad input.
    const expected: Record<string, number> = { '/api/v1/centers': 200, '/api/v1/centers/isb-g9/display': 200, '/healthz': 200, '/api/v1/centers/nowhere/display': 404, '/api/v1/centers/isb-g9/display?zone=%00': 400 };
    for (const [url, status] of Object.entries(expected)) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(status);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers['cross-origin-opener-policy'], url).toBe('same-origin');
      expect(res.headers['cross-origin-resource-policy'], url).toBe('same-origin');
      expect(res.headers['x-xss-protection'], url).toBe('0');
      expect(res.headers['strict-transport-security'], url).toBeUndefined();
      expect(res.headers['cross-origin-embedder-policy'], url).toBeUndefined();
    }
  });

  it('state-changing staff requests from another origin are refused; the same origin is not', async () => {
    t = await createTestApp();
    const cookie = await login(t.app, 'operator1', 'operator1-demo');
    const open = (origin: string | undefined) =>
      t!.app.inject({ method: 'POST', url: '/api/v1/counters/1/open', headers: { cookie, host: 'hall.local', ...(origin ? { origin } : {}) } });
    for (const origin of ['https://evil.example', 'http://hall.local.evil.example', 'null', 'not a url']) {
      const res = await open(origin);
      expect(res.statusCode, origin).toBe(403);
      expect(res.json().error.code).toBe('CROSS_ORIGIN_REQUEST');
    }
    const counter = await t.database.db.selectFrom('counters').select(['status', 'operator_id']).where('id', '=', 1).executeTakeFirstOrThrow();
    expect(counter.status).toBe('closed');
    expect((await open('http://hall.local')).statusCode).toBe(200);
    // Reads are not state-changing and a kiosk (no cookie) is not a staff request.
    const read = await t.app.inject({ method: 'GET', url: '/api/v1/counters/1', headers: { cookie, origin: 'https://evil.example' } });
    expect(read.statusCode).toBe(200);
  });

  it('the /staff socket refuses another site\'s Origin with a valid session cookie; the same origin connects', async () => {
    t = await createTestApp();
    const cookie = await login(t.app, 'supervisor', 'supervisor-demo');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
    const host = new URL(url).host;
    const attempt = (origin: string | undefined) =>
      connectRecording(url, '/staff', { centerId: 'isb-g9' }, { cookie, ...(origin ? { origin } : {}) }).then(
        (s) => (s.close(), 'connected'),
        (error: Error & { data?: { code?: string } }) => error.data?.code ?? error.message,
      );
    for (const origin of ['https://evil.example', `http://${host}.evil.example`, 'null']) expect(await attempt(origin), origin).toBe('CROSS_ORIGIN_REQUEST');
    expect(await attempt(url)).toBe('connected');
    // A client that is not a browser sends no Origin; the session cookie alone still decides.
    expect(await attempt(undefined)).toBe('connected');
  });

  it('errors never carry stack traces or SQL', async () => {
    t = await createTestApp();
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/tickets', headers: { 'content-type': 'application/json' }, payload: '{"serviceId": 1,' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('INVALID_JSON');
    expect(res.body).not.toMatch(/at .*\.(ts|js):\d+|SQLITE|select /i);
  });
});
