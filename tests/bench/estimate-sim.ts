/**
 * A simulated hall for the accuracy benchmark, in-process: the domain's own `pickNext` decides every call
 * and the domain's estimators (v2 and naive) are asked at every issue with what the server would read
 * (today's last 20 service times, no-show rate, the counters' state and their calls of the last 2 hours).
 * No HTTP and no database, so 30 days run in seconds.
 */
import { nextPriorityStreak, pickNext, serviceLine, type QueueCandidate } from '../../server/src/domain/call-order';
import { estimateWait, summarizeServiceTimes, type CounterNow, type EstimateTuning, type HallNow } from '../../server/src/domain/estimate';
import { naiveWaitSeconds, serviceTimeWindow } from '../../server/src/domain/wait-estimate';
import type { ScoredTicket } from '../../server/src/domain/estimate-accuracy';
import { seededRandom } from '../support/random';

const normal = (r: () => number) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());

export interface HallSpec {
  /** Mean service time per service (seconds). */
  meanServiceSeconds: number[];
  /** Log-normal shape (sd of log service time). */
  serviceLogSd: number;
  /** Arrivals per hour per service at a multiplier of 1. */
  arrivalsPerHour: number[];
  /** Arrival multiplier for each opening hour. */
  hourProfile: number[];
  /** The services each counter serves. */
  counters: number[][];
  priorityShare: number;
  noShowShare: number;
  /** Seconds a counter spends on a ticket that does not come. */
  noShowSeconds: number;
  /** The break: counters take `breakMinutes` in two waves, starting at these hours after opening. */
  breakMinutes: number;
  breakWaves: [number, number];
}

/** The benchmark's hall: shared counters, 10% priority, 8% no-shows, log-normal service, a 30-minute break. */
export const benchHall: HallSpec = {
  meanServiceSeconds: [240, 420, 300, 540],
  serviceLogSd: 0.6,
  arrivalsPerHour: [24, 14, 19, 10],
  hourProfile: [1.0, 1.3, 1.3, 1.1, 0.9, 1.0, 0.8, 0.6],
  counters: [[0], [0], [0, 1], [1], [1, 2], [2], [2, 3], [3]],
  priorityShare: 0.1,
  noShowShare: 0.08,
  noShowSeconds: 60,
  breakMinutes: 30,
  breakWaves: [4, 4.5],
};

interface SimTicket extends QueueCandidate {
  issuedMs: number;
  noShow: boolean;
  serviceSeconds: number;
  estimate: { seconds: number; low: number; high: number };
  naive: number | null;
}

interface SimCounter {
  services: number[];
  status: 'open' | 'paused';
  holding: SimTicket | null;
  expectedBackMs: number | null;
  breakDone: boolean;
  breakDueMs: number;
  streak: number;
  calls: { atMs: number; serviceId: number }[];
}

type EventBody = { at: number } & ({ kind: 'arrive'; ticket: SimTicket } | { kind: 'finish'; counter: number } | { kind: 'back'; counter: number } | { kind: 'breakDue'; counter: number });
type SimEvent = EventBody & { seq: number };

/** A binary heap of events by time, then by insertion. */
class Events {
  private heap: SimEvent[] = [];
  private seq = 0;
  push(e: EventBody): void {
    const h = this.heap;
    h.push({ ...e, seq: this.seq++ });
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }
  pop(): SimEvent | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
  private less(a: SimEvent, b: SimEvent): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }
}

const recentCallsMs = 2 * 3600_000;
const dayStartMs = Date.parse('2026-12-07T04:00:00.000Z');

