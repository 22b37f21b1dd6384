import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { TicketStatus } from '@navbat/shared';
import { isEligible, pickNext, serviceLine, nextPriorityStreak, type CallContext, type QueueCandidate } from '../../server/src/domain/call-order';
import { decideTransition, type TicketCommand } from '../../server/src/domain/ticket-life';
import { hallCommands, type HallCommand } from '../support/hall-commands';

/**
 * Random command sequences through the pure domain (call order + ticket state machine), with a tiny
 * in-memory hall around it. Invariants are checked after every step.
 */
interface Ticket extends QueueCandidate {
  status: TicketStatus;
  counterId: number | null;
}

/** The status after `command`; the model hall only sends commands the state machine allows. */
function transition(status: TicketStatus, command: TicketCommand): TicketStatus {
  const d = decideTransition(status, command);
  if (!d.ok) throw new Error(`${command} refused from ${status}: ${d.code}`);
  return d.status;
}

const counters = [
  { id: 1, weights: new Map([[1, 1], [2, 1]]) },
  { id: 2, weights: new Map([[2, 2], [3, 1]]) },
  { id: 3, weights: new Map([[1, 1], [3, 3]]) },
];

const commandArb = hallCommands(3, { min: 0, max: 2 });

function runHall(commands: HallCommand[]) {
  const tickets: Ticket[] = [];
  const streak = new Map<number, number>();
  const calledOrder: Ticket[] = [];
  let clock = Date.parse('2026-11-24T05:00:00.000Z');
  const held = (counterId: number) => tickets.find((t) => t.counterId === counterId && (t.status === 'called' || t.status === 'serving'));

  const check = () => {
    // At most one unfinished ticket per counter, and no ticket in two places.
    for (const c of counters) expect(tickets.filter((t) => t.counterId === c.id && (t.status === 'called' || t.status === 'serving')).length).toBeLessThanOrEqual(1);
    for (const t of tickets) if (t.status === 'waiting') expect(t.counterId).toBeNull();
    // Positions 1..n without gaps, each waiting ticket exactly once in its service's line.
    for (const serviceId of [1, 2, 3]) {
      const waiting = tickets.filter((t) => t.status === 'waiting' && t.serviceId === serviceId);
      const line = serviceLine(waiting, new Date(clock));
      expect(line.map((t) => t.id).sort((a, b) => a - b)).toEqual(waiting.map((t) => t.id).sort((a, b) => a - b));
      // Within a class (same priority) the line is first come, first served.
      for (const cls of [true, false]) {
        const ofClass = line.filter((t) => (t.priority !== 'none') === cls);
        expect(ofClass.map((t) => t.id)).toEqual([...ofClass].sort((a, b) => a.id - b.id).map((t) => t.id));
      }
    }
  };

  for (const cmd of commands) {
    clock += 30_000;
    const now = new Date(clock);
    const iso = now.toISOString();
    if (cmd.kind === 'issue') {
      tickets.push({ id: tickets.length + 1, serviceId: cmd.serviceId, priority: cmd.priority ? 'senior' : 'none', queuedAt: iso, issuedAt: iso, appointmentAt: null, transferCounterId: null, transferPlacement: null, status: 'waiting', counterId: null });
    } else if (cmd.kind === 'cancel') {
      const waiting = tickets.filter((t) => t.status === 'waiting');
      const t = waiting[cmd.pick % Math.max(1, waiting.length)];
      if (t) t.status = transition(t.status, 'cancel');
    } else {
      const counter = counters[cmd.counter]!;
      const current = held(counter.id);
      if (cmd.kind === 'callNext') {
        if (current) continue;
        const callCtx: CallContext = { counterId: counter.id, weights: counter.weights, slaTargetMinutes: new Map([[1, 600], [2, 600], [3, 600]]), priorityStreak: streak.get(counter.id) ?? 0, priorityRun: 3, now };
        const waiting = tickets.filter((t) => t.status === 'waiting');
        const eligible = waiting.filter((t) => isEligible(t, callCtx));
        const next = pickNext(waiting, callCtx);
        // Something is called exactly when something waits for this counter.
        expect(next === null).toBe(eligible.length === 0);
        if (!next) continue;
        const t = tickets.find((x) => x.id === next.id)!;
        expect(counter.weights.has(t.serviceId)).toBe(true);
        // No eligible ticket passed over would have gone first: the pick is also the pick of every pair it is in
        // (the call order is one consistent ranking, whatever else waits).
        for (const other of eligible) if (other.id !== t.id) expect(pickNext([other, t], callCtx)?.id).toBe(t.id);
        // The streak rule: a priority ticket goes only while the run is not used up, unless nobody else waits.
        if (t.priority !== 'none' && (streak.get(counter.id) ?? 0) >= 3) expect(eligible.every((x) => x.priority !== 'none')).toBe(true);
        t.status = transition(t.status, 'call');
        t.counterId = counter.id;
        streak.set(counter.id, nextPriorityStreak(streak.get(counter.id) ?? 0, t));
        calledOrder.push(t);
      } else if (current) {
        const command = cmd.kind === 'noShow' ? 'no-show' : cmd.kind;
        if (command === 'no-show' && current.status !== 'called') {
          expect(decideTransition(current.status, 'no-show').ok).toBe(false);
          continue;
        }
        if (command === 'start' && current.status !== 'called') {
          expect(decideTransition(current.status, 'start').ok).toBe(false);
          continue;
        }
        current.status = transition(current.status, command);
      }
    }
    check();
  }
  return { tickets, calledOrder };
}

describe('domain properties under random command sequences', () => {
  it('invariants hold after every step', () => {
    fc.assert(fc.property(fc.array(commandArb, { maxLength: 60 }), (commands) => void runHall(commands)), { numRuns: 300 });
  });

  it('within one service and one class, tickets are called in the order they were issued', () => {
    fc.assert(
      fc.property(fc.array(commandArb, { maxLength: 60 }), (commands) => {
        const { calledOrder } = runHall(commands);
        for (const serviceId of [1, 2, 3]) {
          for (const cls of ['none', 'senior']) {
            const ids = calledOrder.filter((t) => t.serviceId === serviceId && t.priority === cls).map((t) => t.id);
            expect(ids).toEqual([...ids].sort((a, b) => a - b));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a finished ticket never moves again', () => {
    const finals: TicketStatus[] = ['done', 'no_show', 'cancelled', 'expired'];
    const commands = ['call', 'start', 'complete', 'no-show', 'cancel', 'recall'] as const;
    for (const status of finals) for (const command of commands) expect(decideTransition(status, command).ok, `${command} from ${status}`).toBe(false);
  });
});
