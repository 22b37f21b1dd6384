import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../server/src/services/events';
import { updateTicketOrFail } from '../../server/src/db/tickets.repository';
import { useTestApp, issue, login, staffClient } from '../support/test-app';

const t = useTestApp();

const get = async (url: string, headers: Record<string, string> = {}) => {
  const res = await t.app.inject({ method: 'GET', url, headers });
  return { status: res.statusCode, body: res.json() };
};

describe('public endpoints', () => {
  it('lists centers and the services of one, with groups, lines and estimates', async () => {
    const centers = await get('/api/v1/centers');
    expect(centers.status).toBe(200);
    expect(centers.body).toEqual([{ id: 'isb-g9', name: { en: 'Asan Khidmat Markaz, Islamabad', ur: expect.any(String) }, timezone: 'Asia/Karachi', open: true }]);
    const services = await get('/api/v1/centers/isb-g9/services');
    expect(services.status).toBe(200);
    expect(services.body.groups.length).toBeGreaterThanOrEqual(6);
    expect(services.body.services[0]).toMatchObject({ id: 1, prefix: 'A', open: true, allowsPriority: true, waiting: 0, estimatedWaitSeconds: expect.any(Number) });
    expect((await get('/api/v1/centers/nowhere/services')).body.error.code).toBe('CENTER_NOT_FOUND');
  });

  it('issues a ticket with code, position and estimate, and never shows the phone number', async () => {
    const first = await issue(t.app, 1, { phone: '+92 300 1234567', language: 'ur' });
    expect(first.status).toBe(201);
    const ticket = first.body.ticket;
    expect(ticket).toMatchObject({ code: 'A001', number: 1, status: 'waiting', position: 1, priority: 'none', channel: 'kiosk', language: 'ur', counterId: null, calledAt: null });
    expect(ticket.publicId).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    expect(ticket.issuedAt).toBe('2026-11-24T05:00:00.000Z');
    expect(JSON.stringify(first.body)).not.toContain('1234567');
    const second = await issue(t.app, 1);
    expect(second.body.ticket).toMatchObject({ code: 'A002', position: 2 });
    const fetched = await get(`/api/v1/tickets/${ticket.publicId}`);
    expect(fetched.body.ticket).toMatchObject({ id: ticket.id, position: 1 });
    expect(JSON.stringify(fetched.body)).not.toContain('1234567');
    expect((await get('/api/v1/centers/isb-g9/services')).body.services[0].waiting).toBe(2);
  });

  it('refuses bad input with typed 4xx codes', async () => {
    expect((await issue(t.app, 999)).body.error.code).toBe('SERVICE_NOT_FOUND');
    const wrongType = await issue(t.app, '1' as unknown as number);
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.code).toBe('VALIDATION_ERROR');
    expect((await issue(t.app, 1, { extra: true })).status).toBe(400);
    expect((await issue(t.app, 1, { priority: 'vip' })).body.error.code).toBe('VALIDATION_ERROR');
    const badJson = await t.app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/tickets', payload: '{"serviceId":', headers: { 'content-type': 'application/json' } });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().error.code).toBe('INVALID_JSON');
    const text = await t.app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/tickets', payload: 'hello', headers: { 'content-type': 'text/plain' } });
    expect(text.statusCode).toBe(415);
    expect(text.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect((await get('/api/v1/tickets/does-not-exist-at-all')).body.error.code).toBe('TICKET_NOT_FOUND');
    expect((await get('/api/v1/nothing')).body.error.code).toBe('NOT_FOUND');
    expect((await get('/api/v1/centers/BAD_ID/services')).status).toBe(400);
  });

  it('closed services, priority rules and daily caps answer 409 with their code', async () => {
    const admin = await staffClient(t.app, 'admin');
    const noPrio = await admin('POST', '/api/v1/admin/services', { centerId: 'isb-g9', prefix: 'Z', name: { en: 'Z', ur: 'ز' }, allowsPriority: false, dailyCap: 1 });
    expect(noPrio.status).toBe(201);
    const zId = noPrio.body.service.id;
    expect((await issue(t.app, zId, { priority: 'senior' })).body.error.code).toBe('PRIORITY_NOT_ALLOWED');
    expect((await issue(t.app, zId)).status).toBe(201);
    expect((await issue(t.app, zId)).body.error.code).toBe('DAILY_CAP_REACHED');
    await admin('PATCH', `/api/v1/admin/services/${zId}`, { active: false, dailyCap: null });
    expect((await issue(t.app, zId)).body.error.code).toBe('SERVICE_CLOSED');
    // Opening hours in the center's zone: 05:00Z is 10:00 in Karachi on a Tuesday.
    await admin('PATCH', '/api/v1/admin/services/2', { openingHours: [{ days: [1, 2, 3, 4, 5], open: '11:00', close: '16:00' }] });
    expect((await issue(t.app, 2)).body.error.code).toBe('SERVICE_CLOSED');
    const services = await get('/api/v1/centers/isb-g9/services');
    expect(services.body.services.find((s: { id: number }) => s.id === 2).open).toBe(false);
    t.clock.advance(3600_000);
    expect((await issue(t.app, 2)).status).toBe(201);
  });

  it('a citizen cancels only while waiting, and rates once after service', async () => {
    const a = (await issue(t.app, 1)).body.ticket;
    const cancel = await t.app.inject({ method: 'POST', url: `/api/v1/tickets/${a.publicId}/cancel` });
    expect(cancel.statusCode).toBe(200);
    expect(cancel.json().ticket).toMatchObject({ status: 'cancelled', position: null });
    const again = await t.app.inject({ method: 'POST', url: `/api/v1/tickets/${a.publicId}/cancel` });
    expect(again.json().error.code).toBe('TICKET_NOT_WAITING');

    const b = (await issue(t.app, 1)).body.ticket;
    const rate = (payload: object) => t.app.inject({ method: 'POST', url: `/api/v1/tickets/${b.publicId}/feedback`, payload });
    expect((await rate({ rating: 5 })).json().error.code).toBe('FEEDBACK_NOT_ALLOWED');
    const op = await staffClient(t.app, 'operator1');
    await op('POST', '/api/v1/counters/1/open');
    await op('POST', '/api/v1/counters/1/call-next');
    await op('POST', '/api/v1/counters/1/complete', { outcome: 'card issued' });
    expect((await rate({ rating: 6 })).statusCode).toBe(400);
    const ok = await rate({ rating: 4, comment: 'quick' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().ticket.rated).toBe(true);
    expect((await rate({ rating: 5 })).json().error.code).toBe('FEEDBACK_NOT_ALLOWED');
  });

  it('takes a rating sent several times at once once: one answer 201, the others 409, one rating event', async () => {
    const b = (await issue(t.app, 1)).body.ticket;
    const op = await staffClient(t.app, 'operator1');
    await op('POST', '/api/v1/counters/1/open');
    await op('POST', '/api/v1/counters/1/call-next');
    await op('POST', '/api/v1/counters/1/complete', {});
    const answers = await Promise.all(
      [1, 2, 3, 4, 5].map((rating) => t.app.inject({ method: 'POST', url: `/api/v1/tickets/${b.publicId}/feedback`, payload: { rating } })),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409, 409, 409, 409]);
    // Refused by the rule (it was rated first) or, on PostgreSQL, by the guarded write (rated meanwhile).
    for (const a of answers.filter((x) => x.statusCode === 409)) expect(['FEEDBACK_NOT_ALLOWED', 'CONFLICT']).toContain(a.json().error.code);
    const id = Number((await t.database.db.selectFrom('tickets').select('id').where('public_id', '=', b.publicId).executeTakeFirstOrThrow()).id);
    const rated = await t.database.db.selectFrom('ticket_events').select('data').where('ticket_id', '=', id).where('type', '=', 'rated').execute();
    expect(rated).toHaveLength(1);
    const kept = await t.database.db.selectFrom('tickets').select('rating').where('id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.parse(rated[0]!.data!).rating).toBe(kept.rating);
    // The guarded write itself: a rated ticket is not rated again, whatever its status.
    await expect(updateTicketOrFail(t.database.db, id, 'done', { rating: 1 }, () => new Error('rated meanwhile'), { unrated: true })).rejects.toThrow('rated meanwhile');
  });
});

describe('staff', () => {
  it('signs in with a session cookie and refuses wrong passwords', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'operator1', password: 'nope' } });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.code).toBe('INVALID_CREDENTIALS');
    const good = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'operator1', password: 'operator1-demo' } });
    expect(good.statusCode).toBe(200);
    expect(good.json().user).toMatchObject({ username: 'operator1', role: 'operator' });
    const setCookie = String(good.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = await login(t.app, 'operator1', 'operator1-demo');
    expect((await get('/api/v1/auth/me', { cookie })).body.user.username).toBe('operator1');
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    expect((await get('/api/v1/auth/me', { cookie })).status).toBe(401);
  });

  it('checks session and role before validating the request', async () => {
    const noSession = await t.app.inject({ method: 'POST', url: '/api/v1/counters/1/pause', payload: { nonsense: 1 } });
    expect(noSession.statusCode).toBe(401);
    expect(noSession.json().error.code).toBe('UNAUTHENTICATED');
    const op = await staffClient(t.app, 'operator1');
    const weak = await op('GET', '/api/v1/centers/isb-g9/stats?from=garbage');
    expect(weak.status).toBe(403);
    expect(weak.body.error.code).toBe('FORBIDDEN');
    expect((await op('POST', '/api/v1/admin/users', { junk: true })).status).toBe(403);
    const sup = await staffClient(t.app, 'supervisor');
    expect((await sup('GET', '/api/v1/centers/isb-g9/stats')).status).toBe(200);
    expect((await sup('POST', '/api/v1/admin/users', {})).status).toBe(403);
  });

  it('runs a counter through call, recall, start, complete, no-show and an empty line', async () => {
    const op = await staffClient(t.app, 'operator1');
    expect((await op('POST', '/api/v1/counters/1/call-next')).body.error.code).toBe('COUNTER_NOT_OPEN');
    const opened = await op('POST', '/api/v1/counters/1/open');
    expect(opened.body.counter).toMatchObject({ id: 1, status: 'open', operator: { username: 'operator1' } });
    expect((await op('POST', '/api/v1/counters/1/call-next')).status).toBe(204);

    const a = (await issue(t.app, 1)).body.ticket;
    const b = (await issue(t.app, 2)).body.ticket;
    t.clock.advance(60_000);
    const called = await op('POST', '/api/v1/counters/1/call-next');
    expect(called.body.ticket).toMatchObject({ id: a.id, status: 'called', counterId: 1, counterName: '1', calledAt: '2026-11-24T05:01:00.000Z' });
    expect((await op('POST', '/api/v1/counters/1/call-next')).body.error.code).toBe('COUNTER_HAS_TICKET');
    expect((await op('POST', '/api/v1/counters/1/close')).body.error.code).toBe('COUNTER_HAS_TICKET');
    t.clock.advance(30_000);
    expect((await op('POST', '/api/v1/counters/1/recall')).body.ticket.calledAt).toBe('2026-11-24T05:01:30.000Z');
    expect((await op('POST', '/api/v1/counters/1/start')).body.ticket.status).toBe('serving');
    expect((await op('POST', '/api/v1/counters/1/recall')).body.error.code).toBe('TICKET_NOT_CALLED');
    expect((await op('POST', '/api/v1/counters/1/no-show')).body.error.code).toBe('TICKET_NOT_CALLED');
    t.clock.advance(120_000);
    const done = await op('POST', '/api/v1/counters/1/complete', { outcome: 'renewed' });
    expect(done.body.ticket).toMatchObject({ status: 'done', outcome: 'renewed', finishedAt: '2026-11-24T05:03:30.000Z' });
    expect((await op('POST', '/api/v1/counters/1/complete')).body.error.code).toBe('NO_CURRENT_TICKET');

    const second = await op('POST', '/api/v1/counters/1/call-next');
    expect(second.body.ticket.id).toBe(b.id);
    expect((await op('POST', '/api/v1/counters/1/no-show')).body.ticket.status).toBe('no_show');
    expect((await op('POST', '/api/v1/counters/1/call-next')).status).toBe(204);

    const paused = await op('POST', '/api/v1/counters/1/pause', { reason: 'prayer' });
    expect(paused.body.counter).toMatchObject({ status: 'paused', pauseReason: 'prayer' });
    expect((await op('POST', '/api/v1/counters/1/pause', { reason: '' })).status).toBe(400);
    expect((await op('POST', '/api/v1/counters/1/call-next')).body.error.code).toBe('COUNTER_NOT_OPEN');
    expect((await op('POST', '/api/v1/counters/1/open')).body.counter.status).toBe('open');
    expect((await op('POST', '/api/v1/counters/1/close')).body.counter).toMatchObject({ status: 'closed', operator: null });

    const sup = await staffClient(t.app, 'supervisor');
    const trail = await sup('GET', `/api/v1/tickets/${a.id}/events`);
    expect(trail.body.map((e: { type: string }) => e.type)).toEqual(['issued', 'called', 'recalled', 'started', 'completed']);
    expect(trail.body[1]).toMatchObject({ actor: { username: 'operator1' }, counterId: 1 });
  });

  it('one operator per counter and one counter per operator', async () => {
    const op1 = await staffClient(t.app, 'operator1');
    const op2 = await staffClient(t.app, 'operator2');
    await op1('POST', '/api/v1/counters/1/open');
    expect((await op2('POST', '/api/v1/counters/1/open')).body.error.code).toBe('COUNTER_BUSY');
    expect((await op1('POST', '/api/v1/counters/2/open')).body.error.code).toBe('COUNTER_BUSY');
    expect((await op2('POST', '/api/v1/counters/1/pause', { reason: 'x' })).body.error.code).toBe('COUNTER_NOT_YOURS');
    expect((await op2('POST', '/api/v1/counters/999/open')).body.error.code).toBe('COUNTER_NOT_FOUND');
  });

  it('calls a specific waiting ticket, and transfers keep the code and issue time', async () => {
    const op1 = await staffClient(t.app, 'operator1');
    const op2 = await staffClient(t.app, 'operator2');
    await op1('POST', '/api/v1/counters/1/open'); // serves A (1) and B (2)
    await op2('POST', '/api/v1/counters/4/open'); // serves P (3)
    const a1 = (await issue(t.app, 1)).body.ticket;
    const a2 = (await issue(t.app, 1)).body.ticket;
    const p = (await issue(t.app, 3)).body.ticket;
    expect((await op1('POST', '/api/v1/counters/1/call', { ticketId: p.id })).body.error.code).toBe('TICKET_NOT_ELIGIBLE');
    expect((await op1('POST', '/api/v1/counters/1/call', { ticketId: a2.id })).body.ticket.id).toBe(a2.id);
    expect((await op1('POST', '/api/v1/counters/1/call', { ticketId: a1.id })).body.error.code).toBe('COUNTER_HAS_TICKET');

    // To another service, sorted: keeps its issue time, so it goes before the later P ticket.
    t.clock.advance(60_000);
    const moved = await op1('POST', '/api/v1/counters/1/transfer', { serviceId: 3 });
    expect(moved.body.ticket).toMatchObject({ id: a2.id, code: 'A002', status: 'waiting', serviceId: 3, issuedAt: a2.issuedAt, counterId: null, position: 1 });
    expect((await op2('POST', '/api/v1/counters/4/call-next')).body.ticket.id).toBe(a2.id);

    // To a specific counter, in front: that counter calls it before anything else.
    const toCounter = await op2('POST', '/api/v1/counters/4/transfer', { counterId: 1, placement: 'front' });
    expect(toCounter.body.ticket.status).toBe('waiting');
    expect((await op1('POST', '/api/v1/counters/1/call-next')).body.ticket.id).toBe(a2.id);
    expect((await op2('POST', '/api/v1/counters/4/call-next')).body.ticket.id).toBe(p.id);
    expect((await op1('POST', '/api/v1/counters/1/transfer', {})).status).toBe(400);
    expect((await op1('POST', '/api/v1/counters/1/transfer', { counterId: 1 })).body.error.code).toBe('TRANSFER_TARGET_INVALID');

    const queue = await op1('GET', '/api/v1/centers/isb-g9/queue');
    expect(queue.body.map((x: { id: number }) => x.id)).toEqual([a1.id]);
  });

  it("every command that changes a ticket publishes the view it answers on its event, built once; an empty call-next publishes nothing", async () => {
    const published: DomainEvent[] = [];
    t.app.bus.subscribe((events) => published.push(...events));
    /** The ticket on the single ticket event the last command published (called or changed). */
    const lastTicket = () => {
      const ofTicket = published.splice(0).filter((e) => e.type === 'ticket.issued' || e.type === 'ticket.changed' || e.type === 'ticket.called');
      expect(ofTicket).toHaveLength(1);
      return (ofTicket[0] as { ticket?: unknown }).ticket;
    };
    const op = await staffClient(t.app, 'operator1');
    await op('POST', '/api/v1/counters/1/open');
    published.length = 0;
    const seqBefore = (await get('/api/v1/centers/isb-g9/display')).body.seq;
    expect((await op('POST', '/api/v1/counters/1/call-next')).status).toBe(204);
    expect(published).toEqual([]);
    // Rolled back, not committed: the displays' sequence did not move.
    expect((await get('/api/v1/centers/isb-g9/display')).body.seq).toBe(seqBefore);

    const issued = await issue(t.app, 1);
    expect(lastTicket()).toEqual(issued.body.ticket);
    const other = await issue(t.app, 1);
    expect(lastTicket()).toEqual(other.body.ticket);
    const cancelled = await t.app.inject({ method: 'POST', url: `/api/v1/tickets/${other.body.ticket.publicId}/cancel` });
    expect(lastTicket()).toEqual(cancelled.json().ticket);
    for (const [command, body] of [['call-next'], ['recall'], ['start'], ['transfer', { serviceId: 2 }], ['call-next'], ['complete', { outcome: 'ok' }]] as const) {
      const answer = await op('POST', `/api/v1/counters/1/${command}`, body);
      expect(answer.status, command).toBe(200);
      expect(lastTicket(), command).toEqual(answer.body.ticket);
    }
    const b = await issue(t.app, 1);
    lastTicket();
    const byHand = await op('POST', '/api/v1/counters/1/call', { ticketId: b.body.ticket.id });
    expect(lastTicket()).toEqual(byHand.body.ticket);
    const noShow = await op('POST', '/api/v1/counters/1/no-show');
    expect(lastTicket()).toEqual(noShow.body.ticket);
    const rated = await t.app.inject({ method: 'POST', url: `/api/v1/tickets/${issued.body.ticket.publicId}/feedback`, payload: { rating: 5 } });
    expect(rated.statusCode).toBe(201);
    expect(lastTicket()).toEqual(rated.json().ticket);
    expect(rated.json().ticket).toMatchObject({ status: 'done', rated: true });
  });

  it('priority tickets go first, but not more than priorityRun in a row', async () => {
    const op = await staffClient(t.app, 'operator1');
    await op('POST', '/api/v1/counters/1/open');
    const r = (await issue(t.app, 1)).body.ticket;
    const ps = [];
    for (let i = 0; i < 4; i++) ps.push((await issue(t.app, 1, { priority: 'senior' })).body.ticket);
    expect(ps[0].position).toBe(1);
    const order = [];
    for (let i = 0; i < 5; i++) {
      order.push((await op('POST', '/api/v1/counters/1/call-next')).body.ticket.id);
      await op('POST', '/api/v1/counters/1/complete');
    }
    expect(order).toEqual([ps[0].id, ps[1].id, ps[2].id, r.id, ps[3].id]);
  });
});

