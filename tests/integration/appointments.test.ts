import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { staffClient, useTestApp } from '../support/test-app';
import { enableBooking } from '../support/booking';

// The clock starts at 2026-11-24T05:00Z (10:00 in Karachi); the demo centre has no opening hours.
const t = useTestApp();

const book = (app: FastifyInstance, body: object, key?: string) =>
  app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/appointments', payload: body, headers: key ? { 'idempotency-key': key } : {} });
const slot = '2026-11-24T06:00:00.000Z'; // 11:00 local
const count = async (table: 'appointments' | 'idempotency_keys') =>
  Number((await t.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('centre and service booking settings (admin)', () => {
  it('GET shows the defaults; PATCH merges a part; out-of-range values are 400 and change nothing', async () => {
    const admin = await staffClient(t.app, 'admin');
    const center = await admin('GET', '/api/v1/admin/centers/isb-g9');
    expect(center.body.center.booking).toEqual({ earlyMinutes: 30, lateMinutes: 10, daysAhead: 14, perPhonePerDay: 2 });
    expect(center.body.center.remoteJoin).toEqual({ enabled: false, confirmBy: 5, holdMinutes: 15 });
    const patched = await admin('PATCH', '/api/v1/admin/centers/isb-g9', { booking: { lateMinutes: 5 }, remoteJoin: { enabled: true } });
    expect(patched.body.center.booking).toEqual({ earlyMinutes: 30, lateMinutes: 5, daysAhead: 14, perPhonePerDay: 2 });
    expect(patched.body.center.remoteJoin.enabled).toBe(true);
    for (const bad of [{ booking: { earlyMinutes: 241 } }, { booking: { perPhonePerDay: 0 } }, { remoteJoin: { holdMinutes: 121 } }, { remoteJoin: { confirmBy: 0 } }, { booking: { unknown: 1 } }]) {
      expect((await admin('PATCH', '/api/v1/admin/centers/isb-g9', bad)).status, JSON.stringify(bad)).toBe(400);
    }
    expect((await admin('GET', '/api/v1/admin/centers/isb-g9')).body.center.booking.lateMinutes).toBe(5);

    const created = await admin('POST', '/api/v1/admin/services', { centerId: 'isb-g9', prefix: 'Q', name: { en: 'Q', ur: 'Q' }, booking: { capacity: 4 } });
    expect(created.body.service.booking).toEqual({ slotMinutes: 15, capacity: 4 });
    expect((await admin('GET', '/api/v1/admin/services/2')).body.service.booking).toEqual({ slotMinutes: 15, capacity: 0 });
    expect((await admin('PATCH', '/api/v1/admin/services/2', { booking: { slotMinutes: 0 } })).status).toBe(400);
  });
});

describe('slots', () => {
  it('of a local day, not yet begun, with capacity and free seats', async () => {
    await enableBooking(t.app, 2);
    expect((await book(t.app, { serviceId: 1, start: slot })).statusCode).toBe(201);
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/centers/isb-g9/services/1/slots?date=2026-11-24' });
    expect(res.statusCode).toBe(200);
    const { date, slots } = res.json();
    expect(date).toBe('2026-11-24');
    // 10:00 local has begun (it is 10:00:00 exactly), so the first is 10:30; the last starts at 23:30.
    expect(slots[0]).toEqual({ start: '2026-11-24T05:30:00.000Z', end: '2026-11-24T06:00:00.000Z', capacity: 2, free: 2 });
    expect(slots.find((s: { start: string }) => s.start === slot).free).toBe(1);
    expect(slots.at(-1).start).toBe('2026-11-24T18:30:00.000Z');
    expect(slots).toHaveLength(27);
  });

  it('none for an unbookable service, before today or past daysAhead; bad dates and ids are 400; unknown service 404', async () => {
    const get = (url: string) => t.app.inject({ method: 'GET', url });
    expect((await get('/api/v1/centers/isb-g9/services/1/slots?date=2026-11-25')).json().slots).toEqual([]);
    await enableBooking(t.app);
    expect((await get('/api/v1/centers/isb-g9/services/1/slots?date=2026-11-23')).json().slots).toEqual([]);
    expect((await get('/api/v1/centers/isb-g9/services/1/slots?date=2026-12-08')).json().slots).toHaveLength(48);
    expect((await get('/api/v1/centers/isb-g9/services/1/slots?date=2026-12-09')).json().slots).toEqual([]);
    for (const q of ['date=2026-02-30', 'date=2026-13-01', 'date=tomorrow', '']) expect((await get(`/api/v1/centers/isb-g9/services/1/slots?${q}`)).statusCode, q).toBe(400);
    expect((await get('/api/v1/centers/isb-g9/services/0x1/slots?date=2026-11-25')).statusCode).toBe(400);
    expect((await get('/api/v1/centers/isb-g9/services/999/slots?date=2026-11-25')).json().error.code).toBe('SERVICE_NOT_FOUND');
  });
});

describe('booking', () => {
  it('answers 201 with a 6-character code and a check-in link, never the phone; the outbox says appointment.booked', async () => {
    await enableBooking(t.app);
    const res = await book(t.app, { serviceId: 1, start: '2026-11-24T11:00:00+05:00', phone: '+92 300 1234567', language: 'ur' });
    expect(res.statusCode).toBe(201);
    const { appointment, checkInUrl } = res.json();
    expect(appointment).toMatchObject({ centerId: 'isb-g9', serviceId: 1, start: slot, end: '2026-11-24T06:30:00.000Z', status: 'booked', ticketPublicId: null, language: 'ur' });
    expect(appointment.code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
    expect(checkInUrl).toBe(`http://localhost:80/book?center=isb-g9&appointment=${appointment.publicId}`);
    expect(res.body).not.toContain('1234567');
    const got = await t.app.inject({ method: 'GET', url: `/api/v1/appointments/${appointment.publicId}` });
    expect(got.json().appointment).toEqual(appointment);
    expect(got.body).not.toContain('1234567');
    const outbox = await t.database.db.selectFrom('outbox_events').select(['type', 'data']).execute();
    expect(outbox.map((e) => e.type)).toEqual(['appointment.booked']);
    expect(outbox[0]!.data).not.toContain('1234567');
  });

  it('bad input is a typed 4xx and stores nothing', async () => {
    await enableBooking(t.app);
    const cases: [object, number, string][] = [
      [{ serviceId: 1, start: '2026-11-24T06:05:00.000Z' }, 409, 'SLOT_NOT_AVAILABLE'],
      [{ serviceId: 1, start: '2026-11-24T05:00:00.000Z' }, 409, 'SLOT_NOT_AVAILABLE'],
      [{ serviceId: 1, start: '2026-12-20T06:00:00.000Z' }, 409, 'SLOT_NOT_AVAILABLE'],
      [{ serviceId: 2, start: slot }, 409, 'SLOT_NOT_AVAILABLE'],
      [{ serviceId: 999, start: slot }, 404, 'SERVICE_NOT_FOUND'],
      [{ serviceId: 1, start: '2026-02-30T06:00:00.000Z' }, 400, 'VALIDATION_ERROR'],
      [{ serviceId: 1, start: 'tomorrow' }, 400, 'VALIDATION_ERROR'],
      [{ serviceId: '1', start: slot }, 400, 'VALIDATION_ERROR'],
      [{ serviceId: 1, start: slot, phone: 'call me' }, 400, 'VALIDATION_ERROR'],
      [{ serviceId: 1, start: slot, extra: true }, 400, 'VALIDATION_ERROR'],
      [{ serviceId: 1 }, 400, 'VALIDATION_ERROR'],
    ];
    for (const [body, status, code] of cases) {
      const res = await book(t.app, body, `key-${JSON.stringify(body)}`.slice(0, 200));
      expect([res.statusCode, res.json().error.code], JSON.stringify(body)).toEqual([status, code]);
    }
    expect(await count('appointments')).toBe(0);
    expect(await count('idempotency_keys')).toBe(0);
    expect((await t.database.db.selectFrom('outbox_events').selectAll().execute()).length).toBe(0);
  });

  it('never over capacity: 30 concurrent bookings of a 3-seat slot, exactly 3 succeed, the rest SLOT_FULL', async () => {
    await enableBooking(t.app, 3);
    const answers = await Promise.all(Array.from({ length: 30 }, () => book(t.app, { serviceId: 1, start: slot })));
    expect(answers.filter((a) => a.statusCode === 201)).toHaveLength(3);
    expect(new Set(answers.filter((a) => a.statusCode !== 201).map((a) => a.json().error.code))).toEqual(new Set(['SLOT_FULL']));
    expect(await count('appointments')).toBe(3);
  });

  it('one booking per Idempotency-Key, also concurrently; another body with the key is 422', async () => {
    await enableBooking(t.app, 5);
    const answers = await Promise.all(Array.from({ length: 20 }, () => book(t.app, { serviceId: 1, start: slot }, 'phone-7-tap')));
    expect(new Set(answers.map((a) => a.statusCode))).toEqual(new Set([201]));
    expect(new Set(answers.map((a) => a.json().appointment.publicId)).size).toBe(1);
    expect(await count('appointments')).toBe(1);
    const other = await book(t.app, { serviceId: 1, start: '2026-11-24T06:30:00.000Z' }, 'phone-7-tap');
    expect([other.statusCode, other.json().error.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
  });

  it('perPhonePerDay: a third booking of one phone on one day is refused; cancelling one makes room', async () => {
    await enableBooking(t.app, 5);
    const phone = '+92 300 1112223';
    const first = await book(t.app, { serviceId: 1, start: slot, phone });
    expect((await book(t.app, { serviceId: 1, start: '2026-11-24T07:00:00.000Z', phone })).statusCode).toBe(201);
    const third = await book(t.app, { serviceId: 1, start: '2026-11-24T08:00:00.000Z', phone });
    expect([third.statusCode, third.json().error.code]).toEqual([409, 'BOOKING_LIMIT_REACHED']);
    expect((await book(t.app, { serviceId: 1, start: '2026-11-25T08:00:00.000Z', phone })).statusCode).toBe(201);
    await t.app.inject({ method: 'POST', url: `/api/v1/appointments/${first.json().appointment.publicId}/cancel` });
    expect((await book(t.app, { serviceId: 1, start: '2026-11-24T08:00:00.000Z', phone })).statusCode).toBe(201);
  });

  it('cancel: 200 while booked and the seat is free again; then 409 APPOINTMENT_NOT_BOOKED; unknown 404', async () => {
    await enableBooking(t.app, 1);
    const { appointment } = (await book(t.app, { serviceId: 1, start: slot })).json();
    expect((await book(t.app, { serviceId: 1, start: slot })).json().error.code).toBe('SLOT_FULL');
    const cancel = () => t.app.inject({ method: 'POST', url: `/api/v1/appointments/${appointment.publicId}/cancel` });
    const first = await cancel();
    expect([first.statusCode, first.json().appointment.status]).toEqual([200, 'cancelled']);
    const again = await cancel();
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'APPOINTMENT_NOT_BOOKED']);
    expect((await book(t.app, { serviceId: 1, start: slot })).statusCode).toBe(201);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/appointments/nosuchappointment000' })).json().error.code).toBe('APPOINTMENT_NOT_FOUND');
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/appointments/x/cancel' })).statusCode).toBe(404);
    const types = (await t.database.db.selectFrom('outbox_events').select('type').orderBy('id').execute()).map((e) => e.type);
    expect(types).toEqual(['appointment.booked', 'appointment.cancelled', 'appointment.booked']);
  });

  it('the job marks bookings missed at start + lateMinutes, once, across runs', async () => {
    await enableBooking(t.app, 2);
    const { appointment } = (await book(t.app, { serviceId: 1, start: slot })).json();
    t.clock.set('2026-11-24T06:10:00.000Z');
    expect(await t.app.services.appointments.markMissedAppointments()).toBe(0);
    t.clock.set('2026-11-24T06:10:01.000Z');
    expect(await t.app.services.appointments.markMissedAppointments()).toBe(1);
    expect(await t.app.services.appointments.markMissedAppointments()).toBe(0);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/appointments/${appointment.publicId}` })).json().appointment.status).toBe('missed');
    const types = (await t.database.db.selectFrom('outbox_events').select('type').orderBy('id').execute()).map((e) => e.type);
    expect(types).toEqual(['appointment.booked', 'appointment.missed']);
  });
});
