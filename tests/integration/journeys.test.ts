import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useTestApp, issue, staffClient } from '../support/test-app';

// Journeys (API.md "Journeys"): one ticket through several services, same code and issue time at each stop.
// Demo services: 1 A (CNIC), 3 P (passport), 6 T (FBR), 7 C (SECP); counters 1 (A), 4 (P), 8 (T).
const t = useTestApp();

async function hall() {
  const admin = await staffClient(t.app, 'admin');
  const operators = await Promise.all(['operator1', 'operator2', 'operator3'].map((u) => staffClient(t.app, u)));
  const [at1, at4, at8] = operators as [typeof admin, typeof admin, typeof admin];
  expect((await at1('POST', '/api/v1/counters/1/open')).status).toBe(200);
  expect((await at4('POST', '/api/v1/counters/4/open')).status).toBe(200);
  expect((await at8('POST', '/api/v1/counters/8/open')).status).toBe(200);
  return { admin, at1, at4, at8, sup: await staffClient(t.app, 'supervisor') };
}

const ticketCount = async () => Number((await sql<{ n: number }>`select count(*) as n from tickets`.execute(t.database.db)).rows[0]?.n);

describe('journeys', () => {
  it("moves a ticket through its service's default journey: same code, same issuedAt, ahead of later arrivals", async () => {
    const { admin, at1, at4, at8, sup } = await hall();
    expect((await admin('PATCH', '/api/v1/admin/services/1', { nextServiceIds: [3, 6] })).body.service.nextServiceIds).toEqual([3, 6]);
    const issued = (await issue(t.app, 1)).body.ticket;
    expect(issued.journey).toEqual([
      { serviceId: 1, status: 'current', enteredAt: issued.issuedAt, finishedAt: null },
      { serviceId: 3, status: 'pending', enteredAt: null, finishedAt: null },
      { serviceId: 6, status: 'pending', enteredAt: null, finishedAt: null },
    ]);
    t.clock.advance(5 * 60_000);
    const later = (await issue(t.app, 3)).body.ticket;
    expect(later.journey).toBeNull();

    expect((await at1('POST', '/api/v1/counters/1/call-next')).body.ticket.id).toBe(issued.id);
    t.clock.advance(4 * 60_000);
    const moved = await at1('POST', '/api/v1/counters/1/complete', { outcome: 'documents checked' });
    expect(moved.status).toBe(200);
    expect(moved.body.ticket).toMatchObject({ id: issued.id, status: 'waiting', serviceId: 3, code: issued.code, issuedAt: issued.issuedAt, counterId: null, position: 1 });
    expect(moved.body.ticket.journey.map((s: { status: string }) => s.status)).toEqual(['done', 'current', 'pending']);
    expect(moved.body.ticket.journey[1].enteredAt).toBe(t.clock.now().toISOString());
    // The later arrival in the passport line is now behind the journey ticket.
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/tickets/${later.publicId}` })).json().ticket.position).toBe(2);

    expect((await at4('POST', '/api/v1/counters/4/call-next')).body.ticket.id).toBe(issued.id);
    expect((await at4('POST', '/api/v1/counters/4/complete')).body.ticket).toMatchObject({ status: 'waiting', serviceId: 6, code: issued.code });
    expect((await at8('POST', '/api/v1/counters/8/call-next')).body.ticket.id).toBe(issued.id);
    t.clock.advance(3 * 60_000);
    const done = (await at8('POST', '/api/v1/counters/8/complete')).body.ticket;
    expect(done).toMatchObject({ status: 'done', serviceId: 6, code: issued.code, issuedAt: issued.issuedAt });
    expect(done.journey.map((s: { status: string }) => s.status)).toEqual(['done', 'done', 'done']);

    // Each stop appears once in the audit trail; the public events say `ticket.moved`.
    const trail = (await sup('GET', `/api/v1/tickets/${issued.id}/events`)).body as { type: string; data: Record<string, unknown> }[];
    expect(trail.map((e) => e.type)).toEqual(['issued', 'called', 'moved', 'called', 'moved', 'called', 'completed']);
    expect(trail.filter((e) => e.type === 'moved').map((e) => [e.data.fromServiceId, e.data.toServiceId])).toEqual([[1, 3], [3, 6]]);
    const outbox = (await sql<{ type: string }>`select type from outbox_events where ticket_id = ${issued.id} order by id`.execute(t.database.db)).rows.map((r) => r.type);
    expect(outbox.filter((type) => type === 'ticket.moved')).toHaveLength(2);
    expect(outbox.at(-1)).toBe('ticket.completed');

    // Stats: each stop ends in its own service's line; one journey, first issue to last finish.
    const stats = (await sup('GET', '/api/v1/centers/isb-g9/stats')).body;
    const row = (serviceId: number) => stats.services.find((s: { serviceId: number }) => s.serviceId === serviceId);
    expect(row(1)).toMatchObject({ issued: 1, served: 1, avgWaitSeconds: 300, avgServiceSeconds: 240 });
    // The passport stop's wait counts from when the ticket entered that line (called at once: 0), not from its issue.
    expect(row(3)).toMatchObject({ issued: 2, served: 1, avgWaitSeconds: 0, avgServiceSeconds: 0 });
    expect(row(6)).toMatchObject({ issued: 1, served: 1, avgWaitSeconds: 0, avgServiceSeconds: 180 });
    expect(stats.totals).toMatchObject({ issued: 4, served: 3, avgWaitSeconds: 100 });
    expect(stats.counters.find((c: { counterId: number }) => c.counterId === 4)).toMatchObject({ issued: 1, served: 1 });
    expect(stats.totals.journeys).toEqual({ count: 1, avgTotalSeconds: (Date.parse(done.finishedAt) - Date.parse(issued.issuedAt)) / 1000 });
  });

  it("takes the kiosk's journey, and `endJourney` ends it at the current stop", async () => {
    const { at1, sup } = await hall();
    const issued = (await issue(t.app, 1, { nextServiceIds: [7] })).body.ticket;
    expect(issued.journey.map((s: { serviceId: number }) => s.serviceId)).toEqual([1, 7]);
    await at1('POST', '/api/v1/counters/1/call-next');
    const ended = await at1('POST', '/api/v1/counters/1/complete', { outcome: 'no documents', endJourney: true });
    expect(ended.body.ticket).toMatchObject({ status: 'done', serviceId: 1, outcome: 'no documents' });
    expect(ended.body.ticket.journey).toEqual([{ serviceId: 1, status: 'done', enteredAt: issued.issuedAt, finishedAt: expect.any(String) }]);
    const trail = (await sup('GET', `/api/v1/tickets/${issued.id}/events`)).body as { type: string; data: Record<string, unknown> }[];
    expect(trail.at(-1)).toMatchObject({ type: 'completed', data: { journeyEnded: true, skippedServiceIds: [7] } });
    expect((await sup('GET', '/api/v1/centers/isb-g9/stats')).body.totals.journeys).toEqual({ count: 0, avgTotalSeconds: null });
  });

  it('refuses a journey of 6 stops, unknown, inactive or repeated services, with nothing stored', async () => {
    const admin = await staffClient(t.app, 'admin');
    const six = await issue(t.app, 1, { nextServiceIds: [2, 3, 4, 5, 6, 7] });
    expect(six.status).toBe(400);
    expect(six.body.error.code).toBe('VALIDATION_ERROR');
    expect((await issue(t.app, 1, { nextServiceIds: [999] })).body.error.code).toBe('VALIDATION_ERROR');
    expect((await issue(t.app, 1, { nextServiceIds: [3, 3] })).body.error.code).toBe('VALIDATION_ERROR');
    expect((await issue(t.app, 1, { nextServiceIds: [1] })).body.error.code).toBe('VALIDATION_ERROR');
    expect((await issue(t.app, 1, { nextServiceIds: ['3'] })).status).toBe(400);
    await admin('PATCH', '/api/v1/admin/services/7', { active: false });
    const inactive = await issue(t.app, 1, { nextServiceIds: [7] });
    expect(inactive.status).toBe(409);
    expect(inactive.body.error.code).toBe('JOURNEY_INVALID');
    expect(await ticketCount()).toBe(0);
    // The admin's default journey is checked the same way, and nothing changes.
    expect((await admin('PATCH', '/api/v1/admin/services/1', { nextServiceIds: [999] })).status).toBe(400);
    expect((await admin('PATCH', '/api/v1/admin/services/1', { nextServiceIds: [1] })).status).toBe(400);
    expect((await admin('PATCH', '/api/v1/admin/services/1', { nextServiceIds: [2, 3, 4, 5, 6, 8] })).status).toBe(400);
    expect((await admin('GET', '/api/v1/admin/services/1')).body.service.nextServiceIds).toEqual([]);
  });
});
