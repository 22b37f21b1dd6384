import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { issue, staffClient, useTestApp } from '../support/test-app';
import { enableBooking } from '../support/booking';

// Issue 20: a holiday calendar per centre and a "stop issuing now" switch per centre and service.
// The test clock starts on Tuesday 2026-11-24, 10:00 in Asia/Karachi (the demo centre is open).

const today = '2026-11-24';
const slot = '2026-11-25T06:00:00.000Z';

async function publicServices(t: ReturnType<typeof useTestApp>) {
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/centers/isb-g9/services' });
  return (res.json() as { services: { id: number; open: boolean; closure: unknown }[] }).services;
}

describe('holidays', () => {
  const t = useTestApp();

  it('a holiday refuses tickets, remote join and bookings with CENTER_CLOSED and its reason, and has no slots', async () => {
    const supervisor = await staffClient(t.app, 'supervisor');
    await enableBooking(t.app, 4, { remoteJoin: { enabled: true } });
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/centers/isb-g9/services/1/slots?date=2026-11-25` })).json().slots.length).toBeGreaterThan(0);
    const added = await supervisor('POST', '/api/v1/admin/centers/isb-g9/holidays', { date: today, reason: 'Eid ul-Fitr · عید الفطر' });
    expect(added).toEqual({ status: 201, body: { holiday: { date: today, reason: 'Eid ul-Fitr · عید الفطر' } } });
    expect((await supervisor('POST', '/api/v1/admin/centers/isb-g9/holidays', { date: '2026-11-25', reason: 'Iqbal Day' })).status).toBe(201);

    const refused = await issue(t.app, 1);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toEqual({ code: 'CENTER_CLOSED', message: 'the centre is closed on this day: Eid ul-Fitr · عید الفطر' });
    expect((await issue(t.app, 2, { channel: 'web', phone: '03001234567' })).body.error.code).toBe('CENTER_CLOSED');
    const services = await publicServices(t);
    expect(services.every((s) => !s.open)).toBe(true);
    expect(services[0]!.closure).toEqual({ code: 'CENTER_CLOSED', reason: 'Eid ul-Fitr · عید الفطر', until: null });

    expect((await t.app.inject({ method: 'GET', url: `/api/v1/centers/isb-g9/services/1/slots?date=2026-11-25` })).json()).toEqual({ date: '2026-11-25', slots: [] });
    const booking = await t.app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/appointments', payload: { serviceId: 1, start: slot } });
    expect(booking.statusCode).toBe(409);
    expect(booking.json().error).toEqual({ code: 'CENTER_CLOSED', message: 'the centre is closed on this day: Iqbal Day' });
    const { rows } = await sql<{ n: number }>`select (select count(*) from tickets) + (select count(*) from appointments) as n`.execute(t.database.db);
    expect(Number(rows[0]!.n)).toBe(0);

    expect((await supervisor('GET', '/api/v1/admin/centers/isb-g9/holidays')).body).toEqual([
      { date: today, reason: 'Eid ul-Fitr · عید الفطر' },
      { date: '2026-11-25', reason: 'Iqbal Day' },
    ]);
    expect((await supervisor('GET', '/api/v1/admin/centers/isb-g9/holidays?from=2026-11-25')).body).toEqual([{ date: '2026-11-25', reason: 'Iqbal Day' }]);

    // Removing the holidays opens the centre again.
    expect((await supervisor('DELETE', `/api/v1/admin/centers/isb-g9/holidays/${today}`)).status).toBe(204);
    expect((await supervisor('DELETE', '/api/v1/admin/centers/isb-g9/holidays/2026-11-25')).status).toBe(204);
    expect((await issue(t.app, 1)).status).toBe(201);
    expect((await publicServices(t))[0]).toMatchObject({ open: true, closure: null });
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/appointments', payload: { serviceId: 1, start: slot } })).statusCode).toBe(201);
  });

  it('bad input is a typed 4xx and stores nothing; a day twice is 409; an unknown day 404; operators may not', async () => {
    const supervisor = await staffClient(t.app, 'supervisor');
    const operator = await staffClient(t.app, 'operator1');
    for (const body of [{ date: '2026-02-30', reason: 'x' }, { date: today, reason: '' }, { date: today }, { date: today, reason: 'x', extra: 1 }, { date: "2026-11-24'; drop table centers;--", reason: 'x' }]) {
      const res = await supervisor('POST', '/api/v1/admin/centers/isb-g9/holidays', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
    }
    expect((await supervisor('GET', '/api/v1/admin/centers/isb-g9/holidays')).body).toEqual([]);
    expect((await supervisor('POST', '/api/v1/admin/centers/nowhere/holidays', { date: today, reason: 'x' })).body.error.code).toBe('CENTER_NOT_FOUND');
    expect((await supervisor('POST', '/api/v1/admin/centers/isb-g9/holidays', { date: today, reason: 'x' })).status).toBe(201);
    expect((await supervisor('POST', '/api/v1/admin/centers/isb-g9/holidays', { date: today, reason: 'y' })).body.error.code).toBe('ALREADY_EXISTS');
    expect((await supervisor('DELETE', '/api/v1/admin/centers/isb-g9/holidays/2026-12-25')).body.error.code).toBe('HOLIDAY_NOT_FOUND');
    expect((await supervisor('DELETE', '/api/v1/admin/centers/isb-g9/holidays/2026-13-01')).status).toBe(400);
    expect((await operator('POST', '/api/v1/admin/centers/isb-g9/holidays', { date: '2026-12-25', reason: 'x' })).status).toBe(403);
  });
});

describe('stop issuing now', () => {
  const t = useTestApp();

  it('a centre stop refuses every service with ISSUING_STOPPED until cleared; it is audited', async () => {
    const supervisor = await staffClient(t.app, 'supervisor');
    const stopped = await supervisor('PUT', '/api/v1/admin/centers/isb-g9/issuing-stop', { reason: 'the hall is full' });
    expect(stopped).toEqual({ status: 200, body: { stop: { reason: 'the hall is full', until: null, since: '2026-11-24T05:00:00.000Z' } } });
    for (const serviceId of [1, 2]) {
      const res = await issue(t.app, serviceId);
      expect(res.status).toBe(409);
      expect(res.body.error).toEqual({ code: 'ISSUING_STOPPED', message: 'no more tickets are issued for now: the hall is full' });
    }
    expect((await publicServices(t)).map((s) => s.closure)).toContainEqual({ code: 'ISSUING_STOPPED', reason: 'the hall is full', until: null });
    expect((await supervisor('GET', '/api/v1/admin/centers/isb-g9/issuing')).body).toMatchObject({ centerId: 'isb-g9', holidayToday: null, center: { reason: 'the hall is full' } });

    expect((await supervisor('DELETE', '/api/v1/admin/centers/isb-g9/issuing-stop')).status).toBe(204);
    expect((await issue(t.app, 1)).status).toBe(201);
    expect((await supervisor('GET', '/api/v1/admin/centers/isb-g9/issuing')).body.center).toBeNull();
    const audit = await sql<{ action: string; entity: string }>`select action, entity from audit_log where action like '%issuing' order by id`.execute(t.database.db);
    expect(audit.rows).toEqual([
      { action: 'stop-issuing', entity: 'center' },
      { action: 'resume-issuing', entity: 'center' },
    ]);
  });

  it('a service stop with an until: only that service is refused, and it issues again by itself at until', async () => {
    const admin = await staffClient(t.app, 'admin');
    const until = '2026-11-24T06:00:00.000Z';
    expect((await admin('PUT', '/api/v1/admin/services/2/issuing-stop', { until: '2026-11-24T11:00:00+05:00' })).body).toEqual({ stop: { reason: null, until, since: '2026-11-24T05:00:00.000Z' } });
    expect((await issue(t.app, 2)).body.error).toEqual({ code: 'ISSUING_STOPPED', message: 'no more tickets are issued for now' });
    expect((await issue(t.app, 1)).status).toBe(201);
    const services = await publicServices(t);
    expect(services.find((s) => s.id === 2)).toMatchObject({ open: false, closure: { code: 'ISSUING_STOPPED', reason: null, until } });
    expect(services.find((s) => s.id === 1)).toMatchObject({ open: true, closure: null });
    expect((await admin('GET', '/api/v1/admin/centers/isb-g9/issuing')).body.services).toContainEqual({ serviceId: 2, stop: { reason: null, until, since: '2026-11-24T05:00:00.000Z' } });

    t.clock.set('2026-11-24T05:59:59.999Z');
    expect((await issue(t.app, 2)).status).toBe(409);
    t.clock.set(until);
    expect((await issue(t.app, 2)).status).toBe(201);
    expect((await admin('GET', '/api/v1/admin/centers/isb-g9/issuing')).body.services).toContainEqual({ serviceId: 2, stop: null });
  });

  it('an until in the past, an unknown service or a malformed body is refused and changes nothing', async () => {
    const supervisor = await staffClient(t.app, 'supervisor');
    expect((await supervisor('PUT', '/api/v1/admin/services/1/issuing-stop', { until: '2026-11-24T04:59:59.000Z' })).body.error.code).toBe('VALIDATION_ERROR');
    expect((await supervisor('PUT', '/api/v1/admin/services/1/issuing-stop', { until: 'tomorrow' })).status).toBe(400);
    expect((await supervisor('PUT', '/api/v1/admin/services/1/issuing-stop', { reason: 'x'.repeat(201) })).status).toBe(400);
    expect((await supervisor('PUT', '/api/v1/admin/services/999/issuing-stop', {})).body.error.code).toBe('SERVICE_NOT_FOUND');
    expect((await supervisor('PUT', '/api/v1/admin/centers/nowhere/issuing-stop', {})).body.error.code).toBe('CENTER_NOT_FOUND');
    expect((await issue(t.app, 1)).status).toBe(201);
  });

  it('a booked appointment still checks in while walk-in issuing is stopped', async () => {
    await enableBooking(t.app, 2);
    t.clock.set('2026-11-25T05:00:00.000Z');
    const admin = await staffClient(t.app, 'admin');
    const booked = await t.app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/appointments', payload: { serviceId: 1, start: slot } });
    expect(booked.statusCode).toBe(201);
    expect((await admin('PUT', '/api/v1/admin/centers/isb-g9/issuing-stop', { reason: 'full' })).status).toBe(200);
    t.clock.set('2026-11-25T05:50:00.000Z');
    expect((await issue(t.app, 1)).body.error.code).toBe('ISSUING_STOPPED');
    const checkIn = await t.app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/check-in', payload: { code: booked.json().appointment.code } });
    expect(checkIn.statusCode).toBe(201);
  });
});
