import { describe, expect, it } from 'vitest';
import { useTestApp, issue, staffClient, TestClock } from '../support/test-app';

// 23:58 in Karachi (UTC+5).
const t = useTestApp(() => ({ clock: new TestClock('2026-11-24T18:58:00.000Z') }));

describe('daily numbering', () => {
  it('starts again at 001 per service when the Asia/Karachi day changes, and expires the old line', async () => {
    const codes = async (serviceId: number, n: number) => {
      const out = [];
      for (let i = 0; i < n; i++) out.push((await issue(t.app, serviceId)).body.ticket.code);
      return out;
    };
    expect(await codes(1, 3)).toEqual(['A001', 'A002', 'A003']);
    expect(await codes(8, 2)).toEqual(['BF001', 'BF002']); // the Business Facilitation Center
    t.clock.set('2026-11-24T18:59:59.999Z');
    expect(await codes(1, 1)).toEqual(['A004']);
    t.clock.set('2026-11-24T19:00:00.000Z'); // local midnight
    expect(await codes(1, 2)).toEqual(['A001', 'A002']);
    expect(await codes(3, 1)).toEqual(['P001']);

    const expired = await t.app.services.tickets.expireStale();
    expect(expired).toBe(6);
    const sup = await staffClient(t.app, 'supervisor');
    const queue = await sup('GET', '/api/v1/centers/isb-g9/queue');
    expect(queue.body.map((x: { code: string }) => x.code)).toEqual(['A001', 'A002', 'P001']);
    const yesterday = await t.database.db.selectFrom('tickets').select(['code', 'status', 'service_day']).where('service_day', '=', '2026-11-24').execute();
    expect(yesterday.every((r) => r.status === 'expired')).toBe(true);
  });
});
