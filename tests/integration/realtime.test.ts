import { describe, expect, it } from 'vitest';
import { issue, login, staffClient } from '../support/test-app';
import { useListeningApp } from '../support/listening-app';
import type { DomainEvent } from '../../server/src/services/events';

const t = useListeningApp();
const connect = t.connect;

/** The display state the center is at now, as REST answers it (what the last broadcast must reach). */
async function currentDisplay(zone?: string) {
  return (await t.app.inject({ method: 'GET', url: `/api/v1/centers/isb-g9/display${zone ? `?zone=${zone}` : ''}` })).json();
}

describe('realtime', () => {
  it("a call reaches the hall displays and the ticket holder's phone", async () => {
    const ticket = (await issue(t.app, 1)).body.ticket;
    const hall = await connect('/display', { centerId: 'isb-g9' });
    const hallA = await connect('/display', { centerId: 'isb-g9', zone: 'hall-a' });
    const phone = await connect('/ticket', { publicId: ticket.publicId });
    const snapshot = await hall.next('display:snapshot');
    expect(snapshot).toMatchObject({ centerId: 'isb-g9', zone: null, serving: [], waiting: [{ serviceId: 1, count: 1 }] });
    // Someone joining the line now: the 80% range the kiosk and the ticket show for position 2.
    const [joining] = snapshot.waiting;
    expect(joining.waitRange.low).toBeLessThanOrEqual(joining.waitRange.high);
    expect(snapshot.counters.find((c: { counterId: number }) => c.counterId === 1)).toEqual({ counterId: 1, counterName: '1', status: 'closed', expectedBackAt: null });
    expect((await phone.next('ticket:updated')).ticket).toMatchObject({ id: ticket.id, status: 'waiting', position: 1 });
    await hallA.next('display:snapshot');

    const op = await staffClient(t.app, 'operator1');
    await op('POST', '/api/v1/counters/1/open');
    // Opening a counter is a change displays see (the screen above it, and the wait ranges count it): one seq.
    for (const display of [hall, hallA]) {
      const opened = await display.until('display:updated', (s) => s.seq === snapshot.seq + 1);
      expect(opened.counters.find((c: { counterId: number }) => c.counterId === 1).status).toBe('open');
      expect(opened.serving).toEqual([]);
    }
    await op('POST', '/api/v1/counters/1/call-next');

    for (const display of [hall, hallA]) {
      const called = await display.next('ticket:called');
      expect(called).toEqual({
        seq: snapshot.seq + 2,
        centerId: 'isb-g9',
        ticketCode: 'A001',
        counterId: 1,
        counterName: '1',
        serviceId: 1,
        calledAt: '2026-11-24T05:00:00.000Z',
        recall: false,
      });
      const state = await display.next('display:updated');
      expect(state.seq).toBe(snapshot.seq + 2);
      expect(state.serving).toEqual([{ counterId: 1, counterName: '1', ticketCode: 'A001', serviceId: 1, calledAt: '2026-11-24T05:00:00.000Z' }]);
      expect(state.waiting).toEqual([]);
    }
    const update = await phone.until('ticket:updated', (p) => p.ticket.status !== 'waiting');
    expect(update.ticket).toMatchObject({ status: 'called', counterName: '1', position: null });
    expect(JSON.stringify(hall.events)).not.toContain(ticket.publicId);

    await op('POST', '/api/v1/counters/1/recall');
    expect(await hall.next('ticket:called')).toMatchObject({ seq: snapshot.seq + 3, recall: true });
  });

  it('a display of another zone sees no call of this zone, but its own state stays in step', async () => {
    const hallB = await connect('/display', { centerId: 'isb-g9', zone: 'hall-b' });
    const first = await hallB.next('display:snapshot');
    await issue(t.app, 1);
    const op = await staffClient(t.app, 'operator1');
    await op('POST', '/api/v1/counters/1/open');
    expect((await op('POST', '/api/v1/counters/1/call-next')).status).toBe(200);
    // A call goes out before the state that follows it, so once the state after the call is here, so would the call be.
    const now = await currentDisplay('hall-b');
    expect(now.seq).toBeGreaterThan(first.seq);
    await hallB.until('display:updated', (s) => s.seq === now.seq);
    expect(hallB.events.filter((e) => e.name === 'ticket:called')).toEqual([]);
    const updates = hallB.events.filter((e) => e.name === 'display:updated').map((e) => e.payload);
    expect(updates.at(-1)).toEqual(now);
    expect(updates.at(-1).serving).toEqual([]);
    const synced = await hallB.socket.emitWithAck('display:sync');
    expect(synced).toEqual({ ok: true, data: updates.at(-1) });
  });

  it('a busy hall gets two display states at once, then at most one a second; calls go out at once and the last state always comes', async () => {
    const hall = await connect('/display', { centerId: 'isb-g9' });
    await hall.next('display:snapshot');
    const op = await staffClient(t.app, 'operator1');
    await op('POST', '/api/v1/counters/1/open');
    const started = performance.now();
    // Changes every ~50 ms for about a second (paced: the pace is what is tested): at most 2 + 1 per second may go out.
    const issues = 16;
    for (let i = 0; i < issues; i++) {
      await issue(t.app, 1);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const last = (await currentDisplay()).seq;
    await hall.until('display:updated', (s) => s.seq === last);
    const elapsed = performance.now() - started;
    const states = hall.events.filter((e) => e.name === 'display:updated');
    expect(states.length).toBeLessThanOrEqual(2 + Math.ceil(elapsed / 1000));
    expect(states.at(-1)!.payload.waiting).toEqual([expect.objectContaining({ serviceId: 1, count: issues })]);

    // A call is not held back by the budget: it reaches the display before the state that follows it.
    await op('POST', '/api/v1/counters/1/call-next');
    expect((await hall.next('ticket:called')).seq).toBe(last + 1);
    await hall.until('display:updated', (s) => s.seq === last + 1);
    const callAt = hall.events.findIndex((e) => e.name === 'ticket:called' && e.payload.seq === last + 1);
    const stateAt = hall.events.findIndex((e) => e.name === 'display:updated' && e.payload.seq > last);
    expect(callAt).toBeLessThan(stateAt);
  });

  it('a refused command broadcasts nothing', async () => {
    await issue(t.app, 1);
    await t.app.realtimeIdle();
    const hall = await connect('/display', { centerId: 'isb-g9' });
    const cookie = await login(t.app, 'supervisor', 'supervisor-demo');
    const staff = await connect('/staff', { centerId: 'isb-g9' }, cookie);
    await hall.next('display:snapshot');
    await staff.next('queue:updated');
    const before = { hall: hall.events.length, staff: staff.events.length };
    const op = await staffClient(t.app, 'operator1');
    expect((await op('POST', '/api/v1/counters/1/call-next')).status).toBe(409); // counter not open
    expect((await op('POST', '/api/v1/counters/1/recall')).status).toBe(409);
    expect((await op('POST', '/api/v1/counters/999/call-next')).status).toBe(404);
    expect((await issue(t.app, 999)).status).toBe(404);
    // Broadcasts go out in commit order: whatever a refused command had sent would arrive before the
    // broadcasts of a later command that succeeded. So once those are here, nothing else may have come.
    const later = (await issue(t.app, 2)).body.ticket;
    const state = await hall.until('display:updated', (s) => s.waiting.some((w: { serviceId: number }) => w.serviceId === 2));
    expect(state.seq).toBe((await currentDisplay()).seq);
    expect((await staff.next('ticket:issued')).ticket).toMatchObject({ id: later.id });
    await staff.next('queue:updated');
    expect(hall.events.slice(before.hall).map((e) => e.name)).toEqual(['display:updated']);
    expect(staff.events.slice(before.staff).map((e) => e.name)).toEqual(['ticket:issued', 'queue:updated']);
  });

  it('staff sockets need a session; staff see issues, calls and counters live', async () => {
    await expect(connect('/staff', { centerId: 'isb-g9' })).rejects.toThrow(/sign in/);
    await expect(connect('/display', { centerId: 'NOPE!' })).rejects.toThrow();
    await expect(connect('/ticket', { publicId: 'aaaaaaaaaaaaaaaaaaaa' })).rejects.toThrow(/no such ticket/);
    const cookie = await login(t.app, 'operator2', 'operator2-demo');
    const staff = await connect('/staff', { centerId: 'isb-g9' }, cookie);
    await staff.next('queue:updated');
    const ticket = (await issue(t.app, 3)).body.ticket;
    expect((await staff.next('ticket:issued')).ticket).toMatchObject({ id: ticket.id, code: 'P001' });
    const summary = await staff.next('queue:updated');
    expect(summary.services.find((s: { serviceId: number }) => s.serviceId === 3)).toMatchObject({ waiting: 1, longestWaitSeconds: 0 });
    const op = await staffClient(t.app, 'operator1');
    await op('POST', '/api/v1/counters/4/open');
    expect((await staff.next('counter:updated')).counter).toMatchObject({ id: 4, status: 'open' });
    const ack = await staff.socket.emitWithAck('queue:sync');
    expect(ack.ok).toBe(true);
  });

  it("phones follow their position as the line moves", async () => {
    const a = (await issue(t.app, 1)).body.ticket;
    const b = (await issue(t.app, 1)).body.ticket;
    const phoneB = await connect('/ticket', { publicId: b.publicId });
    expect((await phoneB.next('ticket:updated')).ticket.position).toBe(2);
    const op = await staffClient(t.app, 'operator1');
    await op('POST', '/api/v1/counters/1/open');
    const call = await op('POST', '/api/v1/counters/1/call-next');
    // The call that moves B up is A's, the first in line.
    expect(call.body.ticket).toMatchObject({ id: a.id, status: 'called' });
    const update = await phoneB.until('ticket:updated', (p) => p.ticket.position === 1);
    expect(update.ticket).toMatchObject({ id: b.id, status: 'waiting', position: 1 });
  });

  it('a changed ticket goes out as its command built it; the other phones of its line are read again', async () => {
    const a = (await issue(t.app, 1)).body.ticket;
    const b = (await issue(t.app, 1)).body.ticket;
    const stored = async (publicId: string) => (await t.app.inject({ method: 'GET', url: `/api/v1/tickets/${publicId}` })).json().ticket;
    const phoneA = await connect('/ticket', { publicId: a.publicId });
    const phoneB = await connect('/ticket', { publicId: b.publicId });
    const staff = await connect('/staff', { centerId: 'isb-g9' }, await login(t.app, 'supervisor', 'supervisor-demo'));
    await phoneA.next('ticket:updated');
    expect((await phoneB.next('ticket:updated')).ticket).toMatchObject({ id: b.id, position: 2 });
    await staff.next('queue:updated');

    // A view only the event has (the database still says A waits): whoever built it again would send the stored one.
    const built = { ...a, status: 'cancelled', position: null, estimatedWaitSeconds: null, estimatedWaitRange: null, finishedAt: '2026-11-24T05:00:00.000Z' };
    const change = { type: 'ticket.changed', centerId: 'isb-g9', ticketId: a.id, serviceIds: [1], seq: 0, command: 'cancel' } as const satisfies DomainEvent;
    t.app.bus.publish([{ ...change, ticket: built }]);
    expect((await phoneA.next('ticket:updated')).ticket).toEqual(built);
    expect((await staff.next('ticket:updated')).ticket).toEqual(built);
    // B's line moved, so B is read again (and is still second: nothing was stored).
    expect((await phoneB.next('ticket:updated')).ticket).toEqual(await stored(b.publicId));

    // An event without a view: the ticket is read.
    t.app.bus.publish([change]);
    expect((await phoneA.next('ticket:updated')).ticket).toEqual(await stored(a.publicId));
    expect((await staff.next('ticket:updated')).ticket).toEqual(await stored(a.publicId));
  });
});

describe('socket commands take their ack last (API.md)', () => {
  it('every client command of every namespace answers the envelope when a payload comes before the ack', async () => {
    const ticket = (await issue(t.app, 1)).body.ticket;
    const display = await connect('/display', { centerId: 'isb-g9', zone: 'hall-a' });
    const phone = await connect('/ticket', { publicId: ticket.publicId });
    const staff = await connect('/staff', { centerId: 'isb-g9' }, await login(t.app, 'supervisor', 'supervisor-demo'));
    const commands = [
      { socket: display, event: 'display:sync', expected: await currentDisplay('hall-a') },
      { socket: phone, event: 'ticket:sync', expected: { ticket: (await t.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticket.publicId}` })).json().ticket } },
      { socket: staff, event: 'queue:sync', expected: { centerId: 'isb-g9' } },
    ];
    for (const { socket, event, expected } of commands) {
      for (const payload of [[{}], [{ centerId: 'other', zone: 'hall-b' }], ['text', 42, null]]) {
        const answer = await socket.socket.timeout(3000).emitWithAck(event, ...payload);
        expect(answer, `${event} ${JSON.stringify(payload)}`).toMatchObject({ ok: true, data: expected });
      }
    }
  });

  it('a command sent without an ack is ignored and the socket keeps answering', async () => {
    const display = await connect('/display', { centerId: 'isb-g9' });
    display.socket.emit('display:sync');
    display.socket.emit('display:sync', { no: 'ack' });
    expect(await display.socket.timeout(3000).emitWithAck('display:sync')).toMatchObject({ ok: true, data: { centerId: 'isb-g9' } });
    expect(display.socket.connected).toBe(true);
  });
});

describe('display zones', () => {
  /** A display's handshake for a zone of the demo centre: `connected`, or the code it was refused with. */
  const handshake = (zone: string) =>
    connect('/display', { centerId: 'isb-g9', zone }).then(
      (d) => (d.socket.connected ? 'connected' : 'not connected'),
      (error: Error & { data?: { code?: string } }) => error.data?.code,
    );

  it('an unknown zone is refused: 404 ZONE_NOT_FOUND over REST and on the socket handshake; NUL is 400', async () => {
    const rest = await t.app.inject({ method: 'GET', url: '/api/v1/centers/isb-g9/display?zone=hall-z' });
    expect(rest.statusCode).toBe(404);
    expect(rest.json().error.code).toBe('ZONE_NOT_FOUND');
    const nul = await t.app.inject({ method: 'GET', url: '/api/v1/centers/isb-g9/display?zone=hall-a%00' });
    expect(nul.statusCode).toBe(400);
    expect(nul.json().error.code).toBe('VALIDATION_ERROR');
    for (const [zone, code] of [['hall-z', 'ZONE_NOT_FOUND'], ['hall-a\u0000', 'VALIDATION_ERROR']] as const) {
      expect(await handshake(zone), zone).toBe(code);
    }
    expect((await connect('/display', { centerId: 'isb-g9', zone: 'hall-b' })).socket.connected).toBe(true);
  });

  it("a handshake follows the hall's zones as administrators change them: a refusal is not kept, nor a zone gone", async () => {
    const admin = await staffClient(t.app, 'admin');
    expect(await handshake('hall-c')).toBe('ZONE_NOT_FOUND');
    expect((await admin('PATCH', '/api/v1/admin/counters/1', { zone: 'hall-c' })).status).toBe(200);
    expect(await handshake('hall-c')).toBe('connected');
    expect(await handshake('hall-c')).toBe('connected');
    expect((await admin('PATCH', '/api/v1/admin/counters/1', { zone: 'hall-a' })).status).toBe(200);
    expect(await handshake('hall-c')).toBe('ZONE_NOT_FOUND');
    expect(await handshake('hall-a')).toBe('connected');
  });
});
