import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, issue, staffClient, TestClock, type TestApp } from '../support/test-app';
import { connectRecording, type RecordingSocket } from '../support/sockets';
import { createPgDatabase, onPostgres, type TestPgDatabase } from '../support/pg';
import { startFakeSmsGateway, type FakeSmsGateway } from '../support/fake-sms-gateway';
import { startLoggedApp } from '../support/messages-app';

// A supervisor's message to everyone waiting: the displays' ticker, every waiting phone page, and SMS once.

const phone = '+92 300 7654321';
const digits = '7654321';

/** A fresh app per test, listening on a free port (sockets need a real server); its sockets closed after. */
function useListeningApp() {
  let current: TestApp | undefined;
  let url = '';
  const open: RecordingSocket[] = [];
  beforeEach(async () => {
    current = await createTestApp();
    await current.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(current.app.server.address() as { port: number }).port}`;
  });
  afterEach(async () => {
    for (const s of open.splice(0)) s.close();
    await current?.close();
  });
  return {
    get app() {
      return current!.app;
    },
    async connect(namespace: string, auth: object) {
      const s = await connectRecording(url, namespace, auth);
      open.push(s);
      return s;
    },
  };
}

describe('a broadcast on the phone pages', () => {
  const t = useListeningApp();
  const phonePage = (publicId: string) => t.connect('/ticket', { publicId });

  it('reaches every waiting phone of its line at once, is the ticker when centre-wide, and goes away when cleared', async () => {
    const supervisor = await staffClient(t.app, 'supervisor');
    const a = (await issue(t.app, 1)).body.ticket;
    const b = (await issue(t.app, 2)).body.ticket;
    const phoneA = await phonePage(a.publicId);
    const phoneB = await phonePage(b.publicId);
    // Nothing is shown before anyone broadcasts (the phone is told so on connect).
    expect(await phoneA.next('broadcast:updated')).toEqual({ broadcast: null });
    await phoneB.next('broadcast:updated');

    const lineOnly = await supervisor('POST', '/api/v1/centers/isb-g9/broadcasts', { message: 'Passport printer down, about 20 minutes', serviceId: 1 });
    expect(lineOnly.status).toBe(201);
    expect(lineOnly.body.broadcast).toMatchObject({ serviceId: 1, sms: false, recipients: 0, clearedAt: null });
    const onA = await phoneA.until('broadcast:updated', (p) => p.broadcast !== null);
    expect(onA.broadcast).toMatchObject({ id: lineOnly.body.broadcast.id, message: 'Passport printer down, about 20 minutes', serviceId: 1 });
    // The other line's phone is told there is nothing for it.
    expect((await phoneB.next('broadcast:updated')).broadcast).toBeNull();
    // A per-line message leaves the hall's ticker alone.
    expect((await supervisor('GET', '/api/v1/admin/centers/isb-g9')).body.center.tickerMessage).toBeNull();

    const everyone = await supervisor('POST', '/api/v1/centers/isb-g9/broadcasts', { message: 'The system is slow today, thank you for waiting', minutes: 30 });
    expect(everyone.status).toBe(201);
    expect((await phoneB.until('broadcast:updated', (p) => p.broadcast !== null)).broadcast.message).toBe('The system is slow today, thank you for waiting');
    // A's line has its own newer-than-nothing message: the newest that applies is shown.
    expect((await phoneA.next('broadcast:updated')).broadcast.id).toBe(everyone.body.broadcast.id);
    expect((await supervisor('GET', '/api/v1/admin/centers/isb-g9')).body.center.tickerMessage).toBe('The system is slow today, thank you for waiting');
    expect(Date.parse(everyone.body.broadcast.expiresAt) - Date.parse(everyone.body.broadcast.createdAt)).toBe(30 * 60_000);

    const listed = await supervisor('GET', '/api/v1/centers/isb-g9/broadcasts');
    expect(listed.body.map((x: { id: number }) => x.id)).toEqual([everyone.body.broadcast.id, lineOnly.body.broadcast.id]);

    // A phone that connects later is shown the message at once.
    const late = await phonePage(b.publicId);
    expect((await late.next('broadcast:updated')).broadcast.id).toBe(everyone.body.broadcast.id);

    const cleared = await supervisor('DELETE', `/api/v1/centers/isb-g9/broadcasts/${everyone.body.broadcast.id}`);
    expect(cleared.status).toBe(200);
    expect(cleared.body.broadcast.clearedAt).not.toBeNull();
    expect((await phoneB.next('broadcast:updated')).broadcast).toBeNull();
    expect((await phoneA.next('broadcast:updated')).broadcast.id).toBe(lineOnly.body.broadcast.id);
    expect((await supervisor('GET', '/api/v1/admin/centers/isb-g9')).body.center.tickerMessage).toBeNull();

    const audit = await supervisor('GET', '/api/v1/admin/audit?entity=broadcast');
    expect(audit.body.map((e: { action: string }) => e.action)).toEqual(['clear', 'send', 'send']);
  });

  it('refuses bad input with a typed 4xx and stores nothing; an operator may not broadcast', async () => {
    const supervisor = await staffClient(t.app, 'supervisor');
    const operator = await staffClient(t.app, 'operator1');
    for (const body of [{}, { message: '' }, { message: '   ' }, { message: 'x'.repeat(501) }, { message: 'ok', serviceId: 'A' }, { message: 'ok', minutes: 1 }, { message: 'ok', sms: 'yes' }, { message: 'ok', extra: 1 }]) {
      const r = await supervisor('POST', '/api/v1/centers/isb-g9/broadcasts', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_ERROR');
    }
    expect((await supervisor('POST', '/api/v1/centers/isb-g9/broadcasts', { message: 'ok', serviceId: 9999 })).body.error.code).toBe('SERVICE_NOT_FOUND');
    expect((await supervisor('POST', '/api/v1/centers/nowhere/broadcasts', { message: 'ok' })).status).toBe(404);
    expect((await supervisor('DELETE', '/api/v1/centers/isb-g9/broadcasts/999')).body.error.code).toBe('BROADCAST_NOT_FOUND');
    expect((await operator('POST', '/api/v1/centers/isb-g9/broadcasts', { message: 'ok' })).status).toBe(403);
    expect((await supervisor('GET', '/api/v1/centers/isb-g9/broadcasts')).body).toEqual([]);
  });
});

describe('a broadcast by SMS', () => {
  let pg: TestPgDatabase | null = null;
  let url = '';
  let dir = '';
  let gateway: FakeSmsGateway;
  beforeEach(async () => {
    pg = onPostgres ? await createPgDatabase('broadcast') : null;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'navbat-broadcast-'));
    url = pg?.url ?? `file:${path.join(dir, 'navbat.sqlite')}`;
    gateway = await startFakeSmsGateway();
  });
  afterEach(async () => {
    await gateway.close();
    await pg?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('goes once to each waiting ticket with a phone number, in its language, across restarts and instances; none without a number; a second within the gap is 429', async () => {
    const clock = new TestClock('2026-11-24T05:00:00.000Z');
    const logs: string[] = [];
    const config = { smsGatewayUrl: gateway.url, publicUrl: 'https://navbat.example.gov.pk' };
    const first = await startLoggedApp(url, clock, logs, config);
    const withPhone = (await issue(first.app, 1, { phone, language: 'ur' })).body.ticket;
    const anonymous = (await issue(first.app, 1)).body.ticket;
    const otherLine = (await issue(first.app, 2, { phone: '+92 300 1111111' })).body.ticket;
    await first.app.outbox.runOnce();
    const supervisor = await staffClient(first.app, 'supervisor');

    const sent = await supervisor('POST', '/api/v1/centers/isb-g9/broadcasts', { message: 'Delay of 30 minutes', serviceId: 1, sms: true });
    expect(sent.status).toBe(201);
    expect(sent.body.broadcast).toMatchObject({ sms: true, recipients: 1 });
    expect(JSON.stringify(sent.body)).not.toContain(digits);

    // Within the gap, a second SMS broadcast is refused and stores nothing; one without SMS still goes.
    clock.advance(5 * 60_000);
    const again = await supervisor('POST', '/api/v1/centers/isb-g9/broadcasts', { message: 'Another one', sms: true });
    expect(again.status).toBe(429);
    expect(again.body.error).toMatchObject({ code: 'BROADCAST_SMS_TOO_SOON', retryAt: '2026-11-24T05:15:00.000Z' });
    expect((await supervisor('GET', '/api/v1/centers/isb-g9/broadcasts')).body).toHaveLength(1);
    expect((await supervisor('POST', '/api/v1/centers/isb-g9/broadcasts', { message: 'Phones only', serviceId: 1 })).status).toBe(201);

    await first.app.outbox.runOnce();
    expect(gateway.received).toHaveLength(1);
    expect(gateway.received[0]!.body).toMatchObject({ to: phone, language: 'ur' });
    expect(gateway.received[0]!.body.text).toContain('Delay of 30 minutes');
    expect(gateway.received[0]!.body.text).toContain(withPhone.code);
    expect(gateway.received[0]!.body.text).toContain(`https://navbat.example.gov.pk/t/${withPhone.publicId}`);

    // Restarted, and a second instance on the same data: nothing goes twice.
    await first.close();
    const second = await startLoggedApp(url, clock, logs, config);
    const third = await startLoggedApp(url, clock, logs, config);
    if (onPostgres) await Promise.all([second.app.outbox.runOnce(), third.app.outbox.runOnce()]);
    else for (const i of [second, third]) await i.app.outbox.runOnce();
    expect(gateway.received).toHaveLength(1);
    const broadcastsOf = async (id: number) => (await second.app.services.messages.messagesOf('ticket', id)).filter((m) => m.kind === 'broadcast').map((m) => [m.kind, m.status, m.channels]);
    expect(await broadcastsOf(withPhone.id)).toEqual([['broadcast', 'sent', 'sms']]);
    expect(await broadcastsOf(anonymous.id)).toEqual([]);
    expect(await broadcastsOf(otherLine.id)).toEqual([]);

    // After the gap a new SMS broadcast reaches the same ticket again: once per ticket and broadcast.
    clock.advance(11 * 60_000);
    const op = await staffClient(second.app, 'supervisor');
    expect((await op('POST', '/api/v1/centers/isb-g9/broadcasts', { message: 'Back to normal', sms: true })).body.broadcast.recipients).toBe(2);
    await second.app.outbox.runOnce();
    await third.app.outbox.runOnce();
    expect(gateway.received.map((m) => m.body.text.includes('Back to normal'))).toEqual([false, true, true]);

    // The number is in no log line, outbox event (webhooks) or public answer.
    expect(logs.join('\n')).not.toContain(digits);
    const { rows } = await sql<{ data: string }>`select data from outbox_events`.execute(third.database.db);
    expect(rows.map((r) => r.data).join()).not.toContain(digits);
    expect((await third.app.inject({ url: `/api/v1/tickets/${withPhone.publicId}` })).body).not.toContain(digits);
    await second.close();
    await third.close();
  });
});

