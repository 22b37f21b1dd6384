import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertOutboxEvents } from '../../server/src/db/outbox.repository';
import { messageChannelsFrom } from '../../server/src/messages/message-channels';
import { testConfig } from '../../server/src/config';
import { issue, staffClient, useTestApp } from '../support/test-app';
import { startFakeSmsGateway, type FakeSmsGateway } from '../support/fake-sms-gateway';

describe('message templates (admin)', () => {
  const t = useTestApp();

  it('lists every kind in English and Urdu, replaces one, refuses unknown placeholders with nothing stored, and resets', async () => {
    const admin = await staffClient(t.app, 'admin');
    const list = await admin('GET', '/api/v1/admin/message-templates');
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(12);
    expect(list.body.find((x: { kind: string; language: string }) => x.kind === 'called' && x.language === 'ur')).toMatchObject({ isDefault: true, placeholders: ['code', 'service', 'center', 'counter'] });

    const put = await admin('PUT', '/api/v1/admin/message-templates/called/en', { text: 'Ticket {code}: counter {counter}, {center}.' });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ kind: 'called', language: 'en', text: 'Ticket {code}: counter {counter}, {center}.', isDefault: false });

    for (const [url, body] of [
      ['/api/v1/admin/message-templates/called/en', { text: 'Ticket {code} at {counter}, {phone}' }],
      ['/api/v1/admin/message-templates/near/en', { text: 'go to {counter}' }],
      ['/api/v1/admin/message-templates/called/en', { text: '   ' }],
      ['/api/v1/admin/message-templates/called/en', { text: 'x'.repeat(481) }],
      ['/api/v1/admin/message-templates/called/en', { text: 'ok', extra: true }],
      ['/api/v1/admin/message-templates/shouting/en', { text: 'ok' }],
      ['/api/v1/admin/message-templates/called/fr', { text: 'ok' }],
    ] as const) {
      const res = await admin('PUT', url, body);
      expect(res.status, `${url} ${JSON.stringify(body).slice(0, 40)}`).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
    }
    const after = await admin('GET', '/api/v1/admin/message-templates');
    expect(after.body.filter((x: { isDefault: boolean }) => !x.isDefault).map((x: { kind: string; text: string }) => [x.kind, x.text])).toEqual([['called', 'Ticket {code}: counter {counter}, {center}.']]);

    // The admin's text is what the next message says.
    const op = await staffClient(t.app, 'operator1');
    await op('POST', '/api/v1/counters/1/open');
    const ticket = (await issue(t.app, 1, { phone: '+92 300 1112223' })).body.ticket;
    await op('POST', '/api/v1/counters/1/call-next');
    const sent: string[] = [];
    await t.app.services.messages.sendDueMessages({ sms: async (m) => (sent.push(m.text), { ok: true, channel: 'sms' }), push: async () => ({ ok: true }), publicUrl: undefined });
    expect(sent).toEqual([]); // not fanned out yet: messages come from committed outbox events
    await t.app.services.webhooks.fanOutOutbox();
    await t.app.services.messages.sendDueMessages({ sms: async (m) => (sent.push(m.text), { ok: true, channel: 'sms' }), push: async () => ({ ok: true }), publicUrl: undefined });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(new RegExp(`^Ticket ${ticket.code}: counter 1, .+\\.$`));

    const reset = await admin('DELETE', '/api/v1/admin/message-templates/called/en');
    expect(reset.body).toMatchObject({ isDefault: true, text: 'Navbat: ticket {code}, please go to counter {counter} now.' });
  });

  it('two passes at once send a due message once (it is claimed before it is sent)', async () => {
    const op = await staffClient(t.app, 'operator1');
    await op('POST', '/api/v1/counters/1/open');
    await issue(t.app, 1, { phone: '+92 300 1112223' });
    await op('POST', '/api/v1/counters/1/call-next');
    await t.app.services.webhooks.fanOutOutbox();
    const sent: string[] = [];
    const channels = { sms: async (m: { id: string }) => (sent.push(m.id), { ok: true as const, channel: 'sms' as const }), push: async () => ({ ok: true as const }), publicUrl: undefined };
    await Promise.all([t.app.services.messages.sendDueMessages(channels), t.app.services.messages.sendDueMessages(channels), t.app.services.messages.sendDueMessages(channels)]);
    expect(sent).toHaveLength(1);
  });
});

