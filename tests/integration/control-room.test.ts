import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { issue, login, staffClient } from '../support/test-app';
import { useListeningApp } from '../support/listening-app';

// The control room (docs/control-room.md): hold and release at a counter, and the supervisor's actions,
// each with its typed refusals, the ticket's trail, the audit log, the outbox and the live events it pushes.
const t = useListeningApp();
const connect = t.connect;

async function outboxTypes(): Promise<string[]> {
  const { rows } = await sql<{ type: string }>`select type from outbox_events order by id`.execute(t.database.db);
  return rows.map((r) => r.type);
}

async function trail(ticketId: number) {
  const sup = await staffClient(t.app, 'supervisor');
  return ((await sup('GET', `/api/v1/tickets/${ticketId}/events`)).body as { type: string; data: Record<string, unknown>; actor: { username: string } | null }[]);
}

/** Two counters serving service 1 (A), each open; counter 1 has called the first ticket. */
async function hallWithCall() {
  const op1 = await staffClient(t.app, 'operator1');
  const op2 = await staffClient(t.app, 'operator2');
  await op1('POST', '/api/v1/counters/1/open');
  await op2('POST', '/api/v1/counters/2/open');
  const first = (await issue(t.app, 1)).body.ticket;
  const second = (await issue(t.app, 1)).body.ticket;
  expect((await op1('POST', '/api/v1/counters/1/call-next')).body.ticket.id).toBe(first.id);
  return { op1, op2, first, second };
}

