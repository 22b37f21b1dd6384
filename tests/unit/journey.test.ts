import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JourneyStop } from '@navbat/shared';
import { ageingFrom, lineRank, pickNext, type CallContext, type QueueCandidate } from '../../server/src/domain/call-order';
import { currentStopIndex, decideJourney, decideMoveToStop, decideStopCompletion, journeyTotals } from '../../server/src/domain/journey';
import type { TicketFacts } from '../../server/src/domain/ticket-life';

const nowIso = '2026-11-24T06:00:00.000Z';
const services = new Map([1, 2, 3, 4, 5, 6, 7].map((id) => [id, { id, centerId: 'c', active: id !== 7 }]));
services.set(9, { id: 9, centerId: 'other', active: true });

describe('decideJourney', () => {
  it('makes the first service current and the rest pending; no next service is no journey', () => {
    expect(decideJourney('c', 1, [], services, nowIso)).toEqual({ ok: true, journey: null });
    const d = decideJourney('c', 1, [3, 2], services, nowIso);
    expect(d.ok && d.journey).toEqual([
      { serviceId: 1, status: 'current', enteredAt: nowIso, finishedAt: null },
      { serviceId: 3, status: 'pending', enteredAt: null, finishedAt: null },
      { serviceId: 2, status: 'pending', enteredAt: null, finishedAt: null },
    ]);
  });

  it('refuses 6 stops, unknown, other-centre, repeated and inactive services', () => {
    const code = (next: number[]) => {
      const d = decideJourney('c', 1, next, services, nowIso);
      return d.ok ? null : d.code;
    };
    expect(code([2, 3, 4, 5, 6])).toBeNull();
    expect(code([2, 3, 4, 5, 6, 1])).toBe('VALIDATION_ERROR');
    expect(code([8])).toBe('VALIDATION_ERROR');
    expect(code([9])).toBe('VALIDATION_ERROR');
    expect(code([2, 2])).toBe('VALIDATION_ERROR');
    expect(code([1])).toBe('VALIDATION_ERROR');
    expect(code([7])).toBe('JOURNEY_INVALID');
  });
});

describe('decideStopCompletion', () => {
  const start = (n: number) => (decideJourney('c', 1, [2, 3, 4, 5, 6].slice(0, n - 1), services, nowIso) as { journey: JourneyStop[] | null }).journey;

  it('visits every stop once, in order, then finishes; its total runs from issue to the last finish', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 6 }), fc.array(fc.integer({ min: 1, max: 3600 }), { minLength: 6, maxLength: 6 }), (n, gaps) => {
        let journey = start(n);
        let t = Date.parse(nowIso);
        const visited: number[] = [];
        for (let step = 0; ; step++) {
          visited.push(journey![currentStopIndex(journey)]!.serviceId);
          t += (gaps[step] as number) * 1000;
          const c = decideStopCompletion(journey, false, new Date(t).toISOString());
          if (c.kind === 'finish') {
            expect(c.journey!.every((s) => s.status === 'done')).toBe(true);
            expect(c.skipped).toEqual([]);
            journey = c.journey;
            break;
          }
          expect(c.next.enteredAt).toBe(new Date(t).toISOString());
          journey = c.journey;
        }
        expect(visited).toEqual([1, 2, 3, 4, 5, 6].slice(0, n));
        const totals = journeyTotals([{ issuedAt: nowIso, finishedAt: new Date(t).toISOString(), journey, status: 'done' }]);
        expect(totals).toEqual({ count: 1, avgTotalSeconds: (t - Date.parse(nowIso)) / 1000 });
      }),
    );
  });

  it('ends a journey early, dropping its pending stops; a ticket without a journey just finishes', () => {
    const c = decideStopCompletion(start(3), true, nowIso);
    expect(c).toMatchObject({ kind: 'finish', skipped: [2, 3] });
    expect(c.journey).toEqual([{ serviceId: 1, status: 'done', enteredAt: nowIso, finishedAt: nowIso }]);
    expect(decideStopCompletion(null, false, nowIso)).toEqual({ kind: 'finish', journey: null, skipped: [] });
    expect(journeyTotals([{ issuedAt: nowIso, finishedAt: nowIso, journey: c.journey, status: 'done' }])).toEqual({ count: 0, avgTotalSeconds: null });
  });

  it('moves the ticket to waiting in the next line with its original issue time (like a sorted transfer)', () => {
    const facts = { status: 'serving', serviceId: 1, issuedAt: '2026-11-24T05:00:00.000Z' } as TicketFacts;
    const d = decideMoveToStop(facts, 3);
    expect(d.ok && d.changes).toMatchObject({ status: 'waiting', serviceId: 3, queuedAt: facts.issuedAt, counterId: null, transferCounterId: null });
    expect(decideMoveToStop({ ...facts, status: 'waiting' }, 3)).toMatchObject({ ok: false, code: 'TICKET_NOT_ACTIVE' });
  });
});

