import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { issue, staffClient, useTestApp } from '../support/test-app';
import { startReceiver, type Receiver } from '../support/webhook-receiver';
import { createWebhookSender } from '../../server/src/outbox/webhook-sender';
import { maxAttempts, retryScheduleSeconds } from '../../server/src/domain/webhooks';

type Call = Awaited<ReturnType<typeof staffClient>>;

let receiver: Receiver;
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  await receiver.close();
});

const types = () => receiver.received.map((r) => (JSON.parse(r.body) as { type: string }).type);

async function createWebhook(admin: Call, body: Record<string, unknown>) {
  const res = await admin('POST', '/api/v1/admin/webhooks', { url: receiver.url, events: ['*'], ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { webhook: { id: number }; secret: string };
}

describe('webhooks delivered by the dispatcher (woken at commit) to a real receiver', () => {
  const t = useTestApp(() => ({ config: { webhookAllowPrivateNetworks: true, dispatchOutbox: true } }));

  it('signs every delivery so standardwebhooks verifies it; the body is the public ticket without the phone', async () => {
    const admin = await staffClient(t.app, 'admin');
    const { webhook, secret } = await createWebhook(admin, {});
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(secret.slice(6), 'base64').length).toBe(32);
    const listed = await admin('GET', '/api/v1/admin/webhooks');
    expect(listed.body).toEqual([{ id: webhook.id, url: receiver.url, events: ['*'], centerId: null, enabled: true, createdAt: expect.any(String), disabledReason: null }]);
    expect(JSON.stringify(listed.body)).not.toContain(secret.slice(6, 20));

    const started = Date.now();
    const { body } = await issue(t.app, 1, { phone: '+92 300 1234567' });
    // The poll runs every 2 s: an answer this fast came from the wake-up at commit.
    await receiver.waitFor(1, 1500);
    expect(Date.now() - started).toBeLessThan(1500);

    const request = receiver.received[0]!;
    const verified = new Webhook(secret).verify(request.body, request.headers) as { type: string; timestamp: string; data: { publicId: string } };
    expect(verified.type).toBe('ticket.issued');
    expect(verified.timestamp).toBe('2026-11-24T05:00:00.000Z');
    expect(verified.data).toEqual(body.ticket);
    expect(request.body).not.toContain('1234567');
    expect(request.body).not.toContain('phone');
    expect(request.headers['content-type']).toBe('application/json');
    const other = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    expect(() => new Webhook(other).verify(request.body, request.headers)).toThrow();

    await t.app.outbox.runOnce();
    const deliveries = await admin('GET', `/api/v1/admin/webhooks/${webhook.id}/deliveries`);
    expect(deliveries.body).toEqual([
      { id: request.headers['webhook-id'], type: 'ticket.issued', status: 'delivered', attempts: 1, lastStatusCode: 204, nextAttemptAt: null, lastAttemptAt: expect.any(String), lastError: null, createdAt: expect.any(String) },
    ]);
  });

  it('sends the contract’s ticket and counter events, in order, each verified', async () => {
    const admin = await staffClient(t.app, 'admin');
    const { secret } = await createWebhook(admin, {});
    const op = await staffClient(t.app, 'operator1');
    const a = (await issue(t.app, 1)).body.ticket;
    const b = (await issue(t.app, 1)).body.ticket;
    const c = (await issue(t.app, 1)).body.ticket;
    await op('POST', '/api/v1/counters/1/open');
    await op('POST', '/api/v1/counters/1/call-next');
    await op('POST', '/api/v1/counters/1/recall');
    await op('POST', '/api/v1/counters/1/start');
    await op('POST', '/api/v1/counters/1/complete', {});
    await op('POST', '/api/v1/counters/1/call-next');
    await op('POST', '/api/v1/counters/1/no-show');
    await op('POST', '/api/v1/counters/1/call-next');
    expect((await op('POST', '/api/v1/counters/1/transfer', { serviceId: 2 })).status).toBe(200);
    await t.app.inject({ method: 'POST', url: `/api/v1/tickets/${c.publicId}/cancel` });
    await op('POST', '/api/v1/counters/1/pause', { reason: 'tea' });
    await op('POST', '/api/v1/counters/1/open');
    await op('POST', '/api/v1/counters/1/close');
    const expected = [
      'ticket.issued',
      'ticket.issued',
      'ticket.issued',
      'counter.opened',
      'ticket.called',
      'ticket.recalled',
      'ticket.started',
      'ticket.completed',
      'ticket.called',
      'ticket.no_show',
      'ticket.called',
      'ticket.transferred',
      'ticket.cancelled',
      'counter.paused',
      'counter.opened',
      'counter.closed',
    ];
    await receiver.waitFor(expected.length);
    await t.app.outbox.runOnce();
    // The dispatcher sends up to 16 at once, so arrival order is by batch; the event order is the timestamp's and id's.
    expect(types().sort()).toEqual([...expected].sort());
    const ids = receiver.received.map((r) => r.headers['webhook-id']);
    expect(new Set(ids).size).toBe(expected.length);
    for (const r of receiver.received) expect(() => new Webhook(secret).verify(r.body, r.headers)).not.toThrow();
    const byType = (type: string) => receiver.received.map((r) => JSON.parse(r.body) as { type: string; data: Record<string, unknown> }).filter((e) => e.type === type);
    expect(byType('ticket.completed')[0]!.data).toMatchObject({ id: a.id, status: 'done' });
    expect(byType('ticket.no_show')[0]!.data).toMatchObject({ id: b.id, status: 'no_show' });
    expect(byType('ticket.transferred')[0]!.data).toMatchObject({ id: c.id, status: 'waiting', serviceId: 2 });
    expect(byType('ticket.cancelled')[0]!.data).toMatchObject({ id: c.id, status: 'cancelled' });
    expect(byType('counter.paused')[0]!.data).toMatchObject({ id: 1, status: 'paused', pauseReason: 'tea' });
  });

  it('filters by event type and centre', async () => {
    const admin = await staffClient(t.app, 'admin');
    const calls = await startReceiver();
    const elsewhere = await startReceiver();
    try {
      await createWebhook(admin, {});
      await admin('POST', '/api/v1/admin/webhooks', { url: calls.url, events: ['ticket.called', 'ticket.called'], centerId: 'isb-g9' });
      await admin('POST', '/api/v1/admin/centers', { id: 'lhr-1', name: { en: 'Lahore', ur: 'لاہور' }, timezone: 'Asia/Karachi' });
      expect((await admin('POST', '/api/v1/admin/webhooks', { url: elsewhere.url, events: ['*'], centerId: 'lhr-1' })).status).toBe(201);
      const op = await staffClient(t.app, 'operator1');
      await issue(t.app, 1);
      await op('POST', '/api/v1/counters/1/open');
      await op('POST', '/api/v1/counters/1/call-next');
      await receiver.waitFor(3);
      await calls.waitFor(1);
      await t.app.outbox.runOnce();
      expect(calls.received.map((r) => (JSON.parse(r.body) as { type: string }).type)).toEqual(['ticket.called']);
      expect(elsewhere.received).toEqual([]);
      expect((await admin('GET', '/api/v1/admin/webhooks')).body[1].events).toEqual(['ticket.called']);
    } finally {
      await calls.close();
      await elsewhere.close();
    }
  });

  it('signs with both secrets during a rotation', async () => {
    const admin = await staffClient(t.app, 'admin');
    const { webhook, secret: before } = await createWebhook(admin, {});
    const rotated = await admin('POST', `/api/v1/admin/webhooks/${webhook.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.previousSecretValidUntil).toBe('2026-11-25T05:00:00.000Z');
    await issue(t.app, 1);
    await receiver.waitFor(1);
    const r = receiver.received[0]!;
    expect(r.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(() => new Webhook(before).verify(r.body, r.headers)).not.toThrow();
    expect(() => new Webhook(rotated.body.secret as string).verify(r.body, r.headers)).not.toThrow();
    t.clock.advance(24 * 3600_000 + 1);
    await issue(t.app, 1);
    await receiver.waitFor(2);
    const later = receiver.received[1]!;
    expect(later.headers['webhook-signature']!.split(' ')).toHaveLength(1);
    expect(() => new Webhook(before).verify(later.body, later.headers)).toThrow();
    expect(() => new Webhook(rotated.body.secret as string).verify(later.body, later.headers)).not.toThrow();
  });
});

describe('retries, driven by hand with a fixed clock', () => {
  const t = useTestApp(() => ({ config: { webhookAllowPrivateNetworks: true } }));

  it('retries on the schedule (±20%), with the same webhook-id, then the delivery is dead', async () => {
    receiver.respondWith(() => ({ status: 500 }));
    const admin = await staffClient(t.app, 'admin');
    const { webhook } = await createWebhook(admin, {});
    await issue(t.app, 1);
    await t.app.outbox.runOnce();
    expect(receiver.received).toHaveLength(1);
    // Sessions expire as the clock moves on by hours: sign in again for each look.
    const deliveries = async () => (await (await staffClient(t.app, 'admin'))('GET', `/api/v1/admin/webhooks/${webhook.id}/deliveries`)).body;
    for (let attempt = 1; attempt < maxAttempts; attempt++) {
      const [d] = (await deliveries()) as { status: string; attempts: number; nextAttemptAt: string; lastStatusCode: number }[];
      expect(d).toMatchObject({ status: 'pending', attempts: attempt, lastStatusCode: 500 });
      const wait = Date.parse(d!.nextAttemptAt) - t.clock.now().getTime();
      const base = retryScheduleSeconds[attempt - 1]! * 1000;
      expect(wait).toBeGreaterThanOrEqual(base * 0.8);
      expect(wait).toBeLessThanOrEqual(base * 1.2);
      // Not a moment before it is due.
      t.clock.set(new Date(Date.parse(d!.nextAttemptAt) - 1).toISOString());
      await t.app.outbox.runOnce();
      expect(receiver.received).toHaveLength(attempt);
      t.clock.advance(1);
      await t.app.outbox.runOnce();
      expect(receiver.received).toHaveLength(attempt + 1);
    }
    const [dead] = (await deliveries()) as { id: string }[];
    expect(dead).toMatchObject({ status: 'dead', attempts: maxAttempts, nextAttemptAt: null });
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id']))).toEqual(new Set([dead!.id]));
    // Bodies are the same bytes on every retry.
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);

    // A manual retry: one more attempt, now answered.
    receiver.respondWith(() => ({ status: 200 }));
    const retried = await (await staffClient(t.app, 'admin'))('POST', `/api/v1/admin/webhooks/${webhook.id}/deliveries/${dead!.id}/retry`);
    expect(retried.status).toBe(202);
    await t.app.outbox.runOnce();
    expect(receiver.received).toHaveLength(maxAttempts + 1);
    expect((await deliveries())[0]).toMatchObject({ status: 'delivered', attempts: maxAttempts + 1, lastStatusCode: 200 });
  });

  it('honours Retry-After and treats a redirect as a failure (not followed)', async () => {
    receiver.respondWith(() => ({ status: 503, headers: { 'retry-after': '7200' } }));
    const admin = await staffClient(t.app, 'admin');
    const { webhook } = await createWebhook(admin, {});
    await issue(t.app, 1);
    await t.app.outbox.runOnce();
    const [d] = (await admin('GET', `/api/v1/admin/webhooks/${webhook.id}/deliveries`)).body as { nextAttemptAt: string }[];
    expect(Date.parse(d!.nextAttemptAt) - t.clock.now().getTime()).toBe(7_200_000);

    receiver.respondWith(() => ({ status: 302, headers: { location: 'http://10.0.0.1/' } }));
    t.clock.advance(7_200_000);
    await t.app.outbox.runOnce();
    expect(receiver.received).toHaveLength(2);
    expect((await admin('GET', `/api/v1/admin/webhooks/${webhook.id}/deliveries`)).body[0]).toMatchObject({ status: 'pending', attempts: 2, lastStatusCode: 302 });
  });

  it('410 Gone disables the webhook: nothing more is sent to it', async () => {
    receiver.respondWith(() => ({ status: 410 }));
    const admin = await staffClient(t.app, 'admin');
    const { webhook } = await createWebhook(admin, {});
    await issue(t.app, 1);
    await t.app.outbox.runOnce();
    expect((await admin('GET', '/api/v1/admin/webhooks')).body[0]).toMatchObject({ enabled: false, disabledReason: 'gone' });
    expect((await admin('GET', `/api/v1/admin/webhooks/${webhook.id}/deliveries`)).body[0]).toMatchObject({ status: 'dead', attempts: 1, lastStatusCode: 410 });
    await issue(t.app, 1);
    t.clock.advance(3600_000);
    await t.app.outbox.runOnce();
    expect(receiver.received).toHaveLength(1);
    expect((await admin('GET', `/api/v1/admin/webhooks/${webhook.id}/deliveries`)).body).toHaveLength(1);
  });

  it('a webhook disabled by a 410 or by hand is enabled again with PATCH: the reason is cleared, audited, new events are delivered', async () => {
    receiver.respondWith(() => ({ status: 410 }));
    const admin = await staffClient(t.app, 'admin');
    const { webhook } = await createWebhook(admin, {});
    await issue(t.app, 1);
    await t.app.outbox.runOnce();
    expect((await admin('GET', '/api/v1/admin/webhooks')).body[0]).toMatchObject({ enabled: false, disabledReason: 'gone' });

    receiver.respondWith(() => ({ status: 200 }));
    const enabled = await admin('PATCH', `/api/v1/admin/webhooks/${webhook.id}`, { enabled: true });
    expect(enabled.status, JSON.stringify(enabled.body)).toBe(200);
    expect(enabled.body).toMatchObject({ id: webhook.id, enabled: true, disabledReason: null });
    expect((await admin('GET', '/api/v1/admin/webhooks')).body[0]).toMatchObject({ enabled: true, disabledReason: null });
    await issue(t.app, 1);
    await t.app.outbox.runOnce();
    expect(types()).toEqual(['ticket.issued', 'ticket.issued']);
    // The dead delivery of the 410 stays dead: it is sent again only by hand.
    expect(((await admin('GET', `/api/v1/admin/webhooks/${webhook.id}/deliveries`)).body as { status: string }[]).map((d) => d.status)).toEqual(['delivered', 'dead']);

    // By hand: off with reason "manual", nothing delivered while off, on again.
    const off = await admin('PATCH', `/api/v1/admin/webhooks/${webhook.id}`, { enabled: false });
    expect(off.body).toMatchObject({ enabled: false, disabledReason: 'manual' });
    await issue(t.app, 1);
    t.clock.advance(3600_000);
    await t.app.outbox.runOnce();
    expect(receiver.received).toHaveLength(2);
    expect((await admin('PATCH', `/api/v1/admin/webhooks/${webhook.id}`, { enabled: true })).body).toMatchObject({ enabled: true, disabledReason: null });

    const audit = ((await admin('GET', '/api/v1/admin/audit')).body as { entity: string; action: string; data: unknown }[]).filter((a) => a.entity === 'webhook');
    expect(audit.map((a) => a.action).slice(0, 3)).toEqual(['enable', 'disable', 'enable']);
    expect(audit[2]!.data).toEqual({ previousReason: 'gone' });
  });

  it('PATCH refuses a body other than { enabled } and an unknown webhook, and changes nothing', async () => {
    const admin = await staffClient(t.app, 'admin');
    const { webhook } = await createWebhook(admin, {});
    for (const body of [{}, { enabled: 'yes' }, { enabled: true, url: 'http://example.org' }, null]) {
      const res = await admin('PATCH', `/api/v1/admin/webhooks/${webhook.id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
    }
    expect((await admin('PATCH', '/api/v1/admin/webhooks/9999', { enabled: true })).body.error.code).toBe('WEBHOOK_NOT_FOUND');
    expect((await admin('GET', '/api/v1/admin/webhooks')).body[0]).toMatchObject({ enabled: true, disabledReason: null });
  });

  it('a receiver that does not answer in time is a failed attempt', async () => {
    const send = createWebhookSender({ allowPrivateNetworks: true, timeoutMs: 200 });
    const http = await import('node:http');
    const silent = http.createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const port = (silent.address() as { port: number }).port;
      const answer = await send({ id: 'msg_test1234', url: `http://127.0.0.1:${port}/`, body: '{}', secrets: [`whsec_${Buffer.alloc(24).toString('base64')}`] });
      expect(answer).toMatchObject({ statusCode: null, aborted: false, error: 'no answer within 0.2 s' });
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('refuses private addresses when sending unless allowed (a URL that became private meanwhile)', async () => {
    const send = createWebhookSender({ allowPrivateNetworks: false });
    const secrets = [`whsec_${Buffer.alloc(24).toString('base64')}`];
    expect(await send({ id: 'msg_test1234', url: receiver.url, body: '{}', secrets })).toMatchObject({ statusCode: null, error: 'the URL is a private address' });
    const byName = await send({ id: 'msg_test1234', url: `http://localhost:${receiver.port}/`, body: '{}', secrets });
    expect(byName).toMatchObject({ statusCode: null });
    expect(byName.error).toMatch(/private address/);
    expect(receiver.received).toEqual([]);
  });
});

describe('bad input is a typed 400 and stores nothing', () => {
  const t = useTestApp(() => ({ config: { webhookAllowPrivateNetworks: false } }));

  it.each([
    ['a private address', { url: 'http://127.0.0.1:9/hooks', events: ['*'] }],
    ['a host that resolves to loopback', { url: 'http://localhost:9/hooks', events: ['*'] }],
    ['a private IPv6 address', { url: 'http://[::1]/hooks', events: ['*'] }],
    ['an IPv4-mapped loopback', { url: 'http://[::ffff:127.0.0.1]/hooks', events: ['*'] }],
    ['a 10/8 address', { url: 'https://10.1.2.3/hooks', events: ['*'] }],
    ['a host that does not resolve', { url: 'https://no-such-host.invalid/hooks', events: ['*'] }],
    ['not a URL', { url: 'hooks', events: ['*'] }],
    ['another scheme', { url: 'ftp://example.com/hooks', events: ['*'] }],
    ['credentials in the URL', { url: 'https://user:pw@example.com/hooks', events: ['*'] }],
    ['a URL too long', { url: `https://example.com/${'a'.repeat(2100)}`, events: ['*'] }],
    ['an unknown event type', { url: 'https://example.com/hooks', events: ['ticket.exploded'] }],
    ['no event types', { url: 'https://example.com/hooks', events: [] }],
    ['a huge secret', { url: 'https://example.com/hooks', events: ['*'], secret: `whsec_${Buffer.alloc(65).toString('base64')}` }],
    ['a short secret', { url: 'https://example.com/hooks', events: ['*'], secret: `whsec_${Buffer.alloc(23).toString('base64')}` }],
    ['a secret that is not base64', { url: 'https://example.com/hooks', events: ['*'], secret: 'whsec_not base64 at all!!!!!!!!!!!!!!!!!!!' }],
    ['an unknown field', { url: 'https://example.com/hooks', events: ['*'], extra: 1 }],
  ])('%s', async (_name, body) => {
    const admin = await staffClient(t.app, 'admin');
    const res = await admin('POST', '/api/v1/admin/webhooks', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    expect((await admin('GET', '/api/v1/admin/webhooks')).body).toEqual([]);
  });

  it('answers 404 for an unknown centre, webhook or delivery, and 403 for a supervisor', async () => {
    const admin = await staffClient(t.app, 'admin');
    expect((await admin('POST', '/api/v1/admin/webhooks', { url: 'http://93.184.215.14/hooks', events: ['*'], centerId: 'nowhere' })).body.error.code).toBe('CENTER_NOT_FOUND');
    expect((await admin('GET', '/api/v1/admin/webhooks')).body).toEqual([]);
    expect((await admin('DELETE', '/api/v1/admin/webhooks/99')).body.error.code).toBe('WEBHOOK_NOT_FOUND');
    expect((await admin('GET', '/api/v1/admin/webhooks/99/deliveries')).status).toBe(404);
    const created = await admin('POST', '/api/v1/admin/webhooks', { url: 'http://93.184.215.14/hooks', events: ['*'], secret: `whsec_${Buffer.alloc(64, 1).toString('base64')}` });
    expect(created.status).toBe(201);
    expect(created.body.secret).toBe(`whsec_${Buffer.alloc(64, 1).toString('base64')}`);
    expect((await admin('POST', `/api/v1/admin/webhooks/${created.body.webhook.id}/deliveries/msg_nosuchdelivery/retry`)).body.error.code).toBe('WEBHOOK_DELIVERY_NOT_FOUND');
    const supervisor = await staffClient(t.app, 'supervisor');
    expect((await supervisor('GET', '/api/v1/admin/webhooks')).status).toBe(403);
    expect((await admin('DELETE', `/api/v1/admin/webhooks/${created.body.webhook.id}`)).status).toBe(204);
    expect((await admin('GET', '/api/v1/admin/webhooks')).body).toEqual([]);
  });
});
