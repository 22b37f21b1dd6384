import type { Placement } from '@navbat/shared';

/** What the call order needs to know about a waiting ticket. */
export interface QueueCandidate {
  id: number;
  serviceId: number;
  priority: string;
  /** When it entered the queue it waits in now; for a `sorted` transfer this is the original issue time. */
  queuedAt: string;
  issuedAt: string;
  appointmentAt: string | null;
  transferCounterId: number | null;
  transferPlacement: Placement | null;
}

export interface CallContext {
  counterId: number;
  /** The counter's weight for each service it serves. */
  weights: ReadonlyMap<number, number>;
  /** SLA target per service, in minutes. */
  slaTargetMinutes: ReadonlyMap<number, number>;
  /** Consecutive priority calls at this counter so far. */
  priorityStreak: number;
  /** After this many consecutive priority calls a waiting non-priority ticket goes first. */
  priorityRun: number;
  now: Date;
}

/** Whether the counter may call this ticket at all. */
export function isEligible(t: QueueCandidate, ctx: Pick<CallContext, 'counterId' | 'weights'>): boolean {
  if (t.transferCounterId !== null) return t.transferCounterId === ctx.counterId;
  return ctx.weights.has(t.serviceId);
}

const byTime = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function fifo(a: QueueCandidate, b: QueueCandidate): number {
  return byTime(a.queuedAt, b.queuedAt) || a.id - b.id;
}

function isFrontForCounter(t: QueueCandidate, counterId: number): boolean {
  return t.transferPlacement === 'front' && (t.transferCounterId === null || t.transferCounterId === counterId);
}

function effectiveWeight(t: QueueCandidate, ctx: CallContext): number {
  const target = ctx.slaTargetMinutes.get(t.serviceId);
  if (target !== undefined && ctx.now.getTime() - Date.parse(t.issuedAt) > target * 60_000) {
    return Number.POSITIVE_INFINITY;
  }
  return ctx.weights.get(t.serviceId) ?? 1;
}

/**
 * The ticket `call-next` picks, following API.md's call order: front transfers, appointments whose
 * slot has begun, priority (with `priorityRun`), weight with SLA ageing, then FIFO.
 */
export function pickNext(candidates: readonly QueueCandidate[], ctx: CallContext): QueueCandidate | null {
  const eligible = candidates.filter((t) => isEligible(t, ctx));
  if (eligible.length === 0) return null;

  const front = eligible.filter((t) => isFrontForCounter(t, ctx.counterId));
  if (front.length > 0) return front.sort(fifo)[0] ?? null;

  const nowIso = ctx.now.toISOString();
  const due = eligible.filter((t) => t.appointmentAt !== null && t.appointmentAt <= nowIso);
  if (due.length > 0) {
    return due.sort((a, b) => byTime(a.appointmentAt ?? '', b.appointmentAt ?? '') || fifo(a, b))[0] ?? null;
  }

  const priority = eligible.filter((t) => t.priority !== 'none');
  const regular = eligible.filter((t) => t.priority === 'none');
  const pool =
    priority.length > 0 && (regular.length === 0 || ctx.priorityStreak < ctx.priorityRun) ? priority : regular;

  return (
    pool
      .map((t) => ({ t, w: effectiveWeight(t, ctx) }))
      .sort((a, b) => (a.w === b.w ? fifo(a.t, b.t) : b.w - a.w))[0]?.t ?? null
  );
}

/** The counter's priority streak after it called `ticket`. */
export function nextPriorityStreak(streak: number, ticket: Pick<QueueCandidate, 'priority'>): number {
  return ticket.priority === 'none' ? 0 : streak + 1;
}

/**
 * The class of a waiting ticket in a line, first to last: 0 front transfer, 1 appointment that has begun,
 * 2 priority, 3 everyone else; FIFO within a class. (tickets.repository `countAheadInLine` says the same in SQL.)
 */
export function lineRank(t: Pick<QueueCandidate, 'transferPlacement' | 'appointmentAt' | 'priority'>, nowIso: string): 0 | 1 | 2 | 3 {
  return t.transferPlacement === 'front' ? 0 : t.appointmentAt !== null && t.appointmentAt <= nowIso ? 1 : t.priority !== 'none' ? 2 : 3;
}

/**
 * Orders waiting tickets the counter-independent way (front transfers, appointments that have begun,
 * priority, then FIFO); weights and streaks, which depend on the counter, are left out.
 */
export function lineOrder(candidates: readonly QueueCandidate[], now: Date): QueueCandidate[] {
  const nowIso = now.toISOString();
  return candidates
    .map((t) => ({ t, r: lineRank(t, nowIso) }))
    .sort((a, b) => a.r - b.r || fifo(a.t, b.t))
    .map(({ t }) => t);
}

/**
 * The line of one service as a citizen sees it: positions 1..n. A ticket sent to one particular
 * counter is not in its service's line.
 */
export function serviceLine(candidates: readonly QueueCandidate[], now: Date): QueueCandidate[] {
  return lineOrder(
    candidates.filter((t) => t.transferCounterId === null),
    now,
  );
}