describe('hold and release', () => {
  it('a held ticket waits for its counter only; released, it is that counter’s next call, ahead of the line', async () => {
    const { op1, op2, first, second } = await hallWithCall();
    const staff = await connect('/staff', { centerId: 'isb-g9' }, await login(t.app, 'supervisor', 'supervisor-demo'));
    const phone = await connect('/ticket', { publicId: first.publicId });
    await phone.next('ticket:updated');

    const held = await op1('POST', '/api/v1/counters/1/hold', { minutes: 10 });
    expect(held.status).toBe(200);
    expect(held.body.ticket).toMatchObject({ id: first.id, status: 'waiting', heldUntil: '2026-11-24T05:10:00.000Z', position: null, counterId: 1, counterName: '1' });
    // Pushed live: staff screens and the citizen's phone see the hold.
    expect((await staff.until('ticket:updated', (p) => p.ticket.id === first.id)).ticket.heldUntil).toBe('2026-11-24T05:10:00.000Z');
    expect((await phone.until('ticket:updated', (p) => p.ticket.heldUntil !== null)).ticket.status).toBe('waiting');
    await staff.until('counter:updated', (p) => p.counter.id === 1 && p.counter.currentTicket === null);

    // Counter 2 cannot have it: it calls the next in line instead; nor can it call it by hand.
    expect((await op2('POST', '/api/v1/counters/2/call', { ticketId: first.id })).body.error.code).toBe('TICKET_NOT_ELIGIBLE');
    expect((await op2('POST', '/api/v1/counters/2/call-next')).body.ticket.id).toBe(second.id);
    // Counter 1 is free; with nothing else waiting its call-next finds nothing while the hold lasts.
    expect((await op1('POST', '/api/v1/counters/1/call-next')).status).toBe(204);
    expect((await op1('GET', '/api/v1/counters/1/held')).body.map((x: { id: number }) => x.id)).toEqual([first.id]);
    // Not in the counter's list of tickets it may call while held.
    expect((await op1('GET', '/api/v1/counters/1/queue')).body.map((x: { id: number }) => x.id)).not.toContain(first.id);

    const third = (await issue(t.app, 1)).body.ticket;
    expect((await op2('POST', '/api/v1/counters/2/release', { ticketId: first.id })).body.error.code).toBe('TICKET_NOT_HELD');
    const released = await op1('POST', '/api/v1/counters/1/release', { ticketId: first.id });
    expect(released.body.ticket).toMatchObject({ id: first.id, status: 'waiting', heldUntil: null });
    expect((await op1('POST', '/api/v1/counters/1/release', { ticketId: first.id })).body.error.code).toBe('TICKET_NOT_HELD');
    // Back first of counter 1's calls, before the older walk-in still waiting.
    expect((await op1('POST', '/api/v1/counters/1/call-next')).body.ticket).toMatchObject({ id: first.id, counterId: 1, heldUntil: null });
    expect((await op1('GET', '/api/v1/counters/1/held')).body).toEqual([]);
    expect((await op2('POST', '/api/v1/counters/2/complete')).status).toBe(200);
    expect((await op2('POST', '/api/v1/counters/2/call-next')).body.ticket.id).toBe(third.id);

    expect((await trail(first.id)).map((e) => e.type)).toEqual(['issued', 'called', 'held', 'released', 'called']);
    expect((await outboxTypes()).filter((x) => x === 'ticket.held' || x === 'ticket.released')).toEqual(['ticket.held', 'ticket.released']);
  });

  it('a hold that runs out brings the ticket back first of its counter’s calls by itself', async () => {
    const { op1, op2, first, second } = await hallWithCall();
    await op1('POST', '/api/v1/counters/1/hold');
    // The default limit is 15 minutes.
    expect((await op1('GET', '/api/v1/counters/1/held')).body[0].heldUntil).toBe('2026-11-24T05:15:00.000Z');
    t.clock.advance(15 * 60_000);
    expect((await op1('GET', '/api/v1/counters/1/held')).body[0]).toMatchObject({ id: first.id, heldUntil: null });
    expect((await op1('GET', '/api/v1/counters/1/queue')).body[0].id).toBe(first.id);
    // Counter 2 still cannot take it; counter 1 calls it before the older waiting ticket.
    expect((await op2('POST', '/api/v1/counters/2/call-next')).body.ticket.id).toBe(second.id);
    expect((await op1('POST', '/api/v1/counters/1/call-next')).body.ticket.id).toBe(first.id);
  });

  it('refuses what does not fit: no ticket, a ticket not held here, bad minutes, another operator', async () => {
    const op1 = await staffClient(t.app, 'operator1');
    const op2 = await staffClient(t.app, 'operator2');
    await op1('POST', '/api/v1/counters/1/open');
    expect((await op1('POST', '/api/v1/counters/1/hold')).body.error.code).toBe('NO_CURRENT_TICKET');
    const waiting = (await issue(t.app, 1)).body.ticket;
    expect((await op1('POST', '/api/v1/counters/1/release', { ticketId: waiting.id })).body.error.code).toBe('TICKET_NOT_HELD');
    expect((await op1('POST', '/api/v1/counters/1/release', { ticketId: 999_999 })).body.error.code).toBe('TICKET_NOT_FOUND');
    await op1('POST', '/api/v1/counters/1/call-next');
    for (const minutes of [0, 241, 1.5, '10', -1]) expect((await op1('POST', '/api/v1/counters/1/hold', { minutes })).status).toBe(400);
    expect((await op2('POST', '/api/v1/counters/1/hold')).body.error.code).toBe('COUNTER_NOT_YOURS');
    // Nothing changed by the refusals.
    expect((await op1('GET', '/api/v1/counters/1')).body.counter.currentTicket.id).toBe(waiting.id);
  });
});

