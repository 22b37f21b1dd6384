import crypto from 'node:crypto';
import { sql } from 'kysely';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { useTestApp, createTestApp, issue, staffClient } from '../support/test-app';
import { connectRecording } from '../support/sockets';

// Fees and payment (API.md "Fees and payment"): PSID recorded once at the counter, paid or waived with a
// receipt, signed notices from the fee authority, and "pay while you wait" with payBeforeCall.
const secret = `whsec_${crypto.randomBytes(32).toString('base64')}`;
const t = useTestApp(() => ({ config: { paymentWebhookSecret: secret } }));

const psidA = '10212345678901234';
const psidB = '10212345678901235';
const passportFee = { amountPkr: 4500, label: { en: 'Passport fee (example)', ur: 'پاسپورٹ فیس (مثال)' } };

async function setup(payBeforeCall = false) {
  const admin = await staffClient(t.app, 'admin');
  const service = await admin('PATCH', '/api/v1/admin/services/3', { fee: passportFee, payBeforeCall });
  expect(service.body.service).toMatchObject({ fee: passportFee, payBeforeCall });
  return { op: await staffClient(t.app, 'operator2'), sup: await staffClient(t.app, 'supervisor') };
}

function notice(body: unknown, options: { id?: string; key?: string; headers?: Record<string, string> } = {}) {
  const payload = JSON.stringify(body);
  const id = options.id ?? `msg_${crypto.randomUUID()}`;
  const now = new Date();
  const signature = new Webhook(options.key ?? secret).sign(id, now, payload);
  const headers = { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': signature, ...options.headers };
  return t.app.inject({ method: 'POST', url: '/api/v1/integrations/payments', payload, headers });
}

const paidNotice = (psid: string) => ({ psid, status: 'paid', paidAt: '2026-11-24T05:10:00.000Z', receiptRef: '1LINK-778899' });
const paymentRows = async () => (await sql<{ psid: string | null; payment_status: string | null }>`select psid, payment_status from tickets order by id`.execute(t.database.db)).rows;

describe('fees and payment', () => {
  it('shows the fee on the ticket, records the PSID once, and marks it paid with a receipt (audited)', async () => {
    const { op, sup } = await setup();
    const ticket = (await issue(t.app, 3)).body.ticket;
    expect(ticket.payment).toEqual({ amountPkr: 4500, psid: null, status: 'unpaid', paidAt: null, receiptRef: null });
    expect((await issue(t.app, 1)).body.ticket.payment).toBeNull();

    const url = `/api/v1/tickets/${ticket.id}/payment`;
    for (const psid of ['1021234567890123', '1021234567890123a', 'abcdefghijklmnopq', ' 10212345678901234']) {
      const bad = await op('POST', url, { psid });
      expect(bad.status, psid).toBe(400);
      expect(bad.body.error.code).toBe('VALIDATION_ERROR');
    }
    expect((await op('POST', url, {})).status).toBe(400);
    expect((await op('POST', url, { status: 'paid' })).status).toBe(400);
    expect((await paymentRows())[0]).toEqual({ psid: null, payment_status: 'unpaid' });

    expect((await op('POST', url, { psid: psidA })).body.ticket.payment).toMatchObject({ psid: psidA, status: 'unpaid' });
    expect((await op('POST', url, { psid: psidA })).status).toBe(200);
    const second = await op('POST', url, { psid: psidB });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('PSID_ALREADY_SET');
    const other = (await issue(t.app, 3)).body.ticket;
    expect((await op('POST', `/api/v1/tickets/${other.id}/payment`, { psid: psidA })).body.error.code).toBe('PSID_IN_USE');

    t.clock.advance(60_000);
    const paid = await op('POST', url, { status: 'paid', receiptRef: 'BANK-1' });
    expect(paid.body.ticket.payment).toEqual({ amountPkr: 4500, psid: psidA, status: 'paid', paidAt: t.clock.now().toISOString(), receiptRef: 'BANK-1' });
    expect((await op('POST', url, { status: 'waived', receiptRef: 'X' })).body.error.code).toBe('PAYMENT_SETTLED');
    expect((await paymentRows())[0]).toEqual({ psid: psidA, payment_status: 'paid' });

    const trail = (await sup('GET', `/api/v1/tickets/${ticket.id}/events`)).body as { type: string; data: Record<string, unknown>; actor: { username: string } | null }[];
    expect(trail.filter((e) => e.type === 'payment').map((e) => [e.data.psid ?? null, e.data.status ?? null, e.actor?.username])).toEqual([
      [psidA, null, 'operator2'],
      [null, 'paid', 'operator2'],
    ]);
    const outbox = (await sql<{ type: string }>`select type from outbox_events where ticket_id = ${ticket.id} order by id`.execute(t.database.db)).rows.map((r) => r.type);
    expect(outbox).toEqual(['ticket.issued', 'ticket.paid']);

    const noFee = (await issue(t.app, 1)).body.ticket;
    expect((await op('POST', `/api/v1/tickets/${noFee.id}/payment`, { psid: psidB })).body.error.code).toBe('NO_FEE');
    expect((await op('POST', '/api/v1/tickets/99999/payment', { psid: psidB })).body.error.code).toBe('TICKET_NOT_FOUND');
  });

  it("takes the fee authority's signed notice once; a forged or unsigned one is 401, an unknown PSID 404", async () => {
    const { op } = await setup();
    const ticket = (await issue(t.app, 3)).body.ticket;
    await op('POST', `/api/v1/tickets/${ticket.id}/payment`, { psid: psidA });

    const forged = await notice(paidNotice(psidA), { key: `whsec_${crypto.randomBytes(32).toString('base64')}` });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error.code).toBe('INVALID_SIGNATURE');
    const unsigned = await t.app.inject({ method: 'POST', url: '/api/v1/integrations/payments', payload: paidNotice(psidA) });
    expect(unsigned.json().error.code).toBe('INVALID_SIGNATURE');
    // The body must be the one signed.
    const tampered = await notice(paidNotice(psidA), { headers: { 'webhook-id': 'msg_other' } });
    expect(tampered.statusCode).toBe(401);
    expect((await paymentRows())[0]).toEqual({ psid: psidA, payment_status: 'unpaid' });

    const unknown = await notice(paidNotice(psidB));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('PSID_NOT_FOUND');
    expect((await notice({ psid: '123', status: 'paid', paidAt: 'yesterday', receiptRef: 'r' })).statusCode).toBe(400);

    const first = await notice(paidNotice(psidA), { id: 'msg_1' });
    expect(first.statusCode).toBe(200);
    expect(first.json().ticket.payment).toEqual({ amountPkr: 4500, psid: psidA, status: 'paid', paidAt: '2026-11-24T05:10:00.000Z', receiptRef: '1LINK-778899' });
    const again = await notice({ ...paidNotice(psidA), receiptRef: 'CHANGED' }, { id: 'msg_1' });
    expect(again.statusCode).toBe(200);
    expect(again.json().ticket.payment.receiptRef).toBe('1LINK-778899');
    const paidEvents = (await sql<{ n: number }>`select count(*) as n from ticket_events where type = 'payment' and ticket_id = ${ticket.id}`.execute(t.database.db)).rows[0];
    expect(Number(paidEvents?.n)).toBe(2);
    const outbox = (await sql<{ type: string }>`select type from outbox_events where type = 'ticket.paid'`.execute(t.database.db)).rows;
    expect(outbox).toHaveLength(1);
  });

  it('with payBeforeCall an unpaid ticket keeps its rank but is called only once paid (pay while you wait)', async () => {
    const { op } = await setup(true);
    const first = (await issue(t.app, 3)).body.ticket;
    t.clock.advance(60_000);
    const second = (await issue(t.app, 3)).body.ticket;
    await op('POST', '/api/v1/counters/4/open');
    await op('POST', `/api/v1/tickets/${first.id}/payment`, { psid: psidA });
    // Nobody has paid: nothing to call, and the first keeps position 1.
    expect((await op('POST', '/api/v1/counters/4/call-next')).status).toBe(204);
    expect((await op('POST', '/api/v1/counters/4/call', { ticketId: first.id })).body.error.code).toBe('TICKET_NOT_ELIGIBLE');
    await op('POST', `/api/v1/tickets/${second.id}/payment`, { status: 'waived', receiptRef: 'ZAKAT-CERT-12' });
    expect((await op('POST', '/api/v1/counters/4/call-next')).body.ticket.id).toBe(second.id);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/tickets/${first.publicId}` })).json().ticket.position).toBe(1);
    await op('POST', '/api/v1/counters/4/complete');
    expect((await notice(paidNotice(psidA))).statusCode).toBe(200);
    expect((await op('POST', '/api/v1/counters/4/call-next')).body.ticket).toMatchObject({ id: first.id, payment: { status: 'paid' } });
  });

  it("a journey ticket's payment is its current stop's fee", async () => {
    const { op } = await setup();
    const admin = await staffClient(t.app, 'admin');
    const op1 = await staffClient(t.app, 'operator1');
    const ticket = (await issue(t.app, 1, { nextServiceIds: [3] })).body.ticket;
    expect(ticket.payment).toBeNull();
    await op1('POST', '/api/v1/counters/1/open');
    await op1('POST', '/api/v1/counters/1/call-next');
    const moved = (await op1('POST', '/api/v1/counters/1/complete')).body.ticket;
    expect(moved).toMatchObject({ serviceId: 3, payment: { amountPkr: 4500, status: 'unpaid', psid: null } });
    expect((await op('POST', `/api/v1/tickets/${ticket.id}/payment`, { psid: psidA })).status).toBe(200);
    await admin('PATCH', '/api/v1/admin/services/3', { fee: null });
    expect((await admin('GET', '/api/v1/admin/services/3')).body.service.fee).toBeNull();
  });

  it("pushes the PSID, the payment and a journey's move to the holder's phone", async () => {
    const { op } = await setup();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
    const ticket = (await issue(t.app, 3, { nextServiceIds: [6] })).body.ticket;
    const phone = await connectRecording(url, '/ticket', { publicId: ticket.publicId });
    try {
      expect((await phone.next('ticket:updated')).ticket.payment).toMatchObject({ status: 'unpaid', psid: null });
      await op('POST', `/api/v1/tickets/${ticket.id}/payment`, { psid: psidA });
      expect((await phone.until('ticket:updated', (p) => p.ticket.payment?.psid === psidA)).ticket.payment.status).toBe('unpaid');
      await notice(paidNotice(psidA));
      expect((await phone.until('ticket:updated', (p) => p.ticket.payment?.status === 'paid')).ticket.payment.receiptRef).toBe('1LINK-778899');
      await op('POST', '/api/v1/counters/4/open');
      await op('POST', '/api/v1/counters/4/call-next');
      await op('POST', '/api/v1/counters/4/complete');
      const moved = await phone.until('ticket:updated', (p) => p.ticket.serviceId === 6);
      expect(moved.ticket).toMatchObject({ status: 'waiting', code: ticket.code, payment: null });
      expect(moved.ticket.journey.map((s: { status: string }) => s.status)).toEqual(['done', 'current']);
    } finally {
      phone.close();
    }
  });

  it('answers 404 to payment notices when PAYMENT_WEBHOOK_SECRET is unset', async () => {
    const bare = await createTestApp();
    try {
      const res = await bare.app.inject({ method: 'POST', url: '/api/v1/integrations/payments', payload: paidNotice(psidA) });
      expect(res.statusCode).toBe(404);
    } finally {
      await bare.close();
    }
  });
});
