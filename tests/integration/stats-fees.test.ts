import { describe, expect, it } from 'vitest';
import { csvRows } from '../support/csv';
import { useTestApp, issue, staffClient } from '../support/test-app';

// Fee figures in the statistics and the CSV export. Demo centre, one-stop visits: 14 PF (passport fee,
// 4,500, paid before the call; counter 5), 16 CR (SECP, 1,000; counter 9) → 17 NT (no fee; counter 8) →
// 18 CH (chamber, 10,000; counter 10). All on 2026-11-24 (Asia/Karachi).
//
//   ticket    stops            fees
//   CR001     CR → NT → CH     CR paid 1,000 at the counter (PSID, then receipt) · CH waived
//   PF001     PF               paid 4,500 (receipt at the counter while waiting; the same again changes nothing)
//   PF002     PF               unpaid
//
// Per service: CR { 1,000, paid 1 } · CH { 0, waived 1 } · PF { 4,500, paid 1 } · NT nothing.
// Totals: collected 5,500, paid 2, waived 1.

const t = useTestApp();
const at = (hhmm: string) => t.clock.set(`2026-11-24T${hhmm}:00.000Z`);
const [PF, CR, NT, CH] = [14, 16, 17, 18];

async function playDay() {
  const op = await staffClient(t.app, 'operator1');
  const pay = async (ticketId: number, body: unknown) => {
    const r = await op('POST', `/api/v1/tickets/${ticketId}/payment`, body);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.ticket;
  };
  const act = async (counter: number, action: string) => {
    const r = await op('POST', `/api/v1/counters/${counter}/${action}`);
    expect(r.status, `${action} at ${counter}: ${JSON.stringify(r.body)}`).toBe(200);
    return r.body?.ticket;
  };
  at('05:00');
  const company = (await issue(t.app, CR)).body.ticket;
  const passport = (await issue(t.app, PF)).body.ticket;
  const unpaid = (await issue(t.app, PF)).body.ticket;
  expect([company.code, passport.code, unpaid.code]).toEqual(['CR001', 'PF001', 'PF002']);

  // Pay while you wait: PF001 paid at the counter before its call; repeating it records nothing new.
  at('05:02');
  await pay(passport.id, { status: 'paid', receiptRef: 'HBL-1' });
  await pay(passport.id, { status: 'paid', receiptRef: 'HBL-1' });

  // CR001 through its journey, one counter after another (one operator moving between them).
  at('05:05');
  await act(9, 'open');
  expect((await act(9, 'call-next')).code).toBe('CR001');
  await pay(company.id, { psid: '10212345678901234' });
  await pay(company.id, { status: 'paid', receiptRef: '1LINK-1' });
  expect((await act(9, 'complete')).serviceId).toBe(NT);
  await act(9, 'close');
  at('05:20');
  await act(8, 'open');
  expect((await act(8, 'call-next')).code).toBe('CR001');
  expect((await act(8, 'complete')).serviceId).toBe(CH);
  await act(8, 'close');
  at('05:40');
  await act(10, 'open');
  expect((await act(10, 'call-next')).code).toBe('CR001');
  await pay(company.id, { status: 'waived', receiptRef: 'ORDER-7' });
  expect((await act(10, 'complete')).status).toBe('done');
  return { company, passport, unpaid };
}

describe('fee figures', () => {
  it('per service and in total: amounts collected, paid and waived counts, each stop once in its own service', async () => {
    await playDay();
    const sup = await staffClient(t.app, 'supervisor');
    const stats = await sup('GET', '/api/v1/centers/isb-g9/stats?from=2026-11-24&to=2026-11-24');
    expect(stats.status).toBe(200);
    expect(stats.body.totals.fees).toEqual({ collectedPkr: 5500, paid: 2, waived: 1 });
    const fees = Object.fromEntries((stats.body.services as { serviceId: number; fees: unknown }[]).map((s) => [s.serviceId, s.fees]));
    expect(fees[CR]).toEqual({ collectedPkr: 1000, paid: 1, waived: 0 });
    expect(fees[CH]).toEqual({ collectedPkr: 0, paid: 0, waived: 1 });
    expect(fees[PF]).toEqual({ collectedPkr: 4500, paid: 1, waived: 0 });
    expect(fees[NT]).toEqual({ collectedPkr: 0, paid: 0, waived: 0 });
    // A day without tickets has no fees either.
    const empty = await sup('GET', '/api/v1/centers/isb-g9/stats?from=2026-11-23&to=2026-11-23');
    expect(empty.body.totals.fees).toEqual({ collectedPkr: 0, paid: 0, waived: 0 });
    expect(empty.body.services.every((s: { fees: unknown }) => JSON.stringify(s.fees) === JSON.stringify({ collectedPkr: 0, paid: 0, waived: 0 }))).toBe(true);
  });

  it('in the CSV: the last stop fee, its status and receipt, and what the whole visit paid and had waived', async () => {
    const { company, passport, unpaid } = await playDay();
    const sup = await staffClient(t.app, 'supervisor');
    const res = await sup('GET', '/api/v1/centers/isb-g9/reports/tickets.csv?from=2026-11-24&to=2026-11-24');
    expect(res.status).toBe(200);
    const byId = new Map(csvRows(res.body as string).map((r) => [Number(r.id), r]));
    const fields = (id: number) => {
      const r = byId.get(id)!;
      return [r.fee_pkr, r.payment_status, r.receipt_ref, r.fees_paid_pkr, r.fees_paid, r.fees_waived];
    };
    expect(fields(company.id)).toEqual(['10000', 'waived', 'ORDER-7', '1000', '1', '1']);
    expect(fields(passport.id)).toEqual(['4500', 'paid', 'HBL-1', '4500', '1', '0']);
    expect(fields(unpaid.id)).toEqual(['4500', 'unpaid', '', '0', '0', '0']);
    // The fee columns are appended: the columns before them keep their places.
    expect((res.body as string).split('\r\n')[0]).toBe(
      'id,code,day,service_prefix,service_id,status,priority,channel,issued_at,first_called_at,started_at,finished_at,counter,operator,outcome,rating,fee_pkr,payment_status,receipt_ref,fees_paid_pkr,fees_paid,fees_waived',
    );
  });
});