describe('printing a staff-issued ticket on a kiosk', () => {
  const t = useListeningApp();
  const kioskPage = async (deviceId: string, label: string, answer: (job: any) => unknown, zone?: string) => {
    const s = await t.connect('/display', { centerId: 'isb-g9' });
    s.socket.on('print:ticket', (job: unknown, ack: (a: unknown) => void) => ack(answer(job)));
    s.socket.emit('device:heartbeat', { deviceId, kind: 'kiosk', label, appVersion: '0.1.0', screen: { width: 1080, height: 1920 }, printer: 'ok', ...(zone ? { zone } : {}) });
    return s;
  };

  it('lists the kiosks that can print, sends the job to the chosen one, and answers how it went; the trail says so', async () => {
    const op1 = await staffClient(t.app, 'operator1');
    const supervisor = await staffClient(t.app, 'supervisor');
    const jobs: any[] = [];
    const entrance = await kioskPage('kiosk-entrance-1', 'Kiosk 1', (job) => (jobs.push(job), { ok: true }));
    await kioskPage('kiosk-paperless-2', 'Kiosk 2', () => ({ ok: false, reason: 'printer_failed' }));
    const counterZone = (await op1('GET', '/api/v1/centers/isb-g9/counters')).body.find((c: { id: number }) => c.id === 1).zone as string | null;
    await kioskPage('kiosk-zone-3', 'Kiosk 3', () => ({ ok: true }), counterZone ?? 'hall-a');
    await expect.poll(async () => (await op1('GET', '/api/v1/centers/isb-g9/printable-kiosks?counterId=1')).body.length).toBe(3);
    const kiosks = (await op1('GET', '/api/v1/centers/isb-g9/printable-kiosks?counterId=1')).body;
    if (counterZone) expect(kiosks[0]).toMatchObject({ deviceId: 'kiosk-zone-3', sameZone: true });
    expect(kiosks.map((k: { label: string }) => k.label)).toEqual(expect.arrayContaining(['Kiosk 1', 'Kiosk 2', 'Kiosk 3']));

    const printed = await op1('POST', '/api/v1/centers/isb-g9/staff-tickets', { serviceId: 1, printOn: 'kiosk-entrance-1' });
    expect(printed.status).toBe(201);
    expect(printed.body.print).toEqual({ deviceId: 'kiosk-entrance-1', label: 'Kiosk 1', printed: true, error: null });
    expect(jobs).toHaveLength(1);
    expect(jobs[0].ticket).toEqual({ code: printed.body.ticket.code, publicId: printed.body.ticket.publicId, serviceId: 1, issuedAt: printed.body.ticket.issuedAt, language: 'en' });

    const failed = await op1('POST', '/api/v1/centers/isb-g9/staff-tickets', { serviceId: 1, printOn: 'kiosk-paperless-2' });
    expect(failed.status).toBe(201);
    expect(failed.body.print).toMatchObject({ printed: false, error: 'PRINTER_FAILED' });

    // A kiosk page that is gone: the ticket is issued all the same, the console falls back.
    entrance.close();
    await new Promise((r) => setTimeout(r, 100));
    const offline = await op1('POST', '/api/v1/centers/isb-g9/staff-tickets', { serviceId: 1, printOn: 'kiosk-entrance-1' });
    expect(offline.body.print).toMatchObject({ printed: false, error: 'KIOSK_OFFLINE' });
    expect(offline.body.ticket.status).toBe('waiting');

    const trail = await supervisor('GET', `/api/v1/tickets/${printed.body.ticket.id}/events`);
    expect(trail.body.map((e: { type: string }) => e.type)).toEqual(['issued', 'kiosk_print']);
    expect(trail.body[1]).toMatchObject({ actor: { username: 'operator1' }, data: { deviceId: 'kiosk-entrance-1', printed: true } });
    const audit = await supervisor('GET', '/api/v1/admin/audit?entity=ticket');
    expect(audit.body.filter((e: { action: string }) => e.action === 'kiosk_print')).toHaveLength(3);
  });

  it('refuses an unknown kiosk or a device that is not a kiosk before issuing anything', async () => {
    const op1 = await staffClient(t.app, 'operator1');
    const display = await t.connect('/display', { centerId: 'isb-g9' });
    display.socket.emit('device:heartbeat', { deviceId: 'display-hall-a', kind: 'display', appVersion: '0.1.0', screen: { width: 1920, height: 1080 }, sound: true });
    await expect.poll(async () => (await staffClient(t.app, 'supervisor').then((s) => s('GET', '/api/v1/centers/isb-g9/devices'))).body.devices.length).toBe(1);
    for (const printOn of ['kiosk-nowhere-9', 'display-hall-a']) {
      const r = await op1('POST', '/api/v1/centers/isb-g9/staff-tickets', { serviceId: 1, printOn });
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('DEVICE_NOT_FOUND');
    }
    expect((await op1('POST', '/api/v1/centers/isb-g9/staff-tickets', { serviceId: 1, printOn: 'bad id!' })).status).toBe(400);
    expect((await op1('GET', '/api/v1/centers/isb-g9/printable-kiosks?counterId=abc')).status).toBe(400);
    expect((await op1('GET', '/api/v1/centers/isb-g9/printable-kiosks?counterId=9999')).body.error.code).toBe('COUNTER_NOT_FOUND');
    expect((await op1('GET', '/api/v1/centers/isb-g9/printable-kiosks')).body).toEqual([]);
    expect((await issue(t.app, 1)).body.ticket.code).toBe('A001');
  });
});