describe('operations', () => {
  it('health, readiness, metrics and the OpenAPI document', async () => {
    expect((await get('/healthz')).body).toEqual({ status: 'ok' });
    expect((await get('/readyz')).body).toMatchObject({ status: 'ready', database: 'ok', migrations: { pending: [], newer: [] } });
    await issue(t.app, 1);
    const op = await staffClient(t.app, 'operator1');
    await op('POST', '/api/v1/counters/1/open');
    await op('POST', '/api/v1/counters/1/call-next');
    await op('POST', '/api/v1/counters/1/complete');
    await issue(t.app, 1);
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('navbat_tickets_issued_total{center="isb-g9",service="A"} 2');
    expect(metrics.body).toContain('navbat_tickets_called_total{center="isb-g9",service="A",recall="false"} 1');
    expect(metrics.body).toContain('navbat_tickets_served_total{center="isb-g9",service="A"} 1');
    expect(metrics.body).toMatch(/navbat_queue_length\{center="isb-g9",service="A"\} 1/);
    expect(metrics.body).toContain('navbat_http_request_duration_seconds_bucket');
    const doc = await get('/api/openapi.json');
    expect(doc.body.openapi).toMatch(/^3\./);
    for (const path of ['/api/v1/centers/{centerId}/tickets', '/api/v1/counters/{counterId}/call-next', '/api/v1/centers/{centerId}/stats', '/api/v1/admin/users']) {
      expect(Object.keys(doc.body.paths)).toContain(path);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/docs/' })).statusCode).toBe(200);
  });

  it('5xx answers carry no stack or SQL', async () => {
    await t.database.db.schema.dropTable('ticket_events').execute();
    const res = await issue(t.app, 1);
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'INTERNAL_ERROR', message: expect.not.stringMatching(/ticket_events|at |sql/i) } });
  });
});
