/**
 * THE DIGITAL TWIN: a recorded day replayed through the real call order (`pickNext`) with a chosen set of
 * counters, skills and hours, to answer "what if counter 7 also served passports" with the day's own
 * arrivals and service times. Pure: the service hands it the day's tickets; times are epoch milliseconds.
 */
import { nextPriorityStreak, pickNext, type QueueCandidate } from './call-order';

/** A ticket of the recorded day, as the replay needs it. */
export interface TwinTicket {
  id: number;
  serviceId: number;
  priority: string;
  issuedAt: number;
  appointmentAt: string | null;
  /** How long it held a counter in reality (first call → finish), or null when it was never called. */
  busyMs: number | null;
  /** When it left the line without being called (cancelled, expired), or null. */
  leftAt: number | null;
  /** Its recorded wait (first call − issue), or null when it was never called. */
  recordedWaitMs: number | null;
}

export interface TwinCounter {
  id: number;
  /** Weight per service it serves. */
  weights: ReadonlyMap<number, number>;
  from: number;
  to: number;
}

export interface TwinSetup {
  tickets: readonly TwinTicket[];
  counters: readonly TwinCounter[];
  slaTargetMinutes: ReadonlyMap<number, number>;
  priorityRun: number;
  targetSeconds: number;
}

export interface TwinFigures {
  called: number;
  avgWaitSeconds: number | null;
  p90WaitSeconds: number | null;
  serviceLevelPercent: number | null;
}

export interface TwinResult {
  recorded: TwinFigures;
  replay: TwinFigures & { unserved: number };
  /** Each replayed ticket's wait in ms (tickets never called are left out). */
  waits: Map<number, number>;
}

/** Mean, 90th percentile (nearest rank) and share within the target of a set of waits in ms. */
export function waitFigures(waitsMs: readonly number[], targetSeconds: number): TwinFigures {
  const n = waitsMs.length;
  if (n === 0) return { called: 0, avgWaitSeconds: null, p90WaitSeconds: null, serviceLevelPercent: null };
  const sorted = [...waitsMs].sort((a, b) => a - b);
  const within = sorted.filter((w) => w <= targetSeconds * 1000).length;
  return {
    called: n,
    avgWaitSeconds: Math.round(sorted.reduce((s, w) => s + w, 0) / n) / 1000,
    p90WaitSeconds: sorted[Math.ceil(0.9 * n) - 1]! / 1000,
    serviceLevelPercent: Math.round((1000 * within) / n) / 10,
  };
}

/** The mean recorded counter time per service, for tickets the recorded day never called. */
function meanBusyByService(tickets: readonly TwinTicket[]): Map<number, number> {
  const sums = new Map<number, { sum: number; n: number }>();
  for (const t of tickets) {
    if (t.busyMs === null) continue;
    const s = sums.get(t.serviceId) ?? { sum: 0, n: 0 };
    s.sum += t.busyMs;
    s.n++;
    sums.set(t.serviceId, s);
  }
  const all = [...sums.values()].reduce((a, s) => ({ sum: a.sum + s.sum, n: a.n + s.n }), { sum: 0, n: 0 });
  const overall = all.n ? all.sum / all.n : 0;
  return new Map([...sums].map(([id, s]) => [id, s.sum / s.n] as const).concat([[-1, overall]]));
}

/**
 * Replays the day: at every moment a counter inside its hours is free, it calls what `pickNext` picks for
 * it (counters in id order when several are free at once), and holds it for the ticket's recorded counter
 * time. Tickets leave the line at their recorded cancel time if still waiting.
 */
export function replayDay(setup: TwinSetup): TwinResult {
  const tickets = [...setup.tickets].sort((a, b) => a.issuedAt - b.issuedAt || a.id - b.id);
  const counters = [...setup.counters].sort((a, b) => a.id - b.id).map((c) => ({ ...c, freeAt: c.from, streak: 0 }));
  const busyMean = meanBusyByService(tickets);
  const byId = new Map(tickets.map((t) => [t.id, t]));
  const waits = new Map<number, number>();
  let waiting: QueueCandidate[] = [];
  let next = 0;
  let now = tickets[0]?.issuedAt ?? 0;
  for (;;) {
    while (next < tickets.length && tickets[next]!.issuedAt <= now) {
      const t = tickets[next++]!;
      const issued = new Date(t.issuedAt).toISOString();
      waiting.push({ id: t.id, serviceId: t.serviceId, priority: t.priority, queuedAt: issued, issuedAt: issued, appointmentAt: t.appointmentAt, transferCounterId: null, transferPlacement: null });
    }
    waiting = waiting.filter((w) => {
      const left = byId.get(w.id)!.leftAt;
      return left === null || left > now;
    });
    for (const c of counters) {
      if (c.freeAt > now || now < c.from || now >= c.to || waiting.length === 0) continue;
      const picked = pickNext(waiting, { counterId: c.id, weights: c.weights, slaTargetMinutes: setup.slaTargetMinutes, priorityStreak: c.streak, priorityRun: setup.priorityRun, now: new Date(now) });
      if (!picked) continue;
      const t = byId.get(picked.id)!;
      waiting = waiting.filter((w) => w.id !== picked.id);
      waits.set(t.id, now - t.issuedAt);
      c.streak = nextPriorityStreak(c.streak, picked);
      c.freeAt = now + (t.busyMs ?? busyMean.get(t.serviceId) ?? busyMean.get(-1)!);
    }
    // The next moment anything can change: an arrival, a counter freeing or opening, someone leaving.
    let at = next < tickets.length ? tickets[next]!.issuedAt : Infinity;
    if (waiting.length > 0) {
      for (const c of counters) {
        const ready = Math.max(c.freeAt, c.from);
        if (ready > now && ready < c.to) at = Math.min(at, ready);
      }
      for (const w of waiting) {
        const left = byId.get(w.id)!.leftAt;
        if (left !== null && left > now) at = Math.min(at, left);
      }
    }
    if (at === Infinity) break;
    now = at;
  }
  const recordedWaits = tickets.flatMap((t) => (t.recordedWaitMs === null ? [] : [t.recordedWaitMs]));
  return {
    recorded: waitFigures(recordedWaits, setup.targetSeconds),
    replay: { ...waitFigures([...waits.values()], setup.targetSeconds), unserved: waiting.length },
    waits,
  };
}
