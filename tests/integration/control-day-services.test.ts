import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { issue, login, staffClient } from '../support/test-app';
import { useListeningApp } from '../support/listening-app';

// The control room's supervisor actions, part two (docs/control-room.md): a counter's services for the rest of
// the day, and re-opening a no-show from the list of those still inside the grace period. Each with its typed
// refusals (nothing stored), the audit log, the outbox and the live events it pushes.
const t = useListeningApp();
const connect = t.connect;

async function outboxTypes(): Promise<string[]> {
  const { rows } = await sql<{ type: string }>`select type from outbox_events order by id`.execute(t.database.db);
  return rows.map((r) => r.type);
}

const ids = (list: { id: number }[]) => list.map((x) => x.id);
const serviceIds = (skills: { serviceId: number }[]) => skills.map((s) => s.serviceId);

// The demo centre: counter 1 serves A (service 1, weight 2) and B (service 2, weight 1); 10:00 in Karachi.
describe("a counter's services for the rest of the day", () => {
  it('call-next, calls by hand and the waiting list follow the new services at once; pushed live, audited, in the outbox', async () => {
    const op1 = await staffClient(t.app, 'operator1');
    const sup = await staffClient(t.app, 'supervisor');
    await op1('POST', '/api/v1/counters/1/open');
    const staff = await connect('/staff', { centerId: 'isb-g9' }, await login(t.app, 'supervisor', 'supervisor-demo'));
    const display = await connect('/display', { centerId: 'isb-g9' });
    const snapshot = await display.next('display:snapshot');
    const a = (await issue(t.app, 1)).body.ticket;
    const passport = (await issue(t.app, 3)).body.ticket;
    const b = (await issue(t.app, 2)).body.ticket;
    expect(ids((await op1('GET', '/api/v1/counters/1/queue')).body)).toEqual([a.id, b.id]);

    // Today counter 1 serves the passport line first (weight 5) and B; no longer A.
    const changed = await sup('PUT', '/api/v1/control/counters/1/services', { services: [{ serviceId: 3, weight: 5 }, { serviceId: 2 }], reason: 'Passport backlog' });
    expect(changed.status).toBe(200);
    expect(changed.body.counter).toMatchObject({
      id: 1,
      status: 'open',
      services: [{ serviceId: 3, weight: 5 }, { serviceId: 2, weight: 1 }],
      usualServices: [{ serviceId: 1, weight: 2 }, { serviceId: 2, weight: 1 }],
      dayServices: { day: '2026-11-24', since: '2026-11-24T05:00:00.000Z', reason: 'Passport backlog' },
    });
    // Pushed: consoles get the counter and the lines again; displays move (their wait ranges count counters).
    expect(serviceIds((await staff.until('counter:updated', (p) => p.counter.id === 1 && p.counter.dayServices !== null)).counter.services)).toEqual([3, 2]);
    await staff.next('queue:updated');
    expect((await display.until('display:updated', (s) => s.seq > snapshot.seq)).seq).toBeGreaterThan(snapshot.seq);

    // The console's list and the counter's own view say the same.
    expect(ids((await op1('GET', '/api/v1/counters/1/queue')).body)).toEqual([passport.id, b.id]);
    expect(serviceIds((await op1('GET', '/api/v1/counters/1')).body.counter.services)).toEqual([3, 2]);
    expect(serviceIds((await op1('GET', '/api/v1/centers/isb-g9/counters')).body.find((c: { id: number }) => c.id === 1).services)).toEqual([3, 2]);
    // A is not today's: not by hand either; call-next takes the passport ticket (weight 5) before B.
    expect((await op1('POST', '/api/v1/counters/1/call', { ticketId: a.id })).body.error.code).toBe('TICKET_NOT_ELIGIBLE');
    expect((await op1('POST', '/api/v1/counters/1/call-next')).body.ticket.id).toBe(passport.id);
    await op1('POST', '/api/v1/counters/1/complete');
    expect((await op1('POST', '/api/v1/counters/1/call-next')).body.ticket.id).toBe(b.id);
    await op1('POST', '/api/v1/counters/1/complete');
    expect((await op1('POST', '/api/v1/counters/1/call-next')).status).toBe(204);

    expect((await outboxTypes()).filter((x) => x.startsWith('counter.'))).toEqual(['counter.opened', 'counter.services_changed']);
    const audit = (await sup('GET', '/api/v1/admin/audit?entity=counter')).body;
    expect(JSON.stringify(audit)).toContain('services_today');
    expect(JSON.stringify(audit)).toContain('Passport backlog');

    // The next day (centre's time) the counter is back on its usual services by itself: nothing has to run.
    t.clock.set('2026-11-24T19:00:00.000Z'); // 00:00 on the 25th in Karachi
    const op = await staffClient(t.app, 'operator1');
    const nextDay = (await op('GET', '/api/v1/counters/1')).body.counter;
    expect(nextDay).toMatchObject({ services: [{ serviceId: 1, weight: 2 }, { serviceId: 2, weight: 1 }], dayServices: null });
    expect(ids((await op('GET', '/api/v1/counters/1/queue')).body)).toEqual([a.id]);
  });

  it('call-next after a change calls from the new lines, not from those it called from before (PostgreSQL looks those up first)', async () => {
    const op1 = await staffClient(t.app, 'operator1');
    const sup = await staffClient(t.app, 'supervisor');
    await op1('POST', '/api/v1/counters/1/open');
    const first = (await issue(t.app, 1)).body.ticket;
    expect((await op1('POST', '/api/v1/counters/1/call-next')).body.ticket.id).toBe(first.id);
    await op1('POST', '/api/v1/counters/1/complete');
    const a = (await issue(t.app, 1)).body.ticket;
    const passport = (await issue(t.app, 3)).body.ticket;
    expect((await sup('PUT', '/api/v1/control/counters/1/services', { services: [{ serviceId: 3 }] })).status).toBe(200);
    expect((await op1('POST', '/api/v1/counters/1/call-next')).body.ticket.id).toBe(passport.id);
    await op1('POST', '/api/v1/counters/1/complete');
    // The same lines as the call before: A's ticket is still not one of them.
    expect((await op1('POST', '/api/v1/counters/1/call-next')).status).toBe(204);
    expect((await sup('DELETE', '/api/v1/control/counters/1/services')).status).toBe(200);
    expect((await op1('POST', '/api/v1/counters/1/call-next')).body.ticket.id).toBe(a.id);
  });

  it('back to usual before the day ends: audited and pushed once; asked again, nothing changes', async () => {
    const sup = await staffClient(t.app, 'supervisor');
    const staff = await connect('/staff', { centerId: 'isb-g9' }, await login(t.app, 'supervisor', 'supervisor-demo'));
    expect((await sup('PUT', '/api/v1/control/counters/3/services', { services: [{ serviceId: 1 }] })).body.counter).toMatchObject({
      services: [{ serviceId: 1, weight: 1 }],
      dayServices: { reason: null },
    });
    const back = await sup('DELETE', '/api/v1/control/counters/3/services');
    expect(back.status).toBe(200);
    expect(back.body.counter).toMatchObject({ services: [{ serviceId: 1, weight: 1 }, { serviceId: 2, weight: 2 }], dayServices: null });
    await staff.until('counter:updated', (p) => p.counter.id === 3 && p.counter.dayServices === null && p.counter.services.length === 2);
    const again = await sup('DELETE', '/api/v1/control/counters/3/services');
    expect(again).toMatchObject({ status: 200, body: { counter: { dayServices: null } } });
    expect((await outboxTypes()).filter((x) => x === 'counter.services_changed')).toHaveLength(2);
    const audit = JSON.stringify((await sup('GET', '/api/v1/admin/audit?entity=counter')).body);
    expect(audit.match(/services_usual/g)).toHaveLength(1);
    // The administrator's services were never touched.
    expect((await sup('GET', '/api/v1/counters/3')).body.counter.usualServices).toEqual([{ serviceId: 1, weight: 1 }, { serviceId: 2, weight: 2 }]);
  });

  it('refuses an empty list, unknown, foreign, repeated or switched-off services, a deactivated counter; nothing is stored', async () => {
    const admin = await staffClient(t.app, 'admin');
    const sup = await staffClient(t.app, 'supervisor');
    const op1 = await staffClient(t.app, 'operator1');
    const name = (en: string) => ({ en, ur: en });
    expect((await admin('POST', '/api/v1/admin/centers', { id: 'lhr-1', name: name('Lahore') })).status).toBe(201);
    const foreign = (await admin('POST', '/api/v1/admin/services', { centerId: 'lhr-1', prefix: 'Z', name: name('Elsewhere') })).body.service.id as number;
    expect((await admin('PATCH', '/api/v1/admin/services/5', { active: false })).status).toBe(200);
    const before = await sql`select * from counters order by id`.execute(t.database.db);
    const outbox = (await outboxTypes()).length;

    const cases: [unknown, number, string][] = [
      [{ services: [] }, 400, 'VALIDATION_ERROR'],
      [{}, 400, 'VALIDATION_ERROR'],
      [{ services: [{ serviceId: '1' }] }, 400, 'VALIDATION_ERROR'],
      [{ services: [{ serviceId: 1, weight: 0 }] }, 400, 'VALIDATION_ERROR'],
      [{ services: [{ serviceId: 1 }], reason: '' }, 400, 'VALIDATION_ERROR'],
      [{ services: [{ serviceId: 1 }], extra: true }, 400, 'VALIDATION_ERROR'],
      [{ services: [{ serviceId: 9999 }] }, 404, 'SERVICE_NOT_FOUND'],
      [{ services: [{ serviceId: 1 }, { serviceId: foreign }] }, 404, 'SERVICE_NOT_FOUND'],
      [{ services: [{ serviceId: 1 }, { serviceId: 1, weight: 3 }] }, 400, 'VALIDATION_ERROR'],
      [{ services: [{ serviceId: 5 }] }, 409, 'SERVICE_INACTIVE'],
    ];
    for (const [body, status, code] of cases) {
      const res = await sup('PUT', '/api/v1/control/counters/1/services', body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.error.code).toBe(code);
    }
    expect((await sup('PUT', '/api/v1/control/counters/999/services', { services: [{ serviceId: 1 }] })).body.error.code).toBe('COUNTER_NOT_FOUND');
    expect((await op1('PUT', '/api/v1/control/counters/1/services', { services: [{ serviceId: 1 }] })).status).toBe(403);
    expect((await op1('DELETE', '/api/v1/control/counters/1/services')).status).toBe(403);
    expect((await sup('DELETE', '/api/v1/control/counters/999/services')).body.error.code).toBe('COUNTER_NOT_FOUND');
    expect((await sql`select * from counters order by id`.execute(t.database.db)).rows).toEqual(before.rows);
    expect((await outboxTypes()).length).toBe(outbox);

    // A deactivated counter serves nobody, whatever its services.
    expect((await admin('PATCH', '/api/v1/admin/counters/14', { active: false })).status).toBe(200);
    expect((await sup('PUT', '/api/v1/control/counters/14/services', { services: [{ serviceId: 1 }] })).body.error.code).toBe('COUNTER_INACTIVE');
  });
});

