import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { issue, staffClient, TestClock } from '../support/test-app';
import { createPgDatabase, onPostgres, type TestPgDatabase } from '../support/pg';
import { startFakeSmsGateway, type FakeSmsGateway } from '../support/fake-sms-gateway';
import { startLoggedApp } from '../support/messages-app';

const phone = '+92 300 1234567';
const digits = '1234567';

/** A database two app instances (or one, restarted) share: a SQLite file, or a PostgreSQL database. */
let pg: TestPgDatabase | null = null;
let url = '';
let dir = '';
beforeEach(async () => {
  pg = onPostgres ? await createPgDatabase('sms') : null;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'navbat-sms-'));
  url = pg?.url ?? `file:${path.join(dir, 'navbat.sqlite')}`;
});
afterEach(async () => {
  await pg?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * Dispatch passes of several instances: at once on PostgreSQL; one after the other on a SQLite file, where
 * two connections of one process cannot both wait on a write (better-sqlite3 blocks the thread).
 */
async function passes(...runs: (() => Promise<void>)[]) {
  if (onPostgres) await Promise.all(runs.map((run) => run()));
  else for (const run of runs) await run();
}

async function messageRows(app: FastifyInstance, ticketId: number) {
  return app.services.messages.messagesOf('ticket', ticketId);
}

describe('SMS through the gateway', () => {
  let gateway: FakeSmsGateway;
  beforeEach(async () => {
    gateway = await startFakeSmsGateway();
  });
  afterEach(() => gateway.close());

  it('sends near once at notifyAhead and called with the counter, in the ticket’s language; restarts and a second instance send nothing twice; the number is never logged', async () => {
    const clock = new TestClock('2026-11-24T05:00:00.000Z');
    const logs: string[] = [];
    const config = { smsGatewayUrl: gateway.url, smsGatewayToken: 'gateway-token-1', publicUrl: 'https://navbat.example.gov.pk' };
    const first = await startLoggedApp(url, clock, logs, config);
    const admin = await staffClient(first.app, 'admin');
    const patched = await admin('PATCH', '/api/v1/admin/centers/isb-g9', { notifyAhead: 1 });
    expect(patched.body.center.notifyAhead).toBe(1);

    let op = await staffClient(first.app, 'operator1');
    await op('POST', '/api/v1/counters/1/open');
    await issue(first.app, 1);
    await issue(first.app, 1);
    const mine = (await issue(first.app, 1, { phone, language: 'ur' })).body.ticket;
    expect(mine.position).toBe(3);
    await first.app.outbox.runOnce();
    expect(gateway.received).toHaveLength(0);

    await op('POST', '/api/v1/counters/1/call-next'); // one ahead now: notifyAhead reached
    await first.app.outbox.runOnce();
    expect(gateway.received).toHaveLength(1);
    const near = gateway.received[0]!;
    expect(near.authorization).toBe('Bearer gateway-token-1');
    expect(near.body).toMatchObject({ to: phone, language: 'ur' });
    expect(near.body.text).toContain(mine.code);
    expect(near.body.text).toContain('آپ سے پہلے 1 افراد');
    expect(near.body.text).toContain(`https://navbat.example.gov.pk/t/${mine.publicId}`);

    // Restart on the same data: nothing is sent again.
    await first.close();
    const second = await startLoggedApp(url, clock, logs, config);
    await second.app.outbox.runOnce();
    expect(gateway.received).toHaveLength(1);

    op = await staffClient(second.app, 'operator1');
    await op('POST', '/api/v1/counters/1/complete', {});
    await op('POST', '/api/v1/counters/1/call-next'); // none ahead: still the one `near`
    await second.app.outbox.runOnce();
    expect(gateway.received).toHaveLength(1);
    await op('POST', '/api/v1/counters/1/complete', {});
    const called = await op('POST', '/api/v1/counters/1/call-next');
    expect(called.body.ticket.id).toBe(mine.id);

    // A second instance on the same data dispatches too: each message goes out once.
    const third = await startLoggedApp(url, clock, logs, config);
    await passes(() => third.app.outbox.runOnce(), () => second.app.outbox.runOnce());
    expect(gateway.received).toHaveLength(2);
    const calledSms = gateway.received[1]!;
    expect(calledSms.body).toMatchObject({ to: phone, language: 'ur' });
    expect(calledSms.body.text).toBe(`نوبت: ٹکٹ ${mine.code}، براہ کرم ابھی کاؤنٹر 1 پر تشریف لائیں۔`);

    await op('POST', '/api/v1/counters/1/complete', {});
    await passes(() => third.app.outbox.runOnce(), () => second.app.outbox.runOnce(), () => third.app.outbox.runOnce());
    expect(gateway.received.map((m) => m.body.text.includes(mine.code))).toEqual([true, true, true]);
    expect(new Set(gateway.received.map((m) => m.body.id)).size).toBe(3);
    expect((await messageRows(third.app, mine.id)).map((m) => [m.kind, m.status, m.channels]).sort()).toEqual([
      ['called', 'sent', 'sms'],
      ['feedback', 'sent', 'sms'],
      ['near', 'sent', 'sms'],
    ]);

    // The number is in no log line, no webhook event and no public answer.
    expect(logs.length).toBeGreaterThan(10);
    expect(logs.join('\n')).not.toContain(digits);
    const { rows } = await sql<{ data: string }>`select data from outbox_events`.execute(third.database.db);
    expect(rows.map((r) => r.data).join()).not.toContain(digits);
    expect((await third.app.inject({ url: `/api/v1/tickets/${mine.publicId}` })).body).not.toContain(digits);
    await second.close();
    await third.close();
  });

  it('no phone number, no SMS; a gateway that fails is not retried (at most once) and its failure is logged without the number', async () => {
    const clock = new TestClock('2026-11-24T05:00:00.000Z');
    const logs: string[] = [];
    const { app, close } = await startLoggedApp(url, clock, logs, { smsGatewayUrl: gateway.url });
    const op = await staffClient(app, 'operator1');
    await op('POST', '/api/v1/counters/1/open');
    const anonymous = (await issue(app, 1)).body.ticket;
    await op('POST', '/api/v1/counters/1/call-next');
    await app.outbox.runOnce();
    expect(gateway.received).toHaveLength(0);
    expect(await messageRows(app, anonymous.id)).toEqual([]);

    await op('POST', '/api/v1/counters/1/complete', {});
    const withPhone = (await issue(app, 1, { phone })).body.ticket;
    gateway.answerWith(500);
    await op('POST', '/api/v1/counters/1/call-next');
    await app.outbox.runOnce();
    await app.outbox.runOnce();
    expect(gateway.received).toHaveLength(1);
    expect(gateway.received[0]!.authorization).toBeUndefined();
    expect((await messageRows(app, withPhone.id)).map((m) => [m.kind, m.status]).sort()).toEqual([
      ['called', 'failed'],
      ['near', 'skipped'],
    ]);
    expect(logs.some((l) => l.includes('SMS gateway refused a message'))).toBe(true);
    expect(logs.join('\n')).not.toContain(digits);
    await close();
  });

  it('without SMS_GATEWAY_URL a message is only logged, with its text and without the number', async () => {
    const clock = new TestClock('2026-11-24T05:00:00.000Z');
    const logs: string[] = [];
    const { app, close } = await startLoggedApp(url, clock, logs);
    const op = await staffClient(app, 'operator1');
    await op('POST', '/api/v1/counters/1/open');
    const ticket = (await issue(app, 1, { phone, language: 'en' })).body.ticket;
    await op('POST', '/api/v1/counters/1/call-next');
    await app.outbox.runOnce();
    const line = logs.map((l) => JSON.parse(l) as { msg: string; text?: string; language?: string }).find((l) => l.msg.startsWith('SMS not sent'));
    expect(line).toMatchObject({ language: 'en', text: `Navbat: ticket ${ticket.code}, please go to counter 1 now.` });
    expect(logs.join('\n')).not.toContain(digits);
    expect((await messageRows(app, ticket.id)).find((m) => m.kind === 'called')).toMatchObject({ status: 'sent', channels: 'log' });
    await close();
  });
});
