import { describe, expect, it } from 'vitest';
import { issue, staffClient, useTestApp } from '../support/test-app';

const t = useTestApp();
const checkIn = (code: string) => t.app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/check-in', payload: { code } });

async function remoteOn(settings: Record<string, unknown> = {}) {
  const admin = await staffClient(t.app, 'admin');
  expect((await admin('PATCH', '/api/v1/admin/centers/isb-g9', { remoteJoin: { enabled: true, ...settings } })).status).toBe(200);
}

describe('remote join (virtual queue)', () => {
  it('is 403 REMOTE_JOIN_DISABLED while off, and issues nothing', async () => {
    const res = await issue(t.app, 1, { channel: 'web' });
    expect([res.status, res.body.error.code]).toEqual([403, 'REMOTE_JOIN_DISABLED']);
    expect(await t.database.db.selectFrom('tickets').select('id').execute()).toHaveLength(0);
    expect((await issue(t.app, 1, { channel: 'kiosk' })).body.ticket.arrived).toBe(true);
  });

  it('comeNow: a remote ticket not arrived within confirmBy of the front; never an arrived or a walk-in one', async () => {
    await remoteOn({ confirmBy: 2 });
    const walkIns = [];
    for (let i = 0; i < 2; i++) {
      walkIns.push((await issue(t.app, 1)).body.ticket);
      t.clock.advance(1000);
    }
    const remote = (await issue(t.app, 1, { channel: 'web' })).body.ticket;
    expect(remote).toMatchObject({ position: 3, arrived: false, comeNow: false });
    expect(walkIns.map((w) => w.comeNow)).toEqual([false, false]);
    const op = await staffClient(t.app, 'operator1');
    await op('POST', '/api/v1/counters/1/open');
    await op('POST', '/api/v1/counters/1/call-next');
    const near = (await t.app.inject({ method: 'GET', url: `/api/v1/tickets/${remote.publicId}` })).json().ticket;
    expect(near).toMatchObject({ position: 2, comeNow: true });
    const arrived = (await checkIn(remote.publicId)).json().ticket;
    expect(arrived).toMatchObject({ position: 2, arrived: true, comeNow: false });
  });

  it('a remote ticket keeps its rank but is not called until it arrives; then it is called at its rank', async () => {
    await remoteOn();
    const walkIn1 = (await issue(t.app, 1)).body.ticket;
    t.clock.advance(1000);
    const remote = (await issue(t.app, 1, { channel: 'web', phone: '+92 300 1234567' })).body.ticket;
    t.clock.advance(1000);
    const walkIn2 = (await issue(t.app, 1)).body.ticket;
    expect(remote).toMatchObject({ channel: 'web', arrived: false, position: 2 });
    expect(walkIn2.position).toBe(3);
    const op = await staffClient(t.app, 'operator1');
    await op('POST', '/api/v1/counters/1/open');
    expect((await op('POST', '/api/v1/counters/1/call-next')).body.ticket.id).toBe(walkIn1.id);
    await op('POST', '/api/v1/counters/1/complete', {});
    // Not arrived: skipped, still first in line.
    expect((await op('POST', '/api/v1/counters/1/call-next')).body.ticket.id).toBe(walkIn2.id);
    expect((await op('POST', '/api/v1/counters/1/call', { ticketId: remote.id })).body.error.code).toBe('COUNTER_HAS_TICKET');
    await op('POST', '/api/v1/counters/1/complete', {});
    expect((await op('POST', '/api/v1/counters/1/call', { ticketId: remote.id })).body.error.code).toBe('TICKET_NOT_ELIGIBLE');
    expect((await op('POST', '/api/v1/counters/1/call-next')).status).toBe(204);
    const walkIn3 = (await issue(t.app, 1)).body.ticket;
    expect(walkIn3.position).toBe(2);

    const arrived = await checkIn(`https://navbat.example/t/${remote.publicId}`);
    expect([arrived.statusCode, arrived.json().ticket.arrived, arrived.json().ticket.position]).toEqual([200, true, 1]);
    expect(arrived.body).not.toContain('1234567');
    expect((await checkIn(remote.publicId)).statusCode).toBe(200);
    expect((await op('POST', '/api/v1/counters/1/call-next')).body.ticket.id).toBe(remote.id);
    const types = (await t.database.db.selectFrom('outbox_events').select('type').orderBy('id').execute()).map((e) => e.type);
    expect(types.filter((x) => x === 'ticket.arrived')).toHaveLength(1);
  });

  it('first in line without arriving for holdMinutes: expired by the job, once', async () => {
    await remoteOn({ holdMinutes: 10 });
    const remote = (await issue(t.app, 1, { channel: 'web' })).body.ticket;
    const behind = (await issue(t.app, 1, { channel: 'web' })).body.ticket;
    expect(await t.app.services.appointments.expireRemoteHolds()).toBe(0);
    t.clock.advance(10 * 60_000 - 1);
    expect(await t.app.services.appointments.expireRemoteHolds()).toBe(0);
    t.clock.advance(1);
    expect(await t.app.services.appointments.expireRemoteHolds()).toBe(1);
    expect(await t.app.services.appointments.expireRemoteHolds()).toBe(0);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/tickets/${remote.publicId}` })).json().ticket.status).toBe('expired');
    const next = (await t.app.inject({ method: 'GET', url: `/api/v1/tickets/${behind.publicId}` })).json().ticket;
    expect([next.status, next.position]).toEqual(['waiting', 1]);
    const expired = await checkIn(remote.publicId);
    expect([expired.statusCode, expired.json().error.code]).toEqual([409, 'TICKET_NOT_WAITING']);
  });

  it('at most perPhonePerDay remote tickets per phone', async () => {
    await remoteOn();
    const phone = '+92 300 9998887';
    expect((await issue(t.app, 1, { channel: 'web', phone })).status).toBe(201);
    expect((await issue(t.app, 2, { channel: 'web', phone })).status).toBe(201);
    const third = await issue(t.app, 1, { channel: 'web', phone });
    expect([third.status, third.body.error.code]).toEqual([409, 'BOOKING_LIMIT_REACHED']);
    expect((await issue(t.app, 1, { channel: 'kiosk', phone })).status).toBe(201);
  });
});
