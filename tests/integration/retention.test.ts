import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { issue, staffClient, useTestApp } from '../support/test-app';

/** The stored phone number of each ticket, by id. */
async function phones(t: ReturnType<typeof useTestApp>) {
  const { rows } = await sql<{ id: number; phone: string | null }>`select id, phone from tickets order by id`.execute(t.database.db);
  return Object.fromEntries(rows.map((r) => [r.id, r.phone]));
}

describe('phone retention (PHONE_RETENTION_DAYS after the visit ends)', () => {
  const t = useTestApp();

  it('erases the numbers (and push subscriptions) of visits that ended long enough ago, and no other', async () => {
    const op = await staffClient(t.app, 'operator1');
    await op('POST', '/api/v1/counters/1/open');
    const served = (await issue(t.app, 1, { phone: '+92 300 0000001' })).body.ticket;
    const cancelled = (await issue(t.app, 1, { phone: '+92 300 0000002' })).body.ticket;
    await t.app.inject({ method: 'POST', url: '/api/v1/tickets/' + cancelled.publicId + '/cancel' });
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${served.publicId}/push-subscriptions`,
      payload: { endpoint: 'https://push.example.com/sub/1', keys: { p256dh: `B${'A'.repeat(86)}`, auth: 'A'.repeat(22) } },
    });
    await op('POST', '/api/v1/counters/1/call-next');
    await op('POST', '/api/v1/counters/1/complete', {});
    t.clock.advance(3600_000);
    const later = (await issue(t.app, 1, { phone: '+92 300 0000003' })).body.ticket; // still waiting

    t.clock.advance(30 * 86_400_000 - 3600_000 - 1000); // 30 days after the visits ended, less a second
    expect(await t.app.services.messages.erasePhones(30)).toBe(0);
    expect(Object.values(await phones(t)).filter((p) => p !== null)).toHaveLength(3);

    t.clock.advance(2000);
    // A subscription of the waiting ticket is not the job's to erase. It is written here: the served ticket's may be
    // gone already, dropped as unusable when its call's push went out (the test's keys are no real subscription's).
    await t.database.db
      .insertInto('push_subscriptions')
      .values({ ticket_id: later.id, endpoint: 'https://push.example.com/sub/2', p256dh: `B${'A'.repeat(86)}`, auth: 'A'.repeat(22), created_at: t.clock.now().toISOString() })
      .execute();
    expect(await t.app.services.messages.erasePhones(30)).toBe(2);
    expect(await phones(t)).toEqual({ [served.id]: null, [cancelled.id]: null, [later.id]: '+92 300 0000003' });
    expect((await t.database.db.selectFrom('push_subscriptions').select('ticket_id').execute()).map((r) => r.ticket_id)).toEqual([later.id]);
    const flagged = await sql<{ n: number }>`select count(*) as n from tickets where push_subscribed = 1`.execute(t.database.db);
    expect(Number(flagged.rows[0]!.n)).toBe(0);

    // A shorter setting erases sooner; the waiting ticket keeps its number however old it is.
    t.clock.advance(365 * 86_400_000);
    expect(await t.app.services.messages.erasePhones(1)).toBe(0);
    expect((await phones(t))[later.id]).toBe('+92 300 0000003');
  });
});
