import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { TicketStatus } from '@navbat/shared';
import { isEligible, isHeld, lineClassOf, pickNext, type CallContext, type QueueCandidate } from '../../server/src/domain/call-order';
import { decideHold, decideReassign, decideRelease, decideReopen, decideRequeue, decideTicketAction, type CounterFacts } from '../../server/src/domain/counter-life';
import { decideCallTicket, type TicketChanges, type TicketFacts } from '../../server/src/domain/ticket-life';

// The control room's hold (docs/control-room.md): a counter parks the ticket it serves; nobody calls it
// while held; released (or when the hold runs out) it is the first of that counter's calls.

const t0 = Date.parse('2026-11-24T05:00:00.000Z');
const iso = (minute: number) => new Date(t0 + minute * 60_000).toISOString();

const counterFacts = (p: Partial<CounterFacts> = {}): CounterFacts => ({ id: 1, status: 'open', operatorId: 5, active: true, hasTicket: false, statusSince: iso(0), ...p });
const facts = (p: Partial<TicketFacts> = {}): TicketFacts => ({
  status: 'serving',
  serviceId: 1,
  issuedAt: iso(0),
  firstCalledAt: iso(5),
  calledAt: iso(5),
  startedAt: iso(6),
  waitMs: 300_000,
  firstCounterId: 1,
  recallCount: 0,
  rated: false,
  ...p,
});

describe('hold and release, as values', () => {
  it('a called or serving ticket is held for this counter until its limit; it stays waiting', () => {
    const d = decideHold(facts(), 1, 15, new Date(iso(10)));
    expect(d).toEqual({ ok: true, changes: { status: 'waiting', transferCounterId: 1, transferPlacement: null, counterId: 1, calledAt: null, startedAt: null, holdUntil: iso(25) } });
    expect(decideHold(facts({ status: 'waiting' }), 1, 15, new Date(iso(10)))).toMatchObject({ ok: false, code: 'TICKET_NOT_ACTIVE' });
    expect(decideHold(facts(), 1, 0, new Date(iso(10)))).toMatchObject({ ok: false, code: 'VALIDATION_ERROR' });
  });

  it('only the holding counter releases, and only while the hold lasts; release brings it back now', () => {
    const held = facts({ status: 'waiting', transferCounterId: 1, holdUntil: iso(25) });
    const actor = { userId: 5, isSupervisor: false };
    expect(decideRelease(counterFacts(), actor, held, iso(12))).toEqual({ ok: true, changes: { status: 'waiting', holdUntil: iso(12) } });
    expect(decideRelease(counterFacts({ id: 2 }), actor, held, iso(12))).toMatchObject({ ok: false, code: 'TICKET_NOT_HELD' });
    expect(decideRelease(counterFacts(), actor, { ...held, holdUntil: iso(11) }, iso(12))).toMatchObject({ ok: false, code: 'TICKET_NOT_HELD' });
    expect(decideRelease(counterFacts(), actor, facts({ status: 'waiting' }), iso(12))).toMatchObject({ ok: false, code: 'TICKET_NOT_HELD' });
    expect(decideRelease(counterFacts({ operatorId: 6 }), actor, held, iso(12))).toMatchObject({ ok: false, code: 'COUNTER_NOT_YOURS' });
    expect(decideRelease(counterFacts(), actor, null, iso(12))).toMatchObject({ ok: false, code: 'TICKET_NOT_FOUND' });
  });

  it('a call clears the hold', () => {
    const d = decideCallTicket(facts({ status: 'waiting', transferCounterId: 1, holdUntil: iso(12) }), 1, 5, iso(13));
    expect(d.ok && d.changes.holdUntil).toBeNull();
  });

  it('a held ticket is nobody’s to call; once back it is its counter’s first call, ahead of a front transfer', () => {
    const ctx = (counterId: number, minute: number): CallContext => ({ counterId, weights: new Map([[1, 1]]), slaTargetMinutes: new Map(), priorityStreak: 0, priorityRun: 3, now: new Date(iso(minute)) });
    const base = { serviceId: 1, priority: 'none', appointmentAt: null, transferPlacement: null } as const;
    const heldOne: QueueCandidate = { ...base, id: 1, issuedAt: iso(0), queuedAt: iso(0), transferCounterId: 1, holdUntil: iso(20) };
    const front: QueueCandidate = { ...base, id: 2, issuedAt: iso(1), queuedAt: iso(9), transferCounterId: 1, transferPlacement: 'front' };
    const walkIn: QueueCandidate = { ...base, id: 3, issuedAt: iso(-5), queuedAt: iso(-5), transferCounterId: null };
    expect(isEligible(heldOne, ctx(1, 10))).toBe(false);
    expect(pickNext([heldOne, front, walkIn], ctx(1, 10))?.id).toBe(2);
    expect(lineClassOf(heldOne, iso(20))).toBe('returned');
    expect(pickNext([heldOne, front, walkIn], ctx(1, 20))?.id).toBe(1);
    expect(pickNext([heldOne, walkIn], ctx(2, 30))?.id).toBe(3);
  });
});

