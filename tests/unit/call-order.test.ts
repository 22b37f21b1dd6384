import { describe, expect, it } from 'vitest';
import {
  isEligible,
  lineClasses,
  lineClassOf,
  lineConditionHolds,
  lineOrder,
  lineRank,
  nextPriorityStreak,
  pickNext,
  serviceLine,
  type CallContext,
  type LineClass,
  type QueueCandidate,
} from '../../server/src/domain/call-order';

const now = new Date('2026-11-24T06:00:00.000Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();

let nextId = 1;
function ticket(p: Partial<QueueCandidate> & { minutesAgo?: number } = {}): QueueCandidate {
  const issuedAt = p.issuedAt ?? minutesAgo(p.minutesAgo ?? 1);
  return {
    id: p.id ?? nextId++,
    serviceId: p.serviceId ?? 1,
    priority: p.priority ?? 'none',
    issuedAt,
    queuedAt: p.queuedAt ?? issuedAt,
    appointmentAt: p.appointmentAt ?? null,
    transferCounterId: p.transferCounterId ?? null,
    transferPlacement: p.transferPlacement ?? null,
  };
}

function ctx(p: Partial<CallContext> = {}): CallContext {
  return {
    counterId: 7,
    weights: new Map([[1, 1]]),
    slaTargetMinutes: new Map([[1, 15], [2, 15], [3, 15]]),
    priorityStreak: 0,
    priorityRun: 3,
    now,
    ...p,
  };
}

describe('call order', () => {
  it('returns null when nothing is eligible', () => {
    expect(pickNext([], ctx())).toBeNull();
    expect(pickNext([ticket({ serviceId: 9 })], ctx())).toBeNull();
  });

  it('5. FIFO: the earliest issued first', () => {
    const a = ticket({ minutesAgo: 3 });
    const b = ticket({ minutesAgo: 5 });
    const c = ticket({ minutesAgo: 4 });
    expect(pickNext([a, b, c], ctx())?.id).toBe(b.id);
  });

  it('5. equal times fall back to the lower id', () => {
    const a = ticket({ id: 20, issuedAt: minutesAgo(2) });
    const b = ticket({ id: 10, issuedAt: minutesAgo(2) });
    expect(pickNext([a, b], ctx())?.id).toBe(10);
  });

  it('only services the counter serves are eligible, and tickets sent to another counter are not', () => {
    const mine = ticket({ serviceId: 1, minutesAgo: 1 });
    const other = ticket({ serviceId: 2, minutesAgo: 9 });
    const elsewhere = ticket({ serviceId: 1, minutesAgo: 9, transferCounterId: 8, transferPlacement: 'sorted' });
    expect(pickNext([mine, other, elsewhere], ctx())?.id).toBe(mine.id);
    expect(isEligible(elsewhere, ctx())).toBe(false);
    expect(isEligible(ticket({ serviceId: 2, transferCounterId: 7 }), ctx())).toBe(true);
  });

  it('1. tickets transferred to this counter with placement front come first', () => {
    const old = ticket({ minutesAgo: 14, priority: 'senior' });
    const front = ticket({ serviceId: 3, minutesAgo: 1, transferCounterId: 7, transferPlacement: 'front' });
    expect(pickNext([old, front], ctx())?.id).toBe(front.id);
  });

  it('1. several front transfers are taken in the order they arrived', () => {
    const first = ticket({ queuedAt: minutesAgo(2), issuedAt: minutesAgo(30), transferCounterId: 7, transferPlacement: 'front' });
    const second = ticket({ queuedAt: minutesAgo(1), issuedAt: minutesAgo(40), transferCounterId: 7, transferPlacement: 'front' });
    expect(pickNext([second, first], ctx())?.id).toBe(first.id);
  });

  it('2. appointments whose slot has begun come before priority, future ones wait in line', () => {
    const prio = ticket({ priority: 'senior', minutesAgo: 10 });
    const due = ticket({ minutesAgo: 1, appointmentAt: minutesAgo(0.5) });
    const future = ticket({ minutesAgo: 20, appointmentAt: new Date(now.getTime() + 600_000).toISOString() });
    expect(pickNext([prio, due, future], ctx())?.id).toBe(due.id);
    expect(pickNext([prio, future], ctx())?.id).toBe(prio.id);
  });

  it('3. priority tickets before tickets without priority', () => {
    const regular = ticket({ minutesAgo: 10 });
    const prio = ticket({ minutesAgo: 1, priority: 'disability' });
    expect(pickNext([regular, prio], ctx())?.id).toBe(prio.id);
  });

  it('3. after priorityRun consecutive priority calls, a waiting non-priority ticket is called', () => {
    const regular = ticket({ minutesAgo: 1 });
    const prio = ticket({ minutesAgo: 5, priority: 'senior' });
    expect(pickNext([regular, prio], ctx({ priorityStreak: 2 }))?.id).toBe(prio.id);
    expect(pickNext([regular, prio], ctx({ priorityStreak: 3 }))?.id).toBe(regular.id);
    expect(pickNext([regular, prio], ctx({ priorityStreak: 1, priorityRun: 1 }))?.id).toBe(regular.id);
  });

  it('3. the priority run does not block priority tickets when no one else waits', () => {
    const prio = ticket({ priority: 'senior' });
    expect(pickNext([prio], ctx({ priorityStreak: 10 }))?.id).toBe(prio.id);
  });

  it('3. the streak grows with priority calls and resets on a regular call', () => {
    expect(nextPriorityStreak(2, { priority: 'senior' })).toBe(3);
    expect(nextPriorityStreak(3, { priority: 'none' })).toBe(0);
  });

  it('4. a higher counter-service weight first', () => {
    const light = ticket({ serviceId: 1, minutesAgo: 10 });
    const heavy = ticket({ serviceId: 2, minutesAgo: 1 });
    expect(pickNext([light, heavy], ctx({ weights: new Map([[1, 1], [2, 3]]) }))?.id).toBe(heavy.id);
  });

  it('4. a ticket waiting past its service target counts as the highest weight', () => {
    const aged = ticket({ serviceId: 1, minutesAgo: 16 });
    const heavy = ticket({ serviceId: 2, minutesAgo: 1 });
    expect(pickNext([aged, heavy], ctx({ weights: new Map([[1, 1], [2, 3]]) }))?.id).toBe(aged.id);
    const young = ticket({ serviceId: 1, minutesAgo: 14 });
    expect(pickNext([young, heavy], ctx({ weights: new Map([[1, 1], [2, 3]]) }))?.id).toBe(heavy.id);
  });

  it('4. among several aged tickets FIFO decides', () => {
    const a = ticket({ serviceId: 1, minutesAgo: 20 });
    const b = ticket({ serviceId: 2, minutesAgo: 30 });
    expect(pickNext([a, b], ctx({ weights: new Map([[1, 5], [2, 1]]) }))?.id).toBe(b.id);
  });

  it('4. weights order within the priority class too', () => {
    const p1 = ticket({ serviceId: 1, priority: 'senior', minutesAgo: 9 });
    const p2 = ticket({ serviceId: 2, priority: 'senior', minutesAgo: 2 });
    const regular = ticket({ serviceId: 2, minutesAgo: 1 });
    expect(pickNext([p1, p2, regular], ctx({ weights: new Map([[1, 1], [2, 2]]) }))?.id).toBe(p2.id);
  });

  it('5. a sorted transfer keeps its original issue time', () => {
    const waiting = ticket({ minutesAgo: 5 });
    const transferred = ticket({ serviceId: 1, issuedAt: minutesAgo(8), queuedAt: minutesAgo(8), transferPlacement: 'sorted' });
    expect(pickNext([waiting, transferred], ctx())?.id).toBe(transferred.id);
  });

  it("the service line puts a citizen's position in the counter-independent order", () => {
    const r1 = ticket({ minutesAgo: 9 });
    const r2 = ticket({ minutesAgo: 8 });
    const p = ticket({ minutesAgo: 1, priority: 'pregnant' });
    const front = ticket({ minutesAgo: 0.5, transferPlacement: 'front' });
    const toCounter = ticket({ minutesAgo: 20, transferCounterId: 3, transferPlacement: 'sorted' });
    expect(serviceLine([r1, r2, p, front, toCounter], now).map((t) => t.id)).toEqual([front.id, p.id, r1.id, r2.id]);
  });
});

describe('line classes (the one definition lineRank, pickNext and the SQL rank read)', () => {
  const nowIso = now.toISOString();

  it('a ticket belongs to the first class whose condition holds; everyone else is regular', () => {
    expect(lineClassOf(ticket({ transferPlacement: 'front', priority: 'senior', appointmentAt: minutesAgo(1) }), nowIso)).toBe('front');
    expect(lineClassOf(ticket({ priority: 'senior', appointmentAt: minutesAgo(1) }), nowIso)).toBe('appointment');
    expect(lineClassOf(ticket({ priority: 'senior', appointmentAt: new Date(now.getTime() + 60_000).toISOString() }), nowIso)).toBe('priority');
    expect(lineClassOf(ticket({ transferPlacement: 'sorted' }), nowIso)).toBe('regular');
    expect(lineRank(ticket(), nowIso)).toBe(lineClasses.length);
  });

  it('conditions are false on a null field, as SQL comparisons are', () => {
    const none = { transferPlacement: null, appointmentAt: null, priority: 'none' };
    expect(lineConditionHolds({ field: 'transferPlacement', isNot: 'front' }, none, nowIso)).toBe(false);
    expect(lineConditionHolds({ field: 'transferPlacement', is: 'front' }, none, nowIso)).toBe(false);
    expect(lineConditionHolds({ field: 'appointmentAt', due: true }, none, nowIso)).toBe(false);
    expect(lineConditionHolds({ field: 'appointmentAt', due: true }, { ...none, appointmentAt: nowIso }, nowIso)).toBe(true);
  });

  it('a changed definition changes the line order (and pickNext follows the same classes)', () => {
    const regular = ticket({ minutesAgo: 9 });
    const prio = ticket({ minutesAgo: 1, priority: 'senior' });
    const front = ticket({ minutesAgo: 0.5, transferPlacement: 'front' });
    expect(lineOrder([regular, prio, front], now).map((t) => t.id)).toEqual([front.id, prio.id, regular.id]);
    const priorityFirst: LineClass[] = [{ name: 'priority', when: { field: 'priority', isNot: 'none' } }];
    expect(lineOrder([regular, prio, front], now, priorityFirst).map((t) => t.id)).toEqual([prio.id, regular.id, front.id]);
  });
});

