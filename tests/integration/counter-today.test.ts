import { describe, expect, it } from 'vitest';
import { useTestApp, issue, staffClient } from '../support/test-app';

// Demo centre: service 1 = A, 2 = B, 3 = P; counters 1 and 2 serve A and B, counter 4 serves P.
const t = useTestApp();

const codes = (tickets: { code: string }[]) => tickets.map((x) => x.code);

describe('GET /api/v1/counters/:counterId/queue', () => {
  it('lists the waiting tickets this counter may call: its services and tickets sent to it, not those sent elsewhere', async () => {
    const op1 = await staffClient(t.app, 'operator1');
    const op2 = await staffClient(t.app, 'operator2');
    expect((await op1('POST', '/api/v1/counters/1/open')).status).toBe(200);
    expect((await op2('POST', '/api/v1/counters/4/open')).status).toBe(200);
    await issue(t.app, 1); // A001
    await issue(t.app, 2); // B001
    await issue(t.app, 3); // P001
    await issue(t.app, 3); // P002
    t.clock.advance(1000);
    await issue(t.app, 1, { priority: 'senior' }); // A002, priority: ahead of A001 in line order

    expect(codes((await op1('GET', '/api/v1/counters/1/queue')).body)).toEqual(['A002', 'A001', 'B001']);
    expect(codes((await op2('GET', '/api/v1/counters/4/queue')).body)).toEqual(['P001', 'P002']);

    // Counter 4 sends P001 to counter 1 at the front; then P002 to counter 2.
    expect((await op2('POST', '/api/v1/counters/4/call-next')).body.ticket.code).toBe('P001');
    expect((await op2('POST', '/api/v1/counters/4/transfer', { counterId: 1, placement: 'front' })).status).toBe(200);
    expect((await op2('POST', '/api/v1/counters/4/call-next')).body.ticket.code).toBe('P002');
    expect((await op2('POST', '/api/v1/counters/4/transfer', { counterId: 2 })).status).toBe(200);

    expect(codes((await op1('GET', '/api/v1/counters/1/queue')).body)).toEqual(['P001', 'A002', 'A001', 'B001']);
    // P002 keeps its original issue time (sorted), so it follows A001 and B001 issued just before it.
    expect(codes((await op2('GET', '/api/v1/counters/2/queue')).body)).toEqual(['A002', 'A001', 'B001', 'P002']);
    expect((await op2('GET', '/api/v1/counters/4/queue')).body).toEqual([]);
    // What the list shows is what call-next takes first.
    expect((await op1('POST', '/api/v1/counters/1/call-next')).body.ticket.code).toBe('P001');
  });

  it('needs a session and a known counter', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/counters/1/queue' })).statusCode).toBe(401);
    const op1 = await staffClient(t.app, 'operator1');
    const missing = await op1('GET', '/api/v1/counters/999/queue');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('COUNTER_NOT_FOUND');
  });
});

describe('GET /api/v1/counters/:counterId/today', () => {
  it("counts the counter operator's served tickets, no-shows and mean service time of the local day only", async () => {
    const op1 = await staffClient(t.app, 'operator1');
    const op2 = await staffClient(t.app, 'operator2');
    await op1('POST', '/api/v1/counters/1/open');
    await op2('POST', '/api/v1/counters/2/open');
    expect((await op1('GET', '/api/v1/counters/1/today')).body).toEqual({ served: 0, noShow: 0, avgServiceSeconds: null });

    for (let i = 0; i < 4; i++) await issue(t.app, 1);
    // operator1: served in 120 s, a no-show, served in 240 s (started, then completed)
    await op1('POST', '/api/v1/counters/1/call-next');
    await op1('POST', '/api/v1/counters/1/start');
    t.clock.advance(120_000);
    await op1('POST', '/api/v1/counters/1/complete', { outcome: 'card issued' });
    await op1('POST', '/api/v1/counters/1/call-next');
    t.clock.advance(60_000);
    expect((await op1('POST', '/api/v1/counters/1/no-show')).status).toBe(200);
    await op1('POST', '/api/v1/counters/1/call-next');
    await op1('POST', '/api/v1/counters/1/start');
    t.clock.advance(240_000);
    await op1('POST', '/api/v1/counters/1/complete');
    // operator2 serves one at counter 2: not operator1's work
    await op2('POST', '/api/v1/counters/2/call-next');
    t.clock.advance(30_000);
    await op2('POST', '/api/v1/counters/2/complete');

    expect((await op1('GET', '/api/v1/counters/1/today')).body).toEqual({ served: 2, noShow: 1, avgServiceSeconds: 180 });
    expect((await op2('GET', '/api/v1/counters/2/today')).body).toEqual({ served: 1, noShow: 0, avgServiceSeconds: 30 });
    // Anyone may look at a counter; the figures are its operator's.
    expect((await op2('GET', '/api/v1/counters/1/today')).body.served).toBe(2);

    // A closed counter shows the asker's own day.
    await op1('POST', '/api/v1/counters/1/close');
    expect((await op1('GET', '/api/v1/counters/1/today')).body.served).toBe(2);

    // The next local day (Asia/Karachi, UTC+5) starts from zero.
    t.clock.set('2026-11-24T19:00:01.000Z');
    const fresh = await staffClient(t.app, 'operator1');
    expect((await fresh('GET', '/api/v1/counters/1/today')).body).toEqual({ served: 0, noShow: 0, avgServiceSeconds: null });
  });

  it('needs a session', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/counters/1/today' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
  });
});