describe('supervisor rules, as values', () => {
  const target = { service: { id: 2, active: true } };
  it('a move takes a waiting ticket elsewhere (a held one back to its line too), and refuses one being served', () => {
    const waiting = facts({ status: 'waiting', startedAt: null, calledAt: null });
    expect(decideReassign(waiting, { serviceId: 2, placement: 'front' }, target, iso(10))).toMatchObject({ ok: true, changes: { serviceId: 2, queuedAt: iso(10), transferPlacement: 'front', holdUntil: null } });
    expect(decideReassign(facts(), { serviceId: 2 }, target, iso(10))).toMatchObject({ ok: false, code: 'TICKET_NOT_WAITING' });
    expect(decideReassign(waiting, { serviceId: 1 }, { service: { id: 1, active: true } }, iso(10))).toMatchObject({ ok: false, code: 'TRANSFER_TARGET_INVALID' });
    const held = { ...waiting, transferCounterId: 1, holdUntil: iso(20) };
    expect(decideReassign(held, { serviceId: 1 }, { service: { id: 1, active: true } }, iso(10))).toMatchObject({ ok: true, changes: { transferCounterId: null, queuedAt: iso(0) } });
    expect(decideReassign(held, { counterId: 1 }, { service: { id: 1, active: true }, counter: { id: 1 } }, iso(10))).toMatchObject({ ok: false, code: 'TRANSFER_TARGET_INVALID' });
    expect(decideReassign(waiting, { counterId: 9 }, { service: { id: 1, active: true }, counter: null }, iso(10))).toMatchObject({ ok: false, code: 'COUNTER_NOT_FOUND' });
  });

  it('closing or pausing a counter with a ticket needs a ticket action; requeue goes back to its own line', () => {
    expect(decideTicketAction(counterFacts({ hasTicket: true }), undefined)).toMatchObject({ ok: false, code: 'COUNTER_HAS_TICKET' });
    expect(decideTicketAction(counterFacts({ hasTicket: true }), 'requeue_front').ok).toBe(true);
    expect(decideTicketAction(counterFacts(), undefined).ok).toBe(true);
    expect(decideRequeue(facts(), 'sorted', iso(10))).toMatchObject({ ok: true, changes: { status: 'waiting', serviceId: 1, queuedAt: iso(0), transferCounterId: null } });
  });

  it('a no-show re-opens within the grace period only, at the front of its line', () => {
    const noShow = facts({ status: 'no_show', finishedAt: iso(10) });
    expect(decideReopen(noShow, 30, new Date(iso(40)))).toMatchObject({ ok: true, changes: { status: 'waiting', finishedAt: null, transferPlacement: 'front', queuedAt: iso(40) } });
    expect(decideReopen(noShow, 30, new Date(iso(41)))).toMatchObject({ ok: false, code: 'REOPEN_TOO_LATE' });
    expect(decideReopen(facts({ status: 'done' }), 30, new Date(iso(11)))).toMatchObject({ ok: false, code: 'TICKET_NOT_NO_SHOW' });
  });
});

/** A tiny hall of two counters serving one service, driven by the domain only. */
interface ModelTicket extends QueueCandidate {
  status: TicketStatus;
  counterId: number | null;
}
type Step = { kind: 'issue' } | { kind: 'call' | 'hold' | 'finish'; counter: 1 | 2; minutes: number } | { kind: 'release'; counter: 1 | 2; pick: number } | { kind: 'wait'; minutes: number };
const counter = fc.constantFrom(1 as const, 2 as const);
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'issue' as const }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('call' as const), counter, minutes: fc.constant(0) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('hold' as const), counter, minutes: fc.integer({ min: 1, max: 20 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('finish' as const), counter, minutes: fc.constant(0) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('release' as const), counter, pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('wait' as const), minutes: fc.integer({ min: 1, max: 10 }) }) },
);

