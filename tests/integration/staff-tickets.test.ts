import { describe, expect, it } from 'vitest';
import { issue, staffClient, useTestApp } from '../support/test-app';

// A counter or help desk issues a ticket for a citizen who cannot use the kiosk, and prints a lost one again.

const t = useTestApp();

describe('staff-issued tickets', () => {
  it('take the next number of the line and are called like any other, the issuer in the audit trail', async () => {
    const op1 = await staffClient(t.app, 'operator1');
    const supervisor = await staffClient(t.app, 'supervisor');
    const walkIn = await issue(t.app, 1);
    const helped = await op1('POST', '/api/v1/centers/isb-g9/staff-tickets', { serviceId: 1, language: 'ur', priority: 'senior' });
    expect(helped.status).toBe(201);
    expect(helped.body.ticket).toMatchObject({ channel: 'staff', code: 'A002', status: 'waiting', priority: 'senior', serviceId: 1 });
    const later = await issue(t.app, 1);
    expect(later.body.ticket.code).toBe('A003');

    // Called in the line's order (a senior citizen first), by the usual call-next.
    expect((await op1('POST', '/api/v1/counters/1/open')).status).toBe(200);
    const first = await op1('POST', '/api/v1/counters/1/call-next');
    expect(first.body.ticket.code).toBe('A002');
    await op1('POST', '/api/v1/counters/1/complete');
    expect((await op1('POST', '/api/v1/counters/1/call-next')).body.ticket.code).toBe(walkIn.body.ticket.code);

    const trail = await supervisor('GET', `/api/v1/tickets/${helped.body.ticket.id}/events`);
    expect(trail.body[0]).toMatchObject({ type: 'issued', actor: { username: 'operator1' }, data: { channel: 'staff' } });
    // The citizen follows it on their phone like any ticket.
    const phone = await t.app.inject({ method: 'GET', url: `/api/v1/tickets/${helped.body.ticket.publicId}` });
    expect(phone.json().ticket.channel).toBe('staff');
  });

  it('refuse what a kiosk could not ask either, and a channel of their own choosing; nothing is issued', async () => {
    const op1 = await staffClient(t.app, 'operator1');
    for (const body of [{ serviceId: 1, channel: 'web' }, { serviceId: 1, channel: 'staff' }, {}, { serviceId: 'A' }, { serviceId: 1, extra: true }]) {
      const r = await op1('POST', '/api/v1/centers/isb-g9/staff-tickets', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_ERROR');
    }
    expect((await op1('POST', '/api/v1/centers/isb-g9/staff-tickets', { serviceId: 9999 })).body.error.code).toBe('SERVICE_NOT_FOUND');
    expect((await op1('POST', '/api/v1/centers/nowhere/staff-tickets', { serviceId: 1 })).status).toBe(404);
    expect((await issue(t.app, 1)).body.ticket.code).toBe('A001');
  });

  it('the same Idempotency-Key twice is one ticket', async () => {
    const op1 = await staffClient(t.app, 'operator1');
    const cookie = (await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'operator1', password: 'operator1-demo' } })).headers['set-cookie'];
    void op1;
    const send = () =>
      t.app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/staff-tickets', payload: { serviceId: 1 }, headers: { cookie: String(cookie).split(';')[0]!, 'idempotency-key': 'help-desk-1' } });
    const [a, b] = await Promise.all([send(), send()]);
    expect(a.json().ticket.id).toBe(b.json().ticket.id);
    expect((await issue(t.app, 1)).body.ticket.code).toBe('A002');
  });
});

describe('reprinting a lost ticket', () => {
  it('answers the same ticket while the visit goes on, records who reprinted it, and refuses an ended one', async () => {
    const op1 = await staffClient(t.app, 'operator1');
    const supervisor = await staffClient(t.app, 'supervisor');
    const { body } = await issue(t.app, 1);
    const again = await op1('POST', `/api/v1/tickets/${body.ticket.id}/reprint`, { counterId: 1 });
    expect(again.status).toBe(200);
    expect(again.body.ticket).toMatchObject({ id: body.ticket.id, publicId: body.ticket.publicId, code: body.ticket.code, position: 1 });
    const trail = await supervisor('GET', `/api/v1/tickets/${body.ticket.id}/events`);
    expect(trail.body.map((e: { type: string }) => e.type)).toEqual(['issued', 'reprinted']);
    expect(trail.body[1]).toMatchObject({ actor: { username: 'operator1' }, counterId: 1 });

    await op1('POST', '/api/v1/counters/1/open');
    await op1('POST', '/api/v1/counters/1/call-next');
    expect((await op1('POST', `/api/v1/tickets/${body.ticket.id}/reprint`)).status).toBe(200);
    await op1('POST', '/api/v1/counters/1/complete');
    const ended = await op1('POST', `/api/v1/tickets/${body.ticket.id}/reprint`);
    expect(ended.status).toBe(409);
    expect(ended.body.error.code).toBe('TICKET_NOT_ACTIVE');
    expect((await op1('POST', '/api/v1/tickets/999999/reprint')).status).toBe(404);
    expect((await op1('POST', `/api/v1/tickets/${body.ticket.id}/reprint`, { counterId: 'x' })).status).toBe(400);
  });
});
