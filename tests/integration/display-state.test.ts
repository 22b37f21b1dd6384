import { describe, expect, it } from 'vitest';
import { issue, staffClient, useTestApp } from '../support/test-app';

const t = useTestApp();

const display = async (zone?: string) => (await t.app.inject({ method: 'GET', url: `/api/v1/centers/isb-g9/display${zone ? `?zone=${zone}` : ''}` })).json();
const services = async () => (await t.app.inject({ method: 'GET', url: '/api/v1/centers/isb-g9/services' })).json();

describe('display state', () => {
  it("each waiting line carries the wait range of someone joining it now, the kiosk's range for the same service", async () => {
    const op1 = await staffClient(t.app, 'operator1');
    expect((await op1('POST', '/api/v1/counters/1/open')).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await issue(t.app, 1)).status).toBe(201);
    expect((await issue(t.app, 3)).status).toBe(201);

    const state = await display();
    const kiosk = (await services()).services as { id: number; waiting: number; estimatedWaitRange: { low: number; high: number } }[];
    expect(state.waiting.map((w: { serviceId: number }) => w.serviceId)).toEqual([1, 3]);
    for (const w of state.waiting) {
      const s = kiosk.find((k) => k.id === w.serviceId)!;
      expect(w.count).toBe(s.waiting);
      expect(w.waitRange).toEqual(s.estimatedWaitRange);
    }
    // Four waiting at one open counter: a real wait, and a range around it.
    expect(state.waiting[0].waitRange.high).toBeGreaterThan(state.waiting[0].waitRange.low);
    expect(state.waiting[0].waitRange.low).toBeGreaterThan(0);

    // The line moves (a call): the ranges are those of the new line, not of the last seq's.
    expect((await op1('POST', '/api/v1/counters/1/call-next')).status).toBe(200);
    const after = await display();
    expect(after.seq).toBe(state.seq + 1);
    const kioskAfter = (await services()).services as typeof kiosk;
    expect(after.waiting[0]).toEqual({ serviceId: 1, count: 3, waitRange: kioskAfter.find((k) => k.id === 1)!.estimatedWaitRange });
    expect(after.waiting[0].waitRange).not.toEqual(state.waiting[0].waitRange);
  });

  it('keeps the ranges of one seq while the hall does not change, and reads them again after 30 s', async () => {
    const op1 = await staffClient(t.app, 'operator1');
    expect((await op1('POST', '/api/v1/counters/1/open')).status).toBe(200);
    for (let i = 0; i < 3; i++) await issue(t.app, 1);
    const first = await display();
    // A pause written behind the services' back (no seq moved): the cached ranges stand until they are 30 s old.
    await t.database.db.updateTable('counters').set({ status: 'paused', pause_expected_until: new Date(t.clock.now().getTime() + 3600_000).toISOString() }).where('id', '=', 1).execute();
    t.clock.advance(10_000);
    expect((await display()).waiting).toEqual(first.waiting);
    t.clock.advance(25_000);
    const later = await display();
    expect(later.seq).toBe(first.seq);
    expect(later.waiting[0].waitRange.low).toBeGreaterThan(first.waiting[0].waitRange.low);
  });

  it("lists the zone's counters with their status; opening, pausing and closing move the display seq", async () => {
    const op1 = await staffClient(t.app, 'operator1');
    const start = await display();
    const zoneA = await display('hall-a');
    const zoneCounters = zoneA.counters.map((c: { counterId: number }) => c.counterId);
    expect(zoneCounters).toContain(1);
    expect(zoneCounters.length).toBeLessThan(start.counters.length);
    expect(start.counters.every((c: { status: string }) => c.status === 'closed')).toBe(true);

    expect((await op1('POST', '/api/v1/counters/1/open')).status).toBe(200);
    const opened = await display('hall-a');
    expect(opened.seq).toBe(start.seq + 1);
    expect(opened.counters.find((c: { counterId: number }) => c.counterId === 1)).toEqual({ counterId: 1, counterName: '1', status: 'open', expectedBackAt: null });

    expect((await op1('POST', '/api/v1/counters/1/pause', { reason: 'tea', expectedMinutes: 15 })).status).toBe(200);
    const paused = await display('hall-a');
    expect(paused.seq).toBe(start.seq + 2);
    expect(paused.counters.find((c: { counterId: number }) => c.counterId === 1)).toMatchObject({ status: 'paused', expectedBackAt: new Date(t.clock.now().getTime() + 15 * 60_000).toISOString() });

    expect((await op1('POST', '/api/v1/counters/1/close')).status).toBe(200);
    const closed = await display('hall-a');
    expect(closed.seq).toBe(start.seq + 3);
    expect(closed.counters.find((c: { counterId: number }) => c.counterId === 1)).toMatchObject({ status: 'closed', expectedBackAt: null });

    // A refused shift change (pausing a closed counter) moves nothing.
    expect((await op1('POST', '/api/v1/counters/1/pause', { reason: 'tea' })).status).toBe(409);
    expect((await display('hall-a')).seq).toBe(start.seq + 3);
  });

  it("tells a counter's screen its centre and zone; an unknown counter is 404, a bad id 400", async () => {
    const one = await t.app.inject({ method: 'GET', url: '/api/v1/counters/1/display' });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual({ counterId: 1, counterName: '1', centerId: 'isb-g9', zone: 'hall-a' });
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/counters/99999/display' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('COUNTER_NOT_FOUND');
    for (const bad of ['abc', '1.5', '-1', '0x10']) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/counters/${bad}/display` });
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_ERROR');
    }
  });
});
