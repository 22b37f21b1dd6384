import { describe, expect, it } from 'vitest';
import type { TransferBody } from '@navbat/shared';
import {
  decideCall,
  decideCallSpecific,
  decideCanCall,
  decideClose,
  decideOnCurrent,
  decideOpen,
  decideOperates,
  decidePause,
  decideTransfer,
  type Actor,
  type CounterFacts,
  type TransferTarget,
} from '../../server/src/domain/counter-life';
import type { CallContext, QueueCandidate } from '../../server/src/domain/call-order';
import type { TicketFacts } from '../../server/src/domain/ticket-life';

const nowIso = '2026-11-24T06:00:00.000Z';
const since = '2026-11-24T04:00:00.000Z';
const counter = (p: Partial<CounterFacts> = {}): CounterFacts => ({ id: 5, status: 'open', operatorId: 1, active: true, hasTicket: false, statusSince: since, ...p });
const operator = (userId = 1): Actor => ({ userId, isSupervisor: false });
const supervisor: Actor = { userId: 99, isSupervisor: true };
const code = (d: { ok: true } | { ok: false; code: string } | null) => (d === null || d.ok ? null : d.code);

describe('counter shifts', () => {
  it('opens a free counter, resumes your own, refuses a busy one', () => {
    expect(decideOpen(counter({ status: 'closed', operatorId: null }), operator(), null, nowIso)).toEqual({
      ok: true,
      changes: { status: 'open', operatorId: 1, pauseReason: null, statusSince: nowIso },
    });
    expect(code(decideOpen(counter({ status: 'paused', operatorId: 1 }), operator(), 5, nowIso))).toBeNull();
    expect(code(decideOpen(counter({ operatorId: 2 }), operator(), null, nowIso))).toBe('COUNTER_BUSY');
  });

  it('re-opening an open counter keeps the time it opened', () => {
    const again = decideOpen(counter(), operator(), 5, nowIso);
    expect(again.ok && again.changes.statusSince).toBe(since);
  });

  it('one counter per operator', () => {
    expect(code(decideOpen(counter({ status: 'closed', operatorId: null }), operator(), 4, nowIso))).toBe('COUNTER_BUSY');
  });

  it('a deactivated counter cannot be opened', () => {
    expect(code(decideOpen(counter({ status: 'closed', operatorId: null, active: false }), operator(), null, nowIso))).toBe('COUNTER_INACTIVE');
  });

  it("only the counter's operator (or a supervisor) acts on it, and only while it is not closed", () => {
    expect(code(decideOperates(counter(), operator()))).toBeNull();
    expect(code(decideOperates(counter(), operator(2)))).toBe('COUNTER_NOT_YOURS');
    expect(code(decideOperates(counter(), supervisor))).toBeNull();
    expect(code(decideOperates(counter({ status: 'closed', operatorId: null }), supervisor))).toBe('COUNTER_NOT_OPEN');
  });

  it('calls only while open and empty-handed', () => {
    expect(code(decideCanCall(counter(), operator()))).toBeNull();
    expect(code(decideCanCall(counter({ status: 'paused' }), operator()))).toBe('COUNTER_NOT_OPEN');
    expect(code(decideCanCall(counter({ hasTicket: true }), operator()))).toBe('COUNTER_HAS_TICKET');
    expect(code(decideCanCall(counter(), operator(2)))).toBe('COUNTER_NOT_YOURS');
  });

  it('pauses only an open counter, with its reason', () => {
    expect(decidePause(counter(), operator(), 'prayer', nowIso)).toEqual({ ok: true, changes: { status: 'paused', pauseReason: 'prayer', statusSince: nowIso } });
    expect(code(decidePause(counter({ status: 'paused' }), operator(), 'tea', nowIso))).toBe('COUNTER_NOT_OPEN');
    expect(code(decidePause(counter(), operator(2), 'tea', nowIso))).toBe('COUNTER_NOT_YOURS');
  });

  it('closes only without a ticket in hand; closing a closed counter is allowed and keeps its time', () => {
    expect(decideClose(counter(), operator(), nowIso)).toEqual({
      ok: true,
      changes: { status: 'closed', operatorId: null, pauseReason: null, priorityStreak: 0, statusSince: nowIso },
    });
    expect(code(decideClose(counter({ hasTicket: true }), operator(), nowIso))).toBe('COUNTER_HAS_TICKET');
    const closed = decideClose(counter({ status: 'closed', operatorId: null }), operator(2), nowIso);
    expect(closed.ok && closed.changes.statusSince).toBe(since);
    expect(code(decideClose(counter(), operator(2), nowIso))).toBe('COUNTER_NOT_YOURS');
  });
});