describe('supervisor actions', () => {
  it('closing a counter that holds a ticket needs a ticketAction; with one, the ticket goes back and the counter closes', async () => {
    const { op2, first } = await hallWithCall();
    const sup = await staffClient(t.app, 'supervisor');
    const staff = await connect('/staff', { centerId: 'isb-g9' }, await login(t.app, 'supervisor', 'supervisor-demo'));
    const display = await connect('/display', { centerId: 'isb-g9' });
    const snapshot = await display.next('display:snapshot');
    expect(snapshot.serving.map((s: { ticketCode: string }) => s.ticketCode)).toEqual([first.code]);

    const refused = await sup('POST', '/api/v1/control/counters/1/shift', { action: 'close', reason: 'Printer broke' });
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'COUNTER_HAS_TICKET' } } });
    expect((await sup('GET', '/api/v1/counters/1')).body.counter).toMatchObject({ status: 'open', currentTicket: { id: first.id } });

    const closed = await sup('POST', '/api/v1/control/counters/1/shift', { action: 'close', reason: 'Printer broke', ticketAction: 'requeue_front' });
    expect(closed.status).toBe(200);
    expect(closed.body.counter).toMatchObject({ id: 1, status: 'closed', currentTicket: null, operator: null });
    // Pushed: the ticket waits again (front of its line), the counter is closed, the display no longer serves it.
    expect((await staff.until('ticket:updated', (p) => p.ticket.id === first.id)).ticket).toMatchObject({ status: 'waiting', position: 1 });
    await staff.until('counter:updated', (p) => p.counter.id === 1 && p.counter.status === 'closed');
    expect((await display.until('display:updated', (s) => s.seq > snapshot.seq)).serving).toEqual([]);
    // Counter 2 calls it next (front of the line, before the second ticket).
    expect((await op2('POST', '/api/v1/counters/2/call-next')).body.ticket.id).toBe(first.id);

    const events = await trail(first.id);
    expect(events.at(-2)).toMatchObject({ type: 'requeued', actor: { username: 'supervisor' }, data: { reason: 'Printer broke', ticketAction: 'requeue_front' } });
    expect(await outboxTypes()).toEqual(expect.arrayContaining(['ticket.transferred', 'counter.closed']));
    const audit = (await sup('GET', '/api/v1/admin/audit?entity=counter')).body;
    expect(JSON.stringify(audit)).toContain('Printer broke');
  });

  it('pausing with no_show ends the called ticket as a no-show; the supervisor re-opens it within the grace period only', async () => {
    const { op2, first, second } = await hallWithCall();
    const sup = await staffClient(t.app, 'supervisor');
    const paused = await sup('POST', '/api/v1/control/counters/1/shift', { action: 'pause', reason: 'Tea break', ticketAction: 'no_show', expectedMinutes: 15 });
    expect(paused.body.counter).toMatchObject({ status: 'paused', pauseReason: 'Tea break', currentTicket: null });
    t.clock.advance(10 * 60_000);
    const reopened = await sup('POST', '/api/v1/control/tickets/' + first.id + '/reopen', { reason: 'came back' });
    expect(reopened.body.ticket).toMatchObject({ id: first.id, status: 'waiting', finishedAt: null, position: 1 });
    expect((await op2('POST', '/api/v1/counters/2/call-next')).body.ticket.id).toBe(first.id);
    expect((await sup('POST', `/api/v1/control/tickets/${second.id}/reopen`)).body.error.code).toBe('TICKET_NOT_NO_SHOW');
    // A no-show older than the grace (30 minutes by default) stays closed.
    await op2('POST', '/api/v1/counters/2/no-show');
    t.clock.advance(31 * 60_000);
    expect((await sup('POST', `/api/v1/control/tickets/${first.id}/reopen`)).body.error.code).toBe('REOPEN_TOO_LATE');
    expect((await trail(first.id)).map((e) => e.type)).toEqual(['issued', 'called', 'no_show', 'reopened', 'called', 'no_show']);
    expect(await outboxTypes()).toEqual(expect.arrayContaining(['ticket.no_show', 'counter.paused', 'ticket.reopened']));
  });

  it('moves a waiting ticket to another service or counter, refuses one being served, and tells the counters', async () => {
    const { op2, first, second } = await hallWithCall();
    const sup = await staffClient(t.app, 'supervisor');
    const staff = await connect('/staff', { centerId: 'isb-g9' }, await login(t.app, 'supervisor', 'supervisor-demo'));
    expect((await sup('POST', `/api/v1/control/tickets/${first.id}/move`, { serviceId: 2 })).body.error.code).toBe('TICKET_NOT_WAITING');
    expect((await sup('POST', `/api/v1/control/tickets/${second.id}/move`, { serviceId: 1 })).body.error.code).toBe('TRANSFER_TARGET_INVALID');
    expect((await sup('POST', `/api/v1/control/tickets/${second.id}/move`, { counterId: 999 })).body.error.code).toBe('COUNTER_NOT_FOUND');
    expect((await sup('POST', `/api/v1/control/tickets/${second.id}/move`, {})).status).toBe(400);

    const moved = await sup('POST', `/api/v1/control/tickets/${second.id}/move`, { counterId: 3, placement: 'front', reason: 'Urdu speaker' });
    expect(moved.body.ticket).toMatchObject({ id: second.id, status: 'waiting', serviceId: 1 });
    expect((await staff.until('ticket:updated', (p) => p.ticket.id === second.id)).ticket.status).toBe('waiting');
    await staff.until('counter:updated', (p) => p.counter.id === 3);
    // Counter 2 serves service 1 but the ticket is now counter 3's.
    expect((await op2('POST', '/api/v1/counters/2/call-next')).status).toBe(204);
    const op3 = await staffClient(t.app, 'operator3');
    await op3('POST', '/api/v1/counters/3/open');
    expect((await op3('POST', '/api/v1/counters/3/call-next')).body.ticket.id).toBe(second.id);
    expect((await trail(second.id)).at(-2)).toMatchObject({ type: 'transferred', actor: { username: 'supervisor' }, data: { by: 'supervisor', toCounterId: 3, placement: 'front', reason: 'Urdu speaker' } });
  });

  it('a held ticket of a closed counter is not lost: the supervisor moves it back to its line', async () => {
    const { op1, op2, first } = await hallWithCall();
    const sup = await staffClient(t.app, 'supervisor');
    await op1('POST', '/api/v1/counters/1/hold', { minutes: 60 });
    await op1('POST', '/api/v1/counters/1/close');
    const moved = await sup('POST', `/api/v1/control/tickets/${first.id}/move`, { serviceId: 1, placement: 'front' });
    expect(moved.body.ticket).toMatchObject({ status: 'waiting', heldUntil: null, position: 1 });
    expect((await op2('POST', '/api/v1/counters/2/call-next')).body.ticket.id).toBe(first.id);
  });

  it('cancels a waiting ticket with a reason, refuses one being served; the phone hears it', async () => {
    const { first, second } = await hallWithCall();
    const sup = await staffClient(t.app, 'supervisor');
    const phone = await connect('/ticket', { publicId: second.publicId });
    await phone.next('ticket:updated');
    expect((await sup('POST', `/api/v1/control/tickets/${first.id}/cancel`, { reason: 'duplicate' })).body.error.code).toBe('TICKET_NOT_WAITING');
    expect((await sup('POST', `/api/v1/control/tickets/${second.id}/cancel`, { reason: '' })).status).toBe(400);
    const cancelled = await sup('POST', `/api/v1/control/tickets/${second.id}/cancel`, { reason: 'duplicate' });
    expect(cancelled.body.ticket).toMatchObject({ status: 'cancelled' });
    expect((await phone.until('ticket:updated', (p) => p.ticket.status === 'cancelled')).ticket.id).toBe(second.id);
    expect((await trail(second.id)).at(-1)).toMatchObject({ type: 'cancelled', actor: { username: 'supervisor' }, data: { reason: 'duplicate' } });
    expect(await outboxTypes()).toContain('ticket.cancelled');
  });

  it('operators may not use the supervisor actions', async () => {
    const { op1, second } = await hallWithCall();
    expect((await op1('POST', '/api/v1/control/counters/1/shift', { action: 'close', reason: 'x', ticketAction: 'no_show' })).status).toBe(403);
    expect((await op1('POST', `/api/v1/control/tickets/${second.id}/cancel`, { reason: 'x' })).status).toBe(403);
    expect((await op1('GET', '/api/v1/counters/1')).body.counter.status).toBe('open');
  });
});