describe('re-opening a no-show from the control room', () => {
  it('lists the no-shows still inside the grace period, latest first; re-opened or too old, they leave the list', async () => {
    const op1 = await staffClient(t.app, 'operator1');
    const sup = await staffClient(t.app, 'supervisor');
    await op1('POST', '/api/v1/counters/1/open');
    const first = (await issue(t.app, 1)).body.ticket;
    const second = (await issue(t.app, 1)).body.ticket;
    const third = (await issue(t.app, 1)).body.ticket;
    for (const _ of [first, second]) {
      await op1('POST', '/api/v1/counters/1/call-next');
      await op1('POST', '/api/v1/counters/1/no-show');
      t.clock.advance(5 * 60_000);
    }
    const staff = await connect('/staff', { centerId: 'isb-g9' }, await login(t.app, 'supervisor', 'supervisor-demo'));

    const listed = await sup('GET', '/api/v1/control/centers/isb-g9/no-shows');
    expect(listed.status).toBe(200);
    expect(listed.body.map((x: { ticket: { id: number } }) => x.ticket.id)).toEqual([second.id, first.id]);
    expect(listed.body[1]).toMatchObject({ ticket: { id: first.id, status: 'no_show', finishedAt: '2026-11-24T05:00:00.000Z' }, reopenUntil: '2026-11-24T05:30:00.000Z' });

    const reopened = await sup('POST', `/api/v1/control/tickets/${second.id}/reopen`, { reason: 'She was at the photocopier' });
    expect(reopened.body.ticket).toMatchObject({ id: second.id, status: 'waiting', position: 1 });
    expect((await staff.until('ticket:updated', (p) => p.ticket.id === second.id)).ticket.status).toBe('waiting');
    expect((await sup('GET', '/api/v1/control/centers/isb-g9/no-shows')).body.map((x: { ticket: { id: number } }) => x.ticket.id)).toEqual([first.id]);
    // First of its line again: called before the third ticket, which was issued after it.
    expect((await op1('POST', '/api/v1/counters/1/call-next')).body.ticket.id).toBe(second.id);
    expect(third.id).toBeGreaterThan(second.id);

    // 30 minutes after the first no-show it is still listed; a minute later it is gone, and re-opening it is refused.
    t.clock.set('2026-11-24T05:30:00.000Z');
    expect((await sup('GET', '/api/v1/control/centers/isb-g9/no-shows')).body).toHaveLength(1);
    t.clock.advance(60_000);
    expect((await sup('GET', '/api/v1/control/centers/isb-g9/no-shows')).body).toEqual([]);
    expect((await sup('POST', `/api/v1/control/tickets/${first.id}/reopen`)).body.error.code).toBe('REOPEN_TOO_LATE');
    expect(await outboxTypes()).toEqual(expect.arrayContaining(['ticket.no_show', 'ticket.reopened']));
    expect(JSON.stringify((await sup('GET', '/api/v1/admin/audit')).body)).toContain('She was at the photocopier');
  });

  it('the list is for supervisors of a known centre', async () => {
    const op1 = await staffClient(t.app, 'operator1');
    const sup = await staffClient(t.app, 'supervisor');
    expect((await op1('GET', '/api/v1/control/centers/isb-g9/no-shows')).status).toBe(403);
    expect((await sup('GET', '/api/v1/control/centers/nowhere/no-shows')).body.error.code).toBe('CENTER_NOT_FOUND');
    expect((await sup('GET', '/api/v1/control/centers/NOT_A_SLUG/no-shows')).status).toBe(400);
  });
});
