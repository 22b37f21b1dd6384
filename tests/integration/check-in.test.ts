import { describe, expect, it } from 'vitest';
import { issue, staffClient, useTestApp } from '../support/test-app';
import { enableBooking } from '../support/booking';

// The clock starts at 2026-11-24T05:00Z (10:00 in Karachi).
const t = useTestApp();
const slot = '2026-11-24T06:00:00.000Z'; // 11:00 local

async function booked() {
  await enableBooking(t.app, 2);
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/appointments', payload: { serviceId: 1, start: slot, language: 'ur' } });
  return res.json() as { appointment: { publicId: string; code: string }; checkInUrl: string };
}
const checkIn = (code: string) => t.app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/check-in', payload: { code } });

describe('check-in of an appointment', () => {
  it('too early is TOO_EARLY with retryAt; from start − earlyMinutes it issues the ticket; again answers the same', async () => {
    const { appointment } = await booked();
    t.clock.set('2026-11-24T05:29:59.000Z');
    const early = await checkIn(appointment.code);
    expect([early.statusCode, early.json().error.code, early.json().error.retryAt]).toEqual([409, 'TOO_EARLY', '2026-11-24T05:30:00.000Z']);
    t.clock.set('2026-11-24T05:30:00.000Z');
    const first = await checkIn(appointment.code.toLowerCase());
    expect(first.statusCode).toBe(201);
    const { ticket, appointment: after } = first.json();
    expect(ticket).toMatchObject({ serviceId: 1, channel: 'appointment', appointmentAt: slot, issuedAt: '2026-11-24T05:30:00.000Z', arrived: true, status: 'waiting', language: 'ur' });
    expect(after).toMatchObject({ status: 'checked_in', ticketPublicId: ticket.publicId });
    // By its public id, its check-in link (the QR) or the ticket's own: the same ticket, 200.
    for (const code of [appointment.publicId, `http://kiosk.local/book?center=isb-g9&appointment=${appointment.publicId}`, ticket.publicId, `http://x/t/${ticket.publicId}`]) {
      const again = await checkIn(code);
      expect([again.statusCode, again.json().ticket.id], code).toEqual([200, ticket.id]);
    }
    expect(await t.database.db.selectFrom('tickets').select('id').execute()).toHaveLength(1);
    const types = (await t.database.db.selectFrom('outbox_events').select('type').orderBy('id').execute()).map((e) => e.type);
    expect(types).toEqual(['appointment.booked', 'ticket.issued', 'appointment.checked_in']);
  });

  it('two check-ins at once give one ticket', async () => {
    const { appointment } = await booked();
    t.clock.set(slot);
    const answers = await Promise.all(Array.from({ length: 8 }, () => checkIn(appointment.code)));
    expect(new Set(answers.map((a) => a.json().ticket.id)).size).toBe(1);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
  });

  it('at start + lateMinutes it is accepted; one second later it is APPOINTMENT_MISSED and the booking is missed', async () => {
    const { appointment } = await booked();
    t.clock.set('2026-11-24T06:10:01.000Z');
    const late = await checkIn(appointment.code);
    // It names the booked service: the kiosk offers a walk-in ticket for it in one tap.
    expect([late.statusCode, late.json().error.code, late.json().error.serviceId]).toEqual([409, 'APPOINTMENT_MISSED', 1]);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/appointments/${appointment.publicId}` })).json().appointment.status).toBe('missed');
    expect((await checkIn(appointment.code)).json().error).toMatchObject({ code: 'APPOINTMENT_MISSED', serviceId: 1 });
    expect(await t.database.db.selectFrom('tickets').select('id').execute()).toHaveLength(0);
    const second = (await t.app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/appointments', payload: { serviceId: 1, start: '2026-11-24T07:00:00.000Z' } })).json().appointment;
    t.clock.set('2026-11-24T07:10:00.000Z');
    expect((await checkIn(second.code)).statusCode).toBe(201);
  });

  it('unknown codes, another centre, cancelled bookings and malformed bodies are typed 4xx that store nothing', async () => {
    const { appointment } = await booked();
    for (const code of ['ZZZZZZ', 'ABCDE1', 'https://evil.example/', 'not a code at all', 'AbCdEfGhIjKlMnOpQrStUv']) {
      const res = await checkIn(code);
      expect([res.statusCode, res.json().error.code], code).toEqual([404, 'CODE_NOT_FOUND']);
    }
    for (const payload of [{}, { code: '' }, { code: 5 }, { code: 'x'.repeat(501) }, { code: 'ABCDEF', more: 1 }]) {
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/check-in', payload })).statusCode, JSON.stringify(payload)).toBe(400);
    }
    await t.app.inject({ method: 'POST', url: `/api/v1/appointments/${appointment.publicId}/cancel` });
    t.clock.set(slot);
    expect((await checkIn(appointment.code)).json().error.code).toBe('APPOINTMENT_NOT_BOOKED');
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/centers/no-such/check-in', payload: { code: appointment.code } })).json().error.code).toBe('CENTER_NOT_FOUND');
    expect(await t.database.db.selectFrom('tickets').select('id').execute()).toHaveLength(0);
  });

  it('the counter calls it when its slot begins, ahead of earlier walk-ins', async () => {
    const { appointment } = await booked();
    const walkIn = (await issue(t.app, 1)).body.ticket;
    t.clock.set('2026-11-24T05:45:00.000Z');
    const { ticket } = (await checkIn(appointment.code)).json();
    const op = await staffClient(t.app, 'operator1');
    await op('POST', '/api/v1/counters/1/open');
    // Before 11:00 the appointment waits behind the walk-in (issued earlier).
    expect((await op('POST', '/api/v1/counters/1/call-next')).body.ticket.id).toBe(walkIn.id);
    await op('POST', '/api/v1/counters/1/complete', {});
    await issue(t.app, 1);
    t.clock.set(slot);
    expect((await op('POST', '/api/v1/counters/1/call-next')).body.ticket.id).toBe(ticket.id);
  });
});