describe('appointment messages (booked, reminder an hour before)', () => {
  const t = useTestApp();
  let gateway: FakeSmsGateway;
  beforeEach(async () => {
    gateway = await startFakeSmsGateway();
  });
  afterEach(() => gateway.close());

  /** An appointment as the booking service stores it, and its committed event. */
  async function book(id: number, start: string, phone: string | null, type = 'appointment.booked') {
    const db = t.database.db;
    if (type === 'appointment.booked') {
      await db
        .insertInto('appointments')
        .values({ id, public_id: `appointment-public-${id}`, code: `K7MX2${'QRS'[id % 3]}`, center_id: 'isb-g9', service_id: 1, start_at: start, end_at: start, local_day: start.slice(0, 10), status: 'booked', phone, language: 'ur', ticket_id: null, created_at: t.clock.now().toISOString(), checked_in_at: null, cancelled_at: null })
        .execute();
    }
    const data = { id, publicId: `appointment-public-${id}`, code: 'K7MX2Q', centerId: 'isb-g9', serviceId: 1, start, end: start, status: 'booked', ticketPublicId: null, language: 'ur' };
    await insertOutboxEvents(db, [{ type, centerId: 'isb-g9', ticketId: null, data: JSON.stringify(data), occurredAt: t.clock.now().toISOString() }]);
  }

  it('an appointment event with no appointment behind it sends nothing and never stops the fan-out', async () => {
    const data = { id: 9, publicId: 'appointment-public-9', code: 'K7MX2Q', centerId: 'isb-g9', serviceId: 1, start: '2026-11-24T09:00:00.000Z', language: 'en' };
    await insertOutboxEvents(t.database.db, [{ type: 'appointment.booked', centerId: 'isb-g9', ticketId: null, data: JSON.stringify(data), occurredAt: t.clock.now().toISOString() }]);
    expect(await t.app.services.webhooks.fanOutOutbox()).toBe(1);
    expect(await t.app.services.messages.messagesOf('appointment', 9)).toEqual([]);
  });

  it('sends booked at once and the reminder an hour before the slot, in the appointment’s language; a cancelled one gets no reminder', async () => {
    // The gateway is named by the configuration; the passes are driven by hand.
    const channels = messageChannelsFrom(testConfig({ smsGatewayUrl: gateway.url }), t.app.log);
    const pass = async () => {
      await t.app.services.webhooks.fanOutOutbox();
      await t.app.services.messages.sendDueMessages(channels);
    };
    t.clock.set('2026-11-24T05:00:00.000Z');
    await book(1, '2026-11-24T09:00:00.000Z', '+92 300 5556667');
    await book(2, '2026-11-24T10:00:00.000Z', '+92 300 5556668');
    await book(3, '2026-11-24T10:00:00.000Z', null);
    await pass();
    expect(gateway.received.map((m) => [m.body.to, m.body.language]).sort()).toEqual([
      ['+92 300 5556667', 'ur'],
      ['+92 300 5556668', 'ur'],
    ]);
    const booked = gateway.received.find((m) => m.body.to === '+92 300 5556667')!.body.text;
    expect(booked).toContain('K7MX2Q');
    expect(booked).toContain('2026-11-24'); // local date and time of the slot (PKT: 14:00)
    expect(booked).toContain('14:00');

    await book(2, '2026-11-24T10:00:00.000Z', null, 'appointment.cancelled');
    t.clock.set('2026-11-24T07:59:59.000Z');
    await pass();
    expect(gateway.received).toHaveLength(2);
    t.clock.set('2026-11-24T08:00:00.000Z');
    await pass();
    await pass();
    expect(gateway.received).toHaveLength(3);
    expect(gateway.received[2]!.body).toMatchObject({ to: '+92 300 5556667', language: 'ur' });
    expect(gateway.received[2]!.body.text).toContain('یاد دہانی');
    t.clock.set('2026-11-24T09:00:00.000Z');
    await pass();
    expect(gateway.received).toHaveLength(3);
    expect((await t.app.services.messages.messagesOf('appointment', 2)).map((m) => [m.kind, m.status]).sort()).toEqual([
      ['booked', 'sent'],
      ['reminder', 'cancelled'],
    ]);
  });
});
