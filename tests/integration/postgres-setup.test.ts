import { beforeAll, describe, expect, it, vi } from 'vitest';
import pg from 'pg';
import { issue, staffClient, type TestApp } from '../support/test-app';
import { postgresAvailable } from '../support/pg';
import { useTwoInstances } from '../support/instances';

// A centre's setup kept between requests on PostgreSQL (server/src/db/setup-cache.ts): two instances on one
// database, each keeping what issuing reads of the centre (the centre, the service, the holidays), must each issue
// by the change as soon as the database says the setup changed, whoever changed it; the instance that changed it at
// once; and keep nothing while they cannot hear that news. A repeated Idempotency-Key is still answered its first
// answer, now read with the number.

const ready = await postgresAvailable();

describe.runIf(ready)('a centre setup kept between requests, on PostgreSQL', () => {
  const two = useTwoInstances('setup');
  let a: TestApp;
  let b: TestApp;
  let sql: pg.Client;
  beforeAll(() => ({ a, b, sql } = two));

  /** Changes a service without telling anyone: only an instance that kept the old row still issues by it. */
  const quietly = (statement: string, values: unknown[]) => two.quietly('services', 'services_setup_changed', statement, values);
  const prefixOf = async (t: TestApp, serviceId: number) => {
    const res = await issue(t.app, serviceId);
    expect(res.status).toBe(201);
    return (res.body.ticket.code as string).replace(/\d+$/, '');
  };
  const prefixNow = async (serviceId: number) => (await sql.query<{ prefix: string }>('select prefix from services where id = $1', [serviceId])).rows[0]!.prefix;

  it('keeps the setup it read: the next ticket is issued by it (a quiet change is not seen), and by the change once the database tells', async () => {
    const before = await prefixNow(3);
    expect(await prefixOf(b, 3)).toBe(before);
    await quietly('update services set prefix = $1 where id = $2', ['Q', 3]);
    expect(await prefixOf(b, 3)).toBe(before);
    // Told: a change made by SQL by hand reaches both instances.
    await sql.query('update services set prefix = $1 where id = $2', ['R', 3]);
    await vi.waitFor(async () => expect(await prefixOf(b, 3)).toBe('R'), { timeout: 5000, interval: 20 });
    await sql.query('update services set prefix = $1 where id = $2', [before, 3]);
    await vi.waitFor(async () => expect(await prefixOf(a, 3)).toBe(before), { timeout: 5000, interval: 20 });
  });

  it('"stop issuing now" on one instance stops that instance at once, before any news, and the other as soon as it hears', async () => {
    expect((await issue(a.app, 1)).status).toBe(201);
    expect((await issue(b.app, 1)).status).toBe(201);
    const supervisor = await staffClient(a.app, 'supervisor');
    // No news of it at all: the instance that made the change forgets what it kept by itself; the other never hears.
    await sql.query('alter table centers disable trigger centers_setup_updated');
    try {
      expect((await supervisor('PUT', '/api/v1/admin/centers/isb-g9/issuing-stop', { reason: 'the hall is full' })).status).toBe(200);
      expect((await issue(a.app, 1)).status).toBe(409);
      expect((await issue(b.app, 1)).status).toBe(201);
      expect((await supervisor('DELETE', '/api/v1/admin/centers/isb-g9/issuing-stop')).status).toBe(204);
    } finally {
      await sql.query('alter table centers enable trigger centers_setup_updated');
    }
    // With the news: both.
    expect((await supervisor('PUT', '/api/v1/admin/centers/isb-g9/issuing-stop', { reason: 'the hall is full' })).status).toBe(200);
    expect((await issue(a.app, 1)).status).toBe(409);
    await vi.waitFor(async () => expect((await issue(b.app, 1)).status).toBe(409), { timeout: 5000, interval: 20 });
    expect((await supervisor('DELETE', '/api/v1/admin/centers/isb-g9/issuing-stop')).status).toBe(204);
    expect((await issue(a.app, 1)).status).toBe(201);
    await vi.waitFor(async () => expect((await issue(b.app, 1)).status).toBe(201), { timeout: 5000, interval: 20 });
  });

  it('a holiday added for today closes the centre on both instances', async () => {
    expect((await issue(b.app, 2)).status).toBe(201);
    const supervisor = await staffClient(a.app, 'supervisor');
    // The test clock's day in the centre.
    const day = a.clock.now().toLocaleDateString('en-CA', { timeZone: 'Asia/Karachi' });
    expect((await supervisor('POST', '/api/v1/admin/centers/isb-g9/holidays', { date: day, reason: 'Quaid Day' })).status).toBe(201);
    expect((await issue(a.app, 2)).body.error.code).toBe('CENTER_CLOSED');
    await vi.waitFor(async () => expect((await issue(b.app, 2)).body.error?.code).toBe('CENTER_CLOSED'), { timeout: 5000, interval: 20 });
    expect((await supervisor('DELETE', `/api/v1/admin/centers/isb-g9/holidays/${day}`)).status).toBe(204);
    await vi.waitFor(async () => expect((await issue(b.app, 2)).status).toBe(201), { timeout: 5000, interval: 20 });
  });

  it('a repeated Idempotency-Key is answered its first ticket and stores nothing, whatever would refuse it now', async () => {
    const count = async () => Number((await sql.query<{ n: string }>('select count(*) as n from tickets')).rows[0]!.n);
    const key = { 'idempotency-key': 'kiosk-7-0001' };
    expect((await issue(b.app, 1)).status).toBe(201); // the setup is kept
    const first = await issue(b.app, 1, {}, key);
    expect(first.status).toBe(201);
    const tickets = await count();
    const again = await issue(b.app, 1, {}, key);
    expect(again).toEqual(first);
    expect(await count()).toBe(tickets);
    expect((await issue(b.app, 2, {}, key)).body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // Issuing stopped since: the repeat is still answered the ticket it was given.
    const supervisor = await staffClient(a.app, 'supervisor');
    expect((await supervisor('PUT', '/api/v1/admin/centers/isb-g9/issuing-stop', { reason: 'the hall is full' })).status).toBe(200);
    try {
      // (B may issue a ticket or two until it hears.)
      await vi.waitFor(async () => expect((await issue(b.app, 1)).status).toBe(409), { timeout: 5000, interval: 20 });
      const stopped = await count();
      expect(await issue(b.app, 1, {}, key)).toEqual(first);
      expect((await issue(b.app, 2, {}, key)).body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(await count()).toBe(stopped);
    } finally {
      expect((await supervisor('DELETE', '/api/v1/admin/centers/isb-g9/issuing-stop')).status).toBe(204);
    }
  });

  it("hears a change of any column of a centre but its display sequence, whose bumps the trigger passes over unread", async () => {
    // The trigger names its columns (migration 2026-12-07T1600-setup-trigger-by-column): a column added to
    // `centers` without recreating the trigger would change the setup unheard.
    const columns = await sql.query<{ name: string; listed: boolean }>(
      `select a.attname as name, a.attnum = any(t.tgattr::int2[]) as listed from pg_attribute a, pg_trigger t
       where a.attrelid = 'centers'::regclass and a.attnum > 0 and not a.attisdropped and t.tgrelid = a.attrelid and t.tgname = 'centers_setup_updated'`,
    );
    expect(columns.rows.length).toBeGreaterThan(10);
    expect(columns.rows.filter((c) => !c.listed).map((c) => c.name)).toEqual(['display_seq']);
    const listener = new pg.Client({ connectionString: two.url });
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (n) => heard.push(n.payload ?? ''));
    try {
      await listener.query('listen navbat_setup_changes');
      // Not setup: the sequence's bump, alone or beside a setup column set to what it was.
      await sql.query(`update centers set display_seq = display_seq + 1 where id = 'isb-g9'`);
      await sql.query(`update centers set display_seq = display_seq + 1, ticker_message = ticker_message where id = 'isb-g9'`);
      // Setup, with the sequence's bump in the same statement (as a settings change that displays show).
      await sql.query(`update centers set display_seq = display_seq + 1, ticker_message = $1 where id = 'isb-g9'`, ['Welcome — خوش آمدید']);
      // Notifications arrive in commit order: one for the bumps would come before this one.
      await vi.waitFor(() => expect(heard.length).toBeGreaterThan(0), { timeout: 5000, interval: 10 });
      expect(heard).toEqual(['isb-g9']);
    } finally {
      await listener.end();
    }
  });

  it('keeps nothing while it cannot hear the news, and keeps the setup again once it listens anew', async () => {
    const before = await prefixNow(4);
    expect(await prefixOf(b, 4)).toBe(before);
    await two.cutNews(b);
    // Unannounced and unheard: instance B no longer issues by what it kept (forgotten when the connection went).
    await quietly('update services set prefix = $1 where id = $2', ['Z', 4]);
    expect(await prefixOf(b, 4)).toBe('Z');
    await vi.waitFor(() => expect(b.database.news?.listening).toBe(true), { timeout: 10_000, interval: 20 });
    expect(await prefixOf(b, 4)).toBe('Z');
    await quietly('update services set prefix = $1 where id = $2', [before, 4]);
    expect(await prefixOf(b, 4)).toBe('Z');
  });
});
