import { describe, expect, it } from 'vitest';
import { useTestApp, issue, staffClient } from '../support/test-app';

// A hand-computed day at the demo centre (Asia/Karachi = UTC+5). Service A (id 1) has a 20-minute target,
// service P (id 3) 25 minutes. Counter 1 (operator1) serves A, counter 4 (operator2) serves P.
//
//   ticket  issued  called  started  finished  status     wait   service  rating
//   A001    05:00   05:05   05:06    05:16     done        300     600      5
//   A002    05:00   05:16   –        05:20     no_show     960      –       –
//   A003    05:00   05:30   05:31    05:36     done       1800     300      4
//   A004    05:00   –       –        –         cancelled     –       –       –
//   P001    05:00   05:10   (05:10)  05:12     done        600     120      2   (completed from called)
//   P002    05:00   05:40   05:41    05:49     done       2400     480      –
//   A005    06:10   –       –        –         waiting       –       –       –
//
// Totals: issued 7, served 4, no-show 1, cancelled 1; waits 300, 600, 960, 1800, 2400 → mean 1212,
// p90 (nearest rank: the ceil(0.9·5) = 5th) 2400; within target: A001, P001, A002 → 3 of 5 = 60 %;
// service times 600, 120, 300, 480 → mean 375; ratings 5, 2, 4 → 3.67.

const t = useTestApp();
/** Services A and P have no fee (fee figures: stats-fees.test.ts). */
const noFees = { collectedPkr: 0, paid: 0, waived: 0 };

const at = (hhmm: string, day = '2026-11-24') => t.clock.set(`${day}T${hhmm}:00.000Z`);

async function playDay() {
  const op1 = await staffClient(t.app, 'operator1');
  const op2 = await staffClient(t.app, 'operator2');
  at('05:00');
  const tickets: Record<string, { id: number; publicId: string }> = {};
  for (const [name, serviceId] of [['A001', 1], ['A002', 1], ['A003', 1], ['A004', 1], ['P001', 3], ['P002', 3]] as const) {
    const r = await issue(t.app, serviceId);
    expect(r.body.ticket.code).toBe(name);
    tickets[name] = r.body.ticket;
  }
  expect((await op1('POST', '/api/v1/counters/1/open')).status).toBe(200);
  expect((await op2('POST', '/api/v1/counters/4/open')).status).toBe(200);
  const step = async (time: string, client: typeof op1, counter: number, action: string, expectCode?: string) => {
    at(time);
    const r = await client('POST', `/api/v1/counters/${counter}/${action}`);
    expect(r.status, `${action} at ${time}: ${JSON.stringify(r.body)}`).toBe(200);
    if (expectCode) expect(r.body.ticket.code).toBe(expectCode);
  };
  await step('05:05', op1, 1, 'call-next', 'A001');
  await step('05:06', op1, 1, 'start');
  await step('05:10', op2, 4, 'call-next', 'P001');
  await step('05:12', op2, 4, 'complete');
  at('05:15');
  expect((await t.app.inject({ method: 'POST', url: `/api/v1/tickets/${tickets.A004!.publicId}/cancel` })).statusCode).toBe(200);
  await step('05:16', op1, 1, 'complete');
  await step('05:16', op1, 1, 'call-next', 'A002');
  await step('05:20', op1, 1, 'no-show');
  await step('05:30', op1, 1, 'call-next', 'A003');
  await step('05:31', op1, 1, 'start');
  await step('05:36', op1, 1, 'complete');
  await step('05:40', op2, 4, 'call-next', 'P002');
  await step('05:41', op2, 4, 'start');
  await step('05:49', op2, 4, 'complete');
  at('06:10');
  expect((await issue(t.app, 1)).body.ticket.code).toBe('A005');
  for (const [name, rating] of [['A001', 5], ['P001', 2], ['A003', 4]] as const) {
    const r = await t.app.inject({ method: 'POST', url: `/api/v1/tickets/${tickets[name]!.publicId}/feedback`, payload: { rating } });
    expect(r.statusCode).toBe(201);
  }
  // The next local day does not count for the 24th.
  at('05:00', '2026-11-25');
  expect((await issue(t.app, 1)).body.ticket.code).toBe('A001');
  at('07:00', '2026-11-25');
  return tickets;
}