function apply(t: ModelTicket, changes: TicketChanges) {
  t.status = changes.status;
  if (changes.counterId !== undefined) t.counterId = changes.counterId;
  if (changes.transferCounterId !== undefined) t.transferCounterId = changes.transferCounterId;
  if (changes.transferPlacement !== undefined) t.transferPlacement = changes.transferPlacement;
  if (changes.holdUntil !== undefined) t.holdUntil = changes.holdUntil;
  if (changes.queuedAt !== undefined) t.queuedAt = changes.queuedAt;
}

describe('hold properties under random days (two counters, one service)', () => {
  it('a held ticket is never called by another counter, never lost, and comes back first when its hold runs out', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 60 }), (steps) => {
        const tickets: ModelTicket[] = [];
        /** Which counter held each ticket last (cleared when it is called again). */
        const heldBy = new Map<number, number>();
        let clock = t0;
        const active = (c: number) => tickets.find((t) => t.counterId === c && (t.status === 'called' || t.status === 'serving'));
        for (const step of steps) {
          clock += 30_000;
          const now = new Date(clock);
          const nowIso = now.toISOString();
          if (step.kind === 'issue') {
            tickets.push({ id: tickets.length + 1, serviceId: 1, priority: 'none', issuedAt: nowIso, queuedAt: nowIso, appointmentAt: null, transferCounterId: null, transferPlacement: null, status: 'waiting', counterId: null });
          } else if (step.kind === 'wait') {
            clock += step.minutes * 60_000;
          } else if (step.kind === 'call') {
            if (active(step.counter)) continue;
            const waiting = tickets.filter((t) => t.status === 'waiting');
            const ctx: CallContext = { counterId: step.counter, weights: new Map([[1, 1]]), slaTargetMinutes: new Map(), priorityStreak: 0, priorityRun: 3, now };
            const next = pickNext(waiting, ctx);
            // A ticket whose hold ran out (or was released) goes before everyone else at its counter.
            const back = waiting.filter((t) => t.transferCounterId === step.counter && t.holdUntil && !isHeld(t, nowIso));
            if (back.length > 0) expect(back.map((t) => t.id)).toContain(next?.id);
            if (!next) continue;
            const t = tickets.find((x) => x.id === next.id)!;
            // Never a held ticket, and never one held by another counter.
            expect(isHeld(t, nowIso)).toBe(false);
            if (heldBy.has(t.id)) expect(heldBy.get(t.id)).toBe(step.counter);
            const d = decideCallTicket({ ...facts({ status: 'waiting' }), transferCounterId: t.transferCounterId }, step.counter, 5, nowIso);
            if (!d.ok) throw new Error(d.message);
            apply(t, d.changes);
            heldBy.delete(t.id);
          } else if (step.kind === 'hold') {
            const current = active(step.counter);
            if (!current) continue;
            const d = decideHold(facts({ status: current.status }), step.counter, step.minutes, now);
            if (!d.ok) throw new Error(d.message);
            apply(current, d.changes);
            heldBy.set(current.id, step.counter);
          } else if (step.kind === 'finish') {
            const current = active(step.counter);
            if (current) current.status = 'done';
          } else if (step.kind === 'release') {
            const mine = tickets.filter((t) => t.status === 'waiting' && t.transferCounterId === step.counter && isHeld(t, nowIso));
            const t = mine[step.pick % Math.max(1, mine.length)];
            if (!t) continue;
            const d = decideRelease(counterFacts({ id: step.counter }), { userId: 5, isSupervisor: false }, facts({ status: t.status, transferCounterId: t.transferCounterId, holdUntil: t.holdUntil ?? null }), nowIso);
            if (!d.ok) throw new Error(d.message);
            apply(t, d.changes);
          }
          // Never lost: every held ticket still waits, for the counter that held it, and that counter may call it.
          for (const [id, c] of heldBy) {
            const t = tickets.find((x) => x.id === id)!;
            expect(t.status).toBe('waiting');
            expect(t.transferCounterId).toBe(c);
            expect(t.holdUntil).not.toBeNull();
            if (!isHeld(t, new Date(clock).toISOString())) expect(isEligible(t, { counterId: c, weights: new Map([[1, 1]]), now: new Date(clock) })).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
