import { describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { createTestApp, issue, staffClient, useTestApp } from '../support/test-app';
import { createPgDatabase, postgresAvailable } from '../support/pg';
import { startReceiver } from '../support/webhook-receiver';
import { fannedOutStates } from '../support/outbox';

/** The outbox's rows, oldest first. */
async function outbox(db: Kysely<any>) {
  const { rows } = await sql<{ type: string; ticket_id: number | null; data: string }>`select type, ticket_id, data from outbox_events order by id`.execute(db);
  return rows;
}

describe('the outbox is written in the command’s transaction', () => {
  const t = useTestApp();

  it('a refused or empty command writes nothing; a committed one writes its public events with the ticket view', async () => {
    const op = await staffClient(t.app, 'operator1');
    await op('POST', '/api/v1/counters/1/open');
    expect((await op('POST', '/api/v1/counters/1/call-next')).body).toBeNull();
    expect((await op('POST', '/api/v1/counters/1/complete', {})).status).toBe(409);
    expect((await issue(t.app, 999)).status).toBe(404);
    expect((await outbox(t.database.db)).map((r) => r.type)).toEqual(['counter.opened']);

    const { body } = await issue(t.app, 1, { phone: '+92 300 7654321' });
    const called = await op('POST', '/api/v1/counters/1/call-next');
    const rows = await outbox(t.database.db);
    expect(rows.map((r) => r.type)).toEqual(['counter.opened', 'ticket.issued', 'ticket.called']);
    expect(JSON.parse(rows[1]!.data)).toEqual(body.ticket);
    expect(JSON.parse(rows[2]!.data)).toEqual(called.body.ticket);
    expect(rows.map((r) => r.data).join()).not.toContain('7654321');
  });

  it('commands committed together (SQLite group commit) each keep their rows; a failed one among them leaves none', async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => issue(t.app, i % 5 === 4 ? 999 : 1)));
    const issued = answers.filter((a) => a.status === 201).map((a) => a.body.ticket.id as number);
    expect(issued).toHaveLength(24);
    const rows = await outbox(t.database.db);
    expect(rows.map((r) => r.ticket_id).sort((a, b) => a! - b!)).toEqual(issued.sort((a, b) => a - b));
  });

  it('a pass fans out the oldest events up to its batch and marks only those; the next pass takes the rest', async () => {
    for (let i = 0; i < 5; i++) expect((await issue(t.app, 1)).status).toBe(201);
    const fanned = () => fannedOutStates(t.database.db);
    expect(await t.app.services.webhooks.fanOutOutbox(2)).toBe(2);
    expect(await fanned()).toEqual([1, 1, 0, 0, 0]);
    // An event committed between two passes comes after those left, and is taken in its turn.
    expect((await issue(t.app, 1)).status).toBe(201);
    expect(await t.app.services.webhooks.fanOutOutbox(2)).toBe(2);
    expect(await fanned()).toEqual([1, 1, 1, 1, 0, 0]);
    expect(await t.app.services.webhooks.fanOutOutbox(100)).toBe(2);
    expect(await t.app.services.webhooks.fanOutOutbox(100)).toBe(0);
    expect(await fanned()).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('tickets expired at the end of the day are each a ticket.expired with their view', async () => {
    const { body } = await issue(t.app, 1);
    t.clock.advance(24 * 3600_000);
    expect(await t.app.services.tickets.expireStale()).toBe(1);
    const rows = await outbox(t.database.db);
    expect(rows.map((r) => r.type)).toEqual(['ticket.issued', 'ticket.expired']);
    expect(JSON.parse(rows[1]!.data)).toMatchObject({ id: body.ticket.id, publicId: body.ticket.publicId, status: 'expired', position: null });
  });
});

const pgUp = await postgresAvailable();

describe.runIf(pgUp)('two app instances on one PostgreSQL database', () => {
  it('deliver each event once between them (FOR UPDATE SKIP LOCKED)', { timeout: 120_000 }, async () => {
    const database = await createPgDatabase('outbox2');
    const receiver = await startReceiver();
    const config = { webhookAllowPrivateNetworks: true, dispatchOutbox: true };
    const a = await createTestApp({ databaseUrl: database.url, config });
    const b = await createTestApp({ databaseUrl: database.url, config, seed: 'none' });
    try {
      const admin = await staffClient(a.app, 'admin');
      expect((await admin('POST', '/api/v1/admin/webhooks', { url: receiver.url, events: ['*'] })).status).toBe(201);
      const opA = await staffClient(a.app, 'operator1');
      const opB = await staffClient(b.app, 'operator2');
      await opA('POST', '/api/v1/counters/1/open');
      await opB('POST', '/api/v1/counters/2/open');
      for (let round = 0; round < 15; round++) {
        await Promise.all([issue(a.app, 1), issue(b.app, 1), issue(a.app, 2), issue(b.app, 2)]);
        await Promise.all([opA('POST', '/api/v1/counters/1/call-next'), opB('POST', '/api/v1/counters/2/call-next')]);
      }
      const events = (await outbox(a.database.db)).length;
      expect(events).toBeGreaterThanOrEqual(62);
      await receiver.waitFor(events, 30_000);
      // Both keep polling: nothing more comes.
      await Promise.all([a.app.outbox.runOnce(), b.app.outbox.runOnce()]);
      const ids = receiver.received.map((r) => r.headers['webhook-id']);
      expect(ids).toHaveLength(events);
      expect(new Set(ids).size).toBe(events);
      const { rows } = await sql<{ n: number }>`select count(*) as n from webhook_deliveries where status = 'delivered'`.execute(a.database.db);
      expect(Number(rows[0]!.n)).toBe(events);
    } finally {
      await a.close();
      await b.close();
      await receiver.close();
      await database.drop();
    }
  });
});