describe('statistics of a hand-computed day', () => {
  it('gives totals, per service, per counter, per operator, hourly and the wait distribution', async () => {
    await playDay();
    const sup = await staffClient(t.app, 'supervisor');
    const users = await (await staffClient(t.app, 'admin'))('GET', '/api/v1/admin/users');
    const userId = (name: string) => (users.body as { id: number; username: string }[]).find((u) => u.username === name)!.id;
    const res = await sup('GET', '/api/v1/centers/isb-g9/stats?from=2026-11-24&to=2026-11-24');
    expect(res.status).toBe(200);
    const s = res.body;
    expect(s.from).toBe('2026-11-24');
    expect(s.to).toBe('2026-11-24');
    expect(s.totals).toEqual({ issued: 7, served: 4, noShow: 1, cancelled: 1, avgWaitSeconds: 1212, p90WaitSeconds: 2400, avgServiceSeconds: 375, slaMetPercent: 60, avgRating: 3.67, journeys: { count: 0, avgTotalSeconds: null }, fees: noFees });
    const serviceA = { issued: 5, served: 2, noShow: 1, cancelled: 1, avgWaitSeconds: 1020, p90WaitSeconds: 1800, avgServiceSeconds: 450, slaMetPercent: 66.7, avgRating: 4.5 };
    const serviceP = { issued: 2, served: 2, noShow: 0, cancelled: 0, avgWaitSeconds: 1500, p90WaitSeconds: 2400, avgServiceSeconds: 300, slaMetPercent: 50, avgRating: 2 };
    expect(s.services).toEqual([
      { serviceId: 1, ...serviceA, fees: noFees },
      { serviceId: 3, ...serviceP, fees: noFees },
    ]);
    const counter1 = { issued: 3, served: 2, noShow: 1, cancelled: 0, avgWaitSeconds: 1020, p90WaitSeconds: 1800, avgServiceSeconds: 450, slaMetPercent: 66.7, avgRating: 4.5 };
    expect(s.counters).toEqual([
      { counterId: 1, ...counter1 },
      { counterId: 4, ...serviceP },
    ]);
    expect(s.operators).toEqual(
      [
        { userId: userId('operator1'), ...counter1 },
        { userId: userId('operator2'), ...serviceP },
      ].sort((a, b) => a.userId - b.userId),
    );
    // Local hours (UTC+5): six issued and four served in 10:00–11:00, one issued in 11:00–12:00.
    expect(s.hourly).toEqual([
      { hour: '10', issued: 6, served: 4 },
      { hour: '11', issued: 1, served: 0 },
    ]);
    // Waits of 5, 10, 16, 30 and 40 minutes.
    expect(s.waitHistogram.map((b: { fromMinutes: number; count: number }) => [b.fromMinutes, b.count])).toEqual([
      [0, 0],
      [5, 1],
      [10, 1],
      [15, 1],
      [20, 0],
      [30, 2],
      [45, 0],
      [60, 0],
      [90, 0],
    ]);
    expect(s.waitHistogram.at(-1).toMinutes).toBeNull();
  });

  it('places hours in the centre\'s zone, the same way across a daylight-saving change', async () => {
    await playDay();
    const admin = await staffClient(t.app, 'admin');
    expect((await admin('PATCH', '/api/v1/admin/centers/isb-g9', { timezone: 'Europe/London' })).status).toBe(200);
    const sup = await staffClient(t.app, 'supervisor');
    // One November day keeps one offset (UTC+0); a range from October crosses the change on 25 October.
    const oneDay = (await sup('GET', '/api/v1/centers/isb-g9/stats?from=2026-11-24&to=2026-11-24')).body;
    const acrossChange = (await sup('GET', '/api/v1/centers/isb-g9/stats?from=2026-10-20&to=2026-11-24')).body;
    const expected = [
      { hour: '05', issued: 6, served: 4 },
      { hour: '06', issued: 1, served: 0 },
    ];
    expect(oneDay.hourly).toEqual(expected);
    expect(acrossChange.hourly).toEqual(expected);
    expect(acrossChange.totals).toEqual(oneDay.totals);
  });

  it('covers a range of days, defaults to today, and exports the same tickets as CSV', async () => {
    await playDay();
    const sup = await staffClient(t.app, 'supervisor');
    const both = await sup('GET', '/api/v1/centers/isb-g9/stats?from=2026-11-24&to=2026-11-25');
    expect(both.body.totals.issued).toBe(8);
    const today = await sup('GET', '/api/v1/centers/isb-g9/stats');
    expect(today.body).toMatchObject({ from: '2026-11-25', to: '2026-11-25', totals: { issued: 1, served: 0, avgWaitSeconds: null, p90WaitSeconds: null, slaMetPercent: null } });
    expect((await sup('GET', '/api/v1/centers/isb-g9/stats?from=2026-11-25&to=2026-11-24')).status).toBe(400);
    const csv = await sup('GET', '/api/v1/centers/isb-g9/reports/tickets.csv?from=2026-11-24&to=2026-11-24');
    expect(csv.status).toBe(200);
    const lines = (csv.body as string).trim().split('\r\n');
    expect(lines[0]).toBe('id,code,day,service_prefix,service_id,status,priority,channel,issued_at,first_called_at,started_at,finished_at,counter,operator,outcome,rating,fee_pkr,payment_status,receipt_ref,fees_paid_pkr,fees_paid,fees_waived');
    expect(lines).toHaveLength(1 + 7);
    expect(lines.find((l) => l.includes(',A001,'))).toContain(',done,none,kiosk,2026-11-24T10:00:00+05:00,2026-11-24T10:05:00+05:00,2026-11-24T10:06:00+05:00,2026-11-24T10:16:00+05:00,1,operator1,,5');
  });

  it('counts a recalled or transferred ticket by its first call, once', async () => {
    const op1 = await staffClient(t.app, 'operator1');
    at('05:00');
    await issue(t.app, 1);
    await op1('POST', '/api/v1/counters/1/open');
    at('05:10');
    expect((await op1('POST', '/api/v1/counters/1/call-next')).body.ticket.code).toBe('A001');
    at('05:12');
    await op1('POST', '/api/v1/counters/1/recall');
    // Sent on to service B: it waits again, but its wait for statistics stays the first one (10 minutes).
    expect((await op1('POST', '/api/v1/counters/1/transfer', { serviceId: 2 })).status).toBe(200);
    at('05:40');
    expect((await op1('POST', '/api/v1/counters/1/call-next')).body.ticket.code).toBe('A001');
    at('05:45');
    await op1('POST', '/api/v1/counters/1/complete');
    const s = (await (await staffClient(t.app, 'supervisor'))('GET', '/api/v1/centers/isb-g9/stats')).body;
    expect(s.totals).toMatchObject({ issued: 1, served: 1, avgWaitSeconds: 600, p90WaitSeconds: 600, slaMetPercent: 100 });
  });
});