/** One simulated day: every called ticket with the estimates it was given at issue and its real wait. */
export function simulateDay(spec: HallSpec, seed: number, tuning: EstimateTuning): ScoredTicket[] {
  const r = seededRandom(seed);
  const start = dayStartMs + seed * 86_400_000;
  const events = new Events();
  let nextId = 1;
  for (const [serviceId, perHour] of spec.arrivalsPerHour.entries()) {
    spec.hourProfile.forEach((mult, hour) => {
      let t = start + hour * 3600_000;
      const end = t + 3600_000;
      for (;;) {
        t += (-Math.log(1 - r()) / ((perHour * mult) / 3600)) * 1000;
        if (t >= end) break;
        const mean = spec.meanServiceSeconds[serviceId]!;
        const iso = new Date(Math.round(t)).toISOString();
        const ticket: SimTicket = {
          id: nextId++,
          serviceId,
          priority: r() < spec.priorityShare ? 'senior' : 'none',
          queuedAt: iso,
          issuedAt: iso,
          appointmentAt: null,
          transferCounterId: null,
          transferPlacement: null,
          issuedMs: Math.round(t),
          noShow: r() < spec.noShowShare,
          serviceSeconds: Math.exp(Math.log(mean) - spec.serviceLogSd ** 2 / 2 + spec.serviceLogSd * normal(r)),
          estimate: { seconds: 0, low: 0, high: 0 },
          naive: null,
        };
        events.push({ at: ticket.issuedMs, kind: 'arrive', ticket });
      }
    });
  }
  const counters: SimCounter[] = spec.counters.map((services, i) => ({
    services,
    status: 'open',
    holding: null,
    expectedBackMs: null,
    breakDone: false,
    breakDueMs: start + spec.breakWaves[i % 2]! * 3600_000,
    streak: 0,
    calls: [],
  }));
  counters.forEach((c, i) => events.push({ at: c.breakDueMs, kind: 'breakDue', counter: i }));
  const waiting: SimTicket[] = [];
  const served: number[][] = spec.meanServiceSeconds.map(() => []);
  const calledOf: { noShow: boolean }[][] = spec.meanServiceSeconds.map(() => []);
  const scored: ScoredTicket[] = [];
  const slaTargetMinutes = new Map(spec.meanServiceSeconds.map((_, i) => [i, 20]));

  const hallNow = (nowMs: number): HallNow => ({
    services: new Map(
      spec.meanServiceSeconds.map((_, s) => {
        const calls = calledOf[s]!.slice(-50);
        const noShowRate = calls.length === 0 ? 0 : calls.filter((c) => c.noShow).length / calls.length;
        return [s, { ...summarizeServiceTimes(served[s]!.slice(-serviceTimeWindow)), noShowRate }];
      }),
    ),
    counters: counters.map((c): CounterNow => {
      const recentCalls = new Map<number, number>();
      for (const call of c.calls) if (call.atMs >= nowMs - recentCallsMs) recentCalls.set(call.serviceId, (recentCalls.get(call.serviceId) ?? 0) + 1);
      return { serviceIds: c.services, status: c.status, holdsTicket: c.holding !== null, expectedBackMs: c.expectedBackMs, recentCalls };
    }),
  });

  const tryCall = (i: number, nowMs: number) => {
    const c = counters[i]!;
    if (c.status !== 'open' || c.holding) return;
    if (!c.breakDone && nowMs >= c.breakDueMs) {
      c.breakDone = true;
      c.status = 'paused';
      c.expectedBackMs = nowMs + spec.breakMinutes * 60_000;
      // People come back a little early or late.
      events.push({ at: nowMs + (spec.breakMinutes - 3 + 8 * r()) * 60_000, kind: 'back', counter: i });
      return;
    }
    const next = pickNext(waiting, {
      counterId: i,
      weights: new Map(c.services.map((s) => [s, 1])),
      slaTargetMinutes,
      priorityStreak: c.streak,
      priorityRun: 3,
      now: new Date(nowMs),
    }) as SimTicket | null;
    if (!next) return;
    waiting.splice(waiting.indexOf(next), 1);
    c.holding = next;
    c.streak = nextPriorityStreak(c.streak, next);
    c.calls.push({ atMs: nowMs, serviceId: next.serviceId });
    calledOf[next.serviceId]!.push({ noShow: next.noShow });
    scored.push({
      serviceId: next.serviceId,
      waitSeconds: (nowMs - next.issuedMs) / 1000,
      estimateSeconds: next.estimate.seconds,
      low: next.estimate.low,
      high: next.estimate.high,
      naiveSeconds: next.naive,
    });
    events.push({ at: nowMs + (next.noShow ? spec.noShowSeconds : next.serviceSeconds) * 1000, kind: 'finish', counter: i });
  };

  for (let e = events.pop(); e; e = events.pop()) {
    const now = e.at;
    if (e.kind === 'arrive') {
      const t = e.ticket;
      waiting.push(t);
      const line = serviceLine(
        waiting.filter((w) => w.serviceId === t.serviceId),
        new Date(now),
      );
      const position = line.indexOf(t) + 1;
      const hall = hallNow(now);
      t.estimate = estimateWait(t.serviceId, position - 1, now, hall, tuning);
      const history = hall.services.get(t.serviceId)!;
      const open = counters.filter((c) => c.status === 'open' && c.services.includes(t.serviceId)).length;
      t.naive = naiveWaitSeconds(position, history.meanSeconds, open);
      // Idle counters call in their order (as operators would press call-next).
      counters.forEach((_, i) => tryCall(i, now));
    } else if (e.kind === 'finish') {
      const c = counters[e.counter]!;
      const done = c.holding!;
      if (!done.noShow) served[done.serviceId]!.push(done.serviceSeconds);
      c.holding = null;
      tryCall(e.counter, now);
    } else if (e.kind === 'back') {
      const c = counters[e.counter]!;
      c.status = 'open';
      c.expectedBackMs = null;
      tryCall(e.counter, now);
    } else {
      tryCall(e.counter, now);
    }
  }
  return scored;
}