describe('calls', () => {
  const now = new Date(nowIso);
  const candidate = (p: Partial<QueueCandidate> = {}): QueueCandidate => ({
    id: 1,
    serviceId: 1,
    priority: 'none',
    queuedAt: '2026-11-24T05:50:00.000Z',
    issuedAt: '2026-11-24T05:50:00.000Z',
    appointmentAt: null,
    transferCounterId: null,
    transferPlacement: null,
    ...p,
  });
  const ctx: CallContext = { counterId: 5, weights: new Map([[1, 1]]), slaTargetMinutes: new Map(), priorityStreak: 0, priorityRun: 3, now };

  it('call-next: the call order picks a ticket, or the line is empty (a value, not an error)', () => {
    expect(decideCall(counter(), operator(), [candidate({ id: 3 }), candidate({ id: 2, priority: 'senior' })], ctx)).toEqual({ ok: true, kind: 'call', ticketId: 2 });
    expect(decideCall(counter(), operator(), [], ctx)).toEqual({ ok: true, kind: 'empty' });
    expect(decideCall(counter(), operator(), [candidate({ serviceId: 9 })], ctx)).toEqual({ ok: true, kind: 'empty' });
  });

  it('call-next is refused before the line is looked at when the counter may not call', () => {
    expect(code(decideCall(counter({ hasTicket: true }), operator(), [candidate()], ctx))).toBe('COUNTER_HAS_TICKET');
    expect(code(decideCall(counter({ status: 'paused' }), operator(), [candidate()], ctx))).toBe('COUNTER_NOT_OPEN');
  });

  it('calling a ticket by hand: here, waiting, and served by this counter', () => {
    const waiting = { ...candidate({ id: 7 }), status: 'waiting' as const };
    expect(decideCallSpecific(counter(), operator(), 7, waiting, ctx)).toEqual({ ok: true, kind: 'call', ticketId: 7 });
    expect(code(decideCallSpecific(counter(), operator(), 7, null, ctx))).toBe('TICKET_NOT_FOUND');
    expect(code(decideCallSpecific(counter(), operator(), 7, { ...waiting, status: 'called' }, ctx))).toBe('TICKET_NOT_WAITING');
    expect(code(decideCallSpecific(counter(), operator(), 7, { ...waiting, serviceId: 2 }, ctx))).toBe('TICKET_NOT_ELIGIBLE');
    expect(code(decideCallSpecific(counter(), operator(), 7, { ...waiting, transferCounterId: 6 }, ctx))).toBe('TICKET_NOT_ELIGIBLE');
    expect(decideCallSpecific(counter(), operator(), 7, { ...waiting, serviceId: 2, transferCounterId: 5 }, ctx).ok).toBe(true);
    // The counter's own state is refused first.
    expect(code(decideCallSpecific(counter({ hasTicket: true }), operator(), 7, null, ctx))).toBe('COUNTER_HAS_TICKET');
  });

  it('a command on the current ticket needs the counter to hold one', () => {
    expect(decideOnCurrent(counter({ hasTicket: true }), operator(), { id: 4 })).toEqual({ ok: true, ticket: { id: 4 } });
    expect(code(decideOnCurrent(counter(), operator(), undefined))).toBe('NO_CURRENT_TICKET');
    expect(code(decideOnCurrent(counter(), operator(2), { id: 4 }))).toBe('COUNTER_NOT_YOURS');
  });
});

describe('transfers', () => {
  const held = (p: Partial<TicketFacts> = {}): TicketFacts => ({
    status: 'serving',
    serviceId: 1,
    issuedAt: '2026-11-24T05:00:00.000Z',
    firstCalledAt: '2026-11-24T05:30:00.000Z',
    calledAt: '2026-11-24T05:30:00.000Z',
    startedAt: '2026-11-24T05:31:00.000Z',
    waitMs: 1_800_000,
    firstCounterId: 5,
    recallCount: 0,
    rated: false,
    ...p,
  });
  const to = (body: TransferBody, target: Partial<TransferTarget> = {}) =>
    decideTransfer(held(), 5, body, { service: { id: body.serviceId ?? 1, active: true }, ...(body.counterId !== undefined ? { counter: { id: body.counterId } } : {}), ...target }, nowIso);

  it('sorted (the default) keeps the original issue time; front queues from now', () => {
    expect(to({ serviceId: 2 })).toEqual({
      ok: true,
      changes: { status: 'waiting', serviceId: 2, queuedAt: '2026-11-24T05:00:00.000Z', transferCounterId: null, transferPlacement: 'sorted', counterId: null, calledAt: null, startedAt: null, holdUntil: null },
    });
    const front = to({ serviceId: 2, placement: 'front' });
    expect(front.ok && [front.changes.queuedAt, front.changes.transferPlacement]).toEqual([nowIso, 'front']);
  });

  it('to another counter, in the same service', () => {
    const d = to({ counterId: 8 });
    expect(d.ok && [d.changes.serviceId, d.changes.transferCounterId]).toEqual([1, 8]);
  });

  it('refuses a missing or deactivated service, a missing counter, its own counter, and the same line', () => {
    expect(code(to({ serviceId: 2 }, { service: null }))).toBe('SERVICE_NOT_FOUND');
    expect(code(to({ serviceId: 2 }, { service: { id: 2, active: false } }))).toBe('TRANSFER_TARGET_INVALID');
    expect(code(to({ counterId: 8 }, { counter: null }))).toBe('COUNTER_NOT_FOUND');
    expect(code(to({ counterId: 5 }))).toBe('TRANSFER_TARGET_INVALID');
    expect(code(to({ serviceId: 1 }))).toBe('TRANSFER_TARGET_INVALID');
    expect(code(to({}))).toBe('TRANSFER_TARGET_INVALID');
  });

  it('only a called or serving ticket is transferred', () => {
    expect(code(decideTransfer(held({ status: 'done' }), 5, { serviceId: 2 }, { service: { id: 2, active: true } }, nowIso))).toBe('TICKET_NOT_ACTIVE');
  });
});
