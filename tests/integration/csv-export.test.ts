import { describe, expect, it } from 'vitest';
import { csvRows } from '../support/csv';
import { TestClock, issue, staffClient, useTestApp } from '../support/test-app';

/** The CSV export writes times in the centre's zone with its offset, as the receipt and the people reading it do. */
const t = useTestApp(() => ({ clock: new TestClock('2026-12-01T03:41:00.000Z') }));

describe('tickets.csv', () => {
  it("gives every time in the centre's zone (Asia/Karachi, +05:00), not UTC", async () => {
    const ticket = (await issue(t.app, 1)).body.ticket;
    expect(ticket.issuedAt).toBe('2026-12-01T03:41:00.000Z');
    const op = await staffClient(t.app, 'operator1');
    await op('POST', '/api/v1/counters/1/open');
    t.clock.advance(4 * 60_000);
    await op('POST', '/api/v1/counters/1/call-next');
    t.clock.advance(60_000);
    await op('POST', '/api/v1/counters/1/start');
    t.clock.advance(5 * 60_000 + 30_000);
    await op('POST', '/api/v1/counters/1/complete');
    const supervisor = await staffClient(t.app, 'supervisor');
    const res = await supervisor('GET', '/api/v1/centers/isb-g9/reports/tickets.csv?from=2026-12-01&to=2026-12-01');
    expect(res.status).toBe(200);
    const [row] = csvRows(res.body as string);
    expect(row).toMatchObject({
      code: 'A001',
      day: '2026-12-01',
      issued_at: '2026-12-01T08:41:00+05:00',
      first_called_at: '2026-12-01T08:45:00+05:00',
      started_at: '2026-12-01T08:46:00+05:00',
      finished_at: '2026-12-01T08:51:30+05:00',
    });
  });

  it('an empty time stays an empty cell', async () => {
    await issue(t.app, 1);
    const supervisor = await staffClient(t.app, 'supervisor');
    const [row] = csvRows((await supervisor('GET', '/api/v1/centers/isb-g9/reports/tickets.csv')).body as string);
    expect(row).toMatchObject({ issued_at: '2026-12-01T08:41:00+05:00', first_called_at: '', started_at: '', finished_at: '' });
  });
});
