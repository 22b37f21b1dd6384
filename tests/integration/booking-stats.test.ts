import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { issue, staffClient, useTestApp } from '../support/test-app';
import { enableBooking } from '../support/booking';

// The clock starts at Tuesday 2026-11-24T05:00Z (10:00 in Karachi); the demo centre has no opening hours.
const t = useTestApp();
const SEATS = '/api/v1/centers/isb-g9/bookings/seats';
const STATS = '/api/v1/centers/isb-g9/bookings/stats';

const book = async (app: FastifyInstance, start: string) => {
  const res = await app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/appointments', payload: { serviceId: 1, start } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().appointment as { publicId: string; code: string };
};

/** Last Tuesday 11:00–11:30 local: counters 1 and 2 each serve three tickets of service 1, ten minutes each. */
async function lastTuesdayHistory() {
  t.clock.set('2026-11-17T06:00:00.000Z');
  const ops = [await staffClient(t.app, 'operator1'), await staffClient(t.app, 'operator2')];
  for (let c = 0; c < 2; c++) expect((await ops[c]!('POST', `/api/v1/counters/${c + 1}/open`)).status).toBe(200);
  for (let i = 0; i < 6; i++) expect((await issue(t.app, 1)).status).toBe(201);
  for (let round = 0; round < 3; round++) {
    for (let c = 0; c < 2; c++) expect((await ops[c]!('POST', `/api/v1/counters/${c + 1}/call-next`)).status).toBe(200);
    t.clock.advance(600_000);
    for (let c = 0; c < 2; c++) expect((await ops[c]!('POST', `/api/v1/counters/${c + 1}/complete`)).status).toBe(200);
  }
  for (let c = 0; c < 2; c++) await ops[c]!('POST', `/api/v1/counters/${c + 1}/close`);
  t.clock.set('2026-11-24T05:00:00.000Z');
}

describe('booking seats per hour against the counters planned', () => {
  it('sums capacity per local hour, converts seats to counters by the mean service time, and flags hours with too little room for walk-ins', async () => {
    await lastTuesdayHistory();
    const admin = await enableBooking(t.app, 2); // 30-minute slots: 2 slots an hour, 4 seats
    await book(t.app, '2026-11-24T06:00:00.000Z');
    const sup = await staffClient(t.app, 'supervisor');

    const today = await sup('GET', SEATS);
    expect(today.status, JSON.stringify(today.body)).toBe(200);
    expect(today.body).toMatchObject({ date: '2026-11-24', weekday: 2, weeks: 6, maxBookingPercent: 50 });
    expect(today.body.hours).toHaveLength(24);
    const h11 = today.body.hours.find((h: { hour: string }) => h.hour === '11');
    // 4 seats × 600 s (last Tuesday's mean at 11) = 0.7 counter of the 2 opened then: room enough.
    expect(h11).toEqual({ hour: '11', seats: 4, booked: 1, bookingCounters: 0.7, countersPlanned: 2, countersNeeded: expect.any(Number), walkInCounters: 1.3, warning: null });
    // 15:00 had nobody last Tuesday: seats with no counters planned.
    expect(today.body.hours.find((h: { hour: string }) => h.hour === '15')).toMatchObject({ seats: 4, booked: 0, countersPlanned: null, walkInCounters: null, warning: 'no-counters' });

    // Six seats a slot: 12 seats × 600 s = 2 counters, all of the 2 planned → little room for walk-ins.
    expect((await admin('PATCH', '/api/v1/admin/services/1', { booking: { capacity: 6 } })).status).toBe(200);
    const fuller = await sup('GET', `${SEATS}?date=2026-11-24`);
    expect(fuller.body.hours.find((h: { hour: string }) => h.hour === '11')).toMatchObject({ seats: 12, bookingCounters: 2, countersPlanned: 2, walkInCounters: 0, warning: 'little-room' });

    // Wednesday has no history: without one its seats take a slot each (6 seats × 30 min = 3 counters an hour).
    const wednesday = await sup('GET', `${SEATS}?date=2026-11-25`);
    expect(wednesday.body.weekday).toBe(3);
    expect(wednesday.body.hours.find((h: { hour: string }) => h.hour === '11')).toMatchObject({ seats: 12, booked: 0, bookingCounters: 6, countersPlanned: null, warning: 'no-counters' });
  });

  it('lists only the planned hours when no service takes bookings', async () => {
    await lastTuesdayHistory();
    const sup = await staffClient(t.app, 'supervisor');
    const res = await sup('GET', SEATS);
    expect(res.body.hours).toEqual([{ hour: '11', seats: 0, booked: 0, bookingCounters: 0, countersPlanned: 2, countersNeeded: expect.any(Number), walkInCounters: 2, warning: null }]);
  });

  it('refuses bad input with 400, an unknown centre with 404, an operator with 403', async () => {
    const sup = await staffClient(t.app, 'supervisor');
    for (const q of ['date=2026-02-30', 'date=today', 'weeks=0', 'weeks=53', 'weeks=1.5', 'other=1']) expect((await sup('GET', `${SEATS}?${q}`)).status, q).toBe(400);
    for (const q of ['from=2026-11-25&to=2026-11-24', 'from=2026-13-01']) expect((await sup('GET', `${STATS}?${q}`)).status, q).toBe(400);
    expect((await sup('GET', '/api/v1/centers/nowhere/bookings/seats')).body.error.code).toBe('CENTER_NOT_FOUND');
    expect((await (await staffClient(t.app, 'operator1'))('GET', STATS)).status).toBe(403);
  });
});

describe('bookings per service', () => {
  it('counts bookings of the range by status: still booked, checked in, missed, cancelled', async () => {
    await enableBooking(t.app, 2);
    const checkedIn = await book(t.app, '2026-11-24T05:30:00.000Z'); // 10:30
    const cancelled = await book(t.app, '2026-11-24T06:00:00.000Z'); // 11:00
    await book(t.app, '2026-11-24T06:00:00.000Z'); // 11:00, never comes
    await book(t.app, '2026-11-24T07:00:00.000Z'); // 12:00, still to come
    await book(t.app, '2026-11-25T07:00:00.000Z'); // tomorrow
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/appointments/${cancelled.publicId}/cancel` })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/check-in', payload: { code: checkedIn.code } })).statusCode).toBe(201);
    t.clock.set('2026-11-24T06:11:00.000Z'); // 11:11, past 11:00 + 10 minutes
    expect(await t.app.services.appointments.markMissedAppointments()).toBe(1);

    const sup = await staffClient(t.app, 'supervisor');
    const today = await sup('GET', STATS);
    expect(today.status).toBe(200);
    const row = { total: 4, booked: 1, checkedIn: 1, missed: 1, cancelled: 1 };
    expect(today.body).toEqual({ from: '2026-11-24', to: '2026-11-24', totals: row, services: [{ serviceId: 1, ...row }] });
    const both = await sup('GET', `${STATS}?from=2026-11-24&to=2026-11-25`);
    expect(both.body.totals).toEqual({ total: 5, booked: 2, checkedIn: 1, missed: 1, cancelled: 1 });
    expect((await sup('GET', `${STATS}?from=2026-11-26&to=2026-11-30`)).body).toEqual({ from: '2026-11-26', to: '2026-11-30', totals: { total: 0, booked: 0, checkedIn: 0, missed: 0, cancelled: 0 }, services: [] });
  });
});
