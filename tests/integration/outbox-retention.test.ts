import { describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { issue, staffClient, useTestApp } from '../support/test-app';
import type { WebhookRequest, WebhookResponse } from '../../server/src/outbox/webhook-sender';
import { fannedOutStates } from '../support/outbox';
import { markOutboxEventsFannedOut } from '../../server/src/db/outbox.repository';

// OUTBOX_RETENTION_DAYS (issue 15): delivered deliveries and finished outbox events are purged in batches
// once older than the retention; a pending or failed delivery and its event are never purged. Runs on
// SQLite (integration) and PostgreSQL (integration-pg).

const day = 86_400_000;

async function counts(db: Kysely<any>) {
  const { rows } = await sql<{ status: string; n: number }>`select status, count(*) as n from webhook_deliveries group by status`.execute(db);
  const events = await sql<{ n: number }>`select count(*) as n from outbox_events`.execute(db);
  return { deliveries: Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])), events: Number(events.rows[0]!.n) };
}

describe('the outbox retention job', () => {
  const t = useTestApp(() => ({ config: { webhookAllowPrivateNetworks: true } }));

  it('purges delivered rows older than the retention, in batches, and never an undelivered one', async () => {
    const admin = await staffClient(t.app, 'admin');
    expect((await admin('POST', '/api/v1/admin/webhooks', { url: 'http://127.0.0.1:9/hooks', events: ['ticket.issued'] })).status).toBe(201);
    // The receiver takes every ticket but service 2's: those fail (500) and stay pending for a retry.
    const failing = new Set<number>();
    const send = async (r: WebhookRequest): Promise<WebhookResponse> => {
      const ticket = (JSON.parse(r.body) as { data: { id: number; serviceId: number } }).data;
      if (ticket.serviceId === 2) failing.add(ticket.id);
      return { statusCode: ticket.serviceId === 2 ? 500 : 204, retryAfter: undefined, error: null, aborted: false };
    };
    for (let i = 0; i < 7; i++) expect((await issue(t.app, 1)).status).toBe(201);
    expect((await issue(t.app, 2)).status).toBe(201);
    await t.app.services.webhooks.fanOutOutbox();
    expect(await t.app.services.webhooks.deliverDueWebhooks(send, { limit: 100 })).toBe(8);
    expect(failing.size).toBe(1);
    // An event that no webhook wanted (counter.opened is not in the filter) is fanned out with no delivery.
    const op = await staffClient(t.app, 'operator1');
    await op('POST', '/api/v1/counters/1/open');
    await t.app.services.webhooks.fanOutOutbox();
    // A fresh event, not yet fanned out, is never purged however old the others are.
    t.clock.advance(31 * day);
    expect((await issue(t.app, 1)).status).toBe(201);
    expect(await counts(t.database.db)).toEqual({ deliveries: { delivered: 7, pending: 1 }, events: 10 });

    // 31 days on: a 40-day retention purges nothing.
    expect(await t.app.services.webhooks.purgeDeliveredOutbox(40)).toEqual({ deliveries: 0, events: 0 });

    // With 30 days, batches of 3: the 7 delivered deliveries go, then their 7 events and the undelivered
    // counter.opened; the pending delivery, its event and the new event stay.
    expect(await t.app.services.webhooks.purgeDeliveredOutbox(30, 3)).toEqual({ deliveries: 7, events: 8 });
    expect(await counts(t.database.db)).toEqual({ deliveries: { pending: 1 }, events: 2 });
    const { rows } = await sql<{ ticket_id: number }>`select ticket_id from outbox_events order by id`.execute(t.database.db);
    expect(rows.map((r) => r.ticket_id)).toEqual([[...failing][0], expect.any(Number)]);
    expect(await fannedOutStates(t.database.db)).toEqual([1, 0]);
    // A second run finds nothing more.
    expect(await t.app.services.webhooks.purgeDeliveredOutbox(30, 3)).toEqual({ deliveries: 0, events: 0 });
  });

  it('purges the events below the first one young enough to keep, so an event whose clock stepped back waits a run', async () => {
    const now = t.clock.now().getTime();
    const daysAgo = [40, 35, 5, 33, 2];
    await t.database.db
      .insertInto('outbox_events')
      .values(daysAgo.map((d, i) => ({ type: 'ticket.issued', center_id: 'isb-g9', ticket_id: i + 1, data: '{}', occurred_at: new Date(now - d * day).toISOString() })))
      .execute();
    await markOutboxEventsFannedOut(t.database.db, (await t.database.db.selectFrom('outbox_events').select('id').orderBy('id').execute()).map((r) => r.id));
    const left = async () => (await t.database.db.selectFrom('outbox_events').select('ticket_id').orderBy('id').execute()).map((r) => r.ticket_id);
    // The 5-day-old event is the first to keep: the 33-day-old one after it (written by a clock that stepped back) stays.
    expect(await t.app.services.webhooks.purgeDeliveredOutbox(30, 1)).toEqual({ deliveries: 0, events: 2 });
    expect(await left()).toEqual([3, 4, 5]);
    // 30 days on, all three are old.
    t.clock.advance(30 * day);
    expect(await t.app.services.webhooks.purgeDeliveredOutbox(30, 2)).toEqual({ deliveries: 0, events: 3 });
    expect(await left()).toEqual([]);
  });
});