// Property over random halls: a journey ticket is never called after a ticket issued later than it in the
// same line, unless rules 1–3 (front transfer, appointment, priority) or rule 4's SLA ageing (which counts
// from when each entered this line, API.md "Journeys") say so.
describe('journey tickets in the call order', () => {
  const base = Date.parse('2026-11-24T05:00:00.000Z');
  const at = (m: number) => new Date(base + m * 60_000).toISOString();
  const candidate = fc.record({
    serviceId: fc.constantFrom(1, 2),
    priority: fc.constantFrom('none', 'none', 'senior'),
    issued: fc.integer({ min: 0, max: 120 }),
    enteredAfter: fc.option(fc.integer({ min: 0, max: 120 }), { nil: null }),
    front: fc.boolean(),
    awaitingPayment: fc.boolean(),
  });

  it('never passes over an earlier-issued journey ticket of the same line and class except for SLA ageing; never calls one held for its fee', () => {
    fc.assert(
      fc.property(fc.array(candidate, { maxLength: 15 }), fc.integer({ min: 60, max: 300 }), fc.integer({ min: 0, max: 4 }), (rows, nowMinute, streak) => {
        const now = new Date(base + nowMinute * 60_000);
        const tickets: QueueCandidate[] = rows.map((r, i) => ({
          id: i + 1,
          serviceId: r.serviceId,
          priority: r.priority,
          issuedAt: at(r.issued),
          queuedAt: r.front ? at(r.issued + 1) : at(r.issued),
          appointmentAt: null,
          transferCounterId: null,
          transferPlacement: r.front ? 'front' : null,
          stopEnteredAt: r.enteredAfter === null ? null : at(Math.min(r.issued + r.enteredAfter, nowMinute)),
          awaitingPayment: r.awaitingPayment,
        }));
        const ctx: CallContext = { counterId: 1, weights: new Map([[1, 2], [2, 1]]), slaTargetMinutes: new Map([[1, 20], [2, 30]]), priorityStreak: streak, priorityRun: 3, now };
        const picked = pickNext(tickets, ctx);
        if (!picked) return;
        expect(picked.awaitingPayment).toBe(false);
        const aged = (t: QueueCandidate) => now.getTime() - Date.parse(ageingFrom(t)) > (ctx.slaTargetMinutes.get(t.serviceId) as number) * 60_000;
        const nowIso = now.toISOString();
        for (const x of tickets) {
          const sameLine = x.serviceId === picked.serviceId && lineRank(x, nowIso) === lineRank(picked, nowIso);
          if (x === picked || !sameLine || x.awaitingPayment || x.stopEnteredAt == null || x.queuedAt >= picked.queuedAt) continue;
          // An earlier journey ticket of the same line was passed over: only because the picked one aged and it did not.
          expect(aged(picked) && !aged(x), `${x.id} passed over by ${picked.id}`).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("ages a journey ticket from when it entered the stop's line, and ranks it by its first issue", () => {
    const now = new Date('2026-11-24T06:00:00.000Z');
    const ctx: CallContext = { counterId: 1, weights: new Map([[1, 1], [2, 5]]), slaTargetMinutes: new Map([[1, 20], [2, 20]]), priorityStreak: 0, priorityRun: 3, now };
    const common = { priority: 'none', appointmentAt: null, transferCounterId: null, transferPlacement: null } as const;
    // Issued 50 minutes ago but entered service 1's line 5 minutes ago: not past its target yet.
    const journey: QueueCandidate = { ...common, id: 1, serviceId: 1, issuedAt: '2026-11-24T05:10:00.000Z', queuedAt: '2026-11-24T05:10:00.000Z', stopEnteredAt: '2026-11-24T05:55:00.000Z' };
    const heavier: QueueCandidate = { ...common, id: 2, serviceId: 2, issuedAt: '2026-11-24T05:50:00.000Z', queuedAt: '2026-11-24T05:50:00.000Z' };
    expect(pickNext([journey, heavier], ctx)?.id).toBe(2);
    // 25 minutes in this line: past the 20-minute target, it counts as the highest weight.
    expect(pickNext([{ ...journey, stopEnteredAt: '2026-11-24T05:35:00.000Z' }, heavier], ctx)?.id).toBe(1);
    // In its own line it still goes before a later walk-in.
    const walkIn: QueueCandidate = { ...common, id: 3, serviceId: 1, issuedAt: '2026-11-24T05:40:00.000Z', queuedAt: '2026-11-24T05:40:00.000Z' };
    expect(pickNext([walkIn, journey], { ...ctx, weights: new Map([[1, 1]]) })?.id).toBe(1);
  });
});

describe('stopsOfJourney (statistics per stop)', () => {
  it('cuts the audit trail into stops, each waiting from when it entered its line', async () => {
    const { stopsOfJourney } = await import('../../server/src/domain/stats-journeys');
    const { ticketOutcome } = await import('../../server/src/domain/stats-tally');
    const ev = (type: string, at: string, counterId: number | null = null, actorId: number | null = null, toServiceId: number | null = null) => ({ type, at, counterId, actorId, toServiceId });
    const stops = stopsOfJourney({ firstServiceId: 1, issuedAt: '2026-11-24T05:00:00.000Z', status: 'no_show', rating: null }, [
      ev('called', '2026-11-24T05:10:00.000Z', 1, 11),
      ev('called', '2026-11-24T05:11:00.000Z', 1, 11),
      ev('started', '2026-11-24T05:12:00.000Z', 1, 11),
      ev('moved', '2026-11-24T05:20:00.000Z', 1, 11, 3),
      ev('called', '2026-11-24T05:50:00.000Z', 4, 12),
    ]);
    expect(stops).toEqual([
      { serviceId: 1, counterId: 1, operatorId: 11, outcome: ticketOutcome.done, rating: null, enteredAt: '2026-11-24T05:00:00.000Z', waitMs: 600_000, serviceMs: 480_000, servedAt: '2026-11-24T05:20:00.000Z' },
      { serviceId: 3, counterId: 4, operatorId: 12, outcome: ticketOutcome.noShow, rating: null, enteredAt: '2026-11-24T05:20:00.000Z', waitMs: 1_800_000, serviceMs: null, servedAt: null },
    ]);
  });
});
