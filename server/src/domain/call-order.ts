/**
 * THE CALL ORDER — the one source of truth for who is called next and where a citizen stands in line.
 *
 * `lineClasses` below is data, not code, so the SQL that ranks tickets for speed is generated from it:
 * db/tickets.repository.ts (`lineRankSql`) compiles it into the CASE that `countAheadInLine` counts
 * positions with. `listCallContenders` (the few rows call-next reads) is pinned to `pickNext` by the
 * property test tests/integration/call-contenders.test.ts, and positions by tests/integration/positions.test.ts.
 * Change the order here; the SQL follows, and those tests say whether the contenders still hold.
 */
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
  /** On a journey: when it entered the line of its current stop (SLA ageing counts from it); else issue time. */
  stopEnteredAt?: string | null;
  /** Its stop's fee must be paid before a call (`payBeforeCall`): it keeps its rank but is not called. */
  awaitingPayment?: boolean;
  /** False for a remote ticket not yet checked in: never called, but it keeps its rank (absent = arrived). */
  arrived?: boolean;
  /**
   * Held aside by the counter it is sent to (`transferCounterId`) until this time: nobody calls it before;
   * from then on (released early, or the hold ran out) it is `returned`, first of that counter's calls.
   */
  holdUntil?: string | null;
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

/** The candidate fields a line class may test (db/ maps each to its column). */
export type LineField = 'holdUntil' | 'transferPlacement' | 'appointmentAt' | 'priority';

/**
 * A condition over one field, written so that SQL and JS agree on nulls: `is` and `isNot` are false for
 * a null field (as `=` and `<>` are in SQL); `due` is "not null and at or before now".
 */
export type LineCondition =
  | { field: LineField; is: string }
  | { field: LineField; isNot: string }
  | { field: LineField; due: true };

export interface LineClass {
  name: string;
  when: LineCondition;
}

/**
 * The classes of a line, first to last; a ticket belongs to the first whose condition holds, and to
 * `regular` (rank `lineClasses.length`) when none does. FIFO by queue time, then id, within a class.
 */
export const lineClasses = [
  { name: 'returned', when: { field: 'holdUntil', due: true } },
  { name: 'front', when: { field: 'transferPlacement', is: 'front' } },
  { name: 'appointment', when: { field: 'appointmentAt', due: true } },
  { name: 'priority', when: { field: 'priority', isNot: 'none' } },
] as const satisfies readonly LineClass[];

export type LineClassName = (typeof lineClasses)[number]['name'] | 'regular';

type LineFields = Pick<QueueCandidate, Exclude<LineField, 'holdUntil'>> & Partial<Pick<QueueCandidate, 'holdUntil'>>;

/** Whether `condition` holds for `t` at `nowIso`. */
export function lineConditionHolds(condition: LineCondition, t: LineFields, nowIso: string): boolean {
  const value = t[condition.field];
  if (value === null || value === undefined) return false;
  if ('is' in condition) return value === condition.is;
  if ('isNot' in condition) return value !== condition.isNot;
  return value <= nowIso;
}

/** The class of a waiting ticket in a line (its index in `classes`; `classes.length` for everyone else). */
export function lineRank(t: LineFields, nowIso: string, classes: readonly LineClass[] = lineClasses): number {
  const i = classes.findIndex((c) => lineConditionHolds(c.when, t, nowIso));
  return i === -1 ? classes.length : i;
}

/** The name of a ticket's class in the line. */
export function lineClassOf(t: LineFields, nowIso: string): LineClassName {
  return lineClasses[lineRank(t, nowIso)]?.name ?? 'regular';
}

/** Whether a counter holds the ticket aside at `nowIso` (its hold has not run out): nobody may call it. */
export function isHeld(t: Pick<QueueCandidate, 'holdUntil'>, nowIso: string): boolean {
  return t.holdUntil !== null && t.holdUntil !== undefined && t.holdUntil > nowIso;
}

/** Whether the counter may call this ticket at all. */
export function isEligible(t: QueueCandidate, ctx: Pick<CallContext, 'counterId' | 'weights' | 'now'>): boolean {
  if (t.awaitingPayment === true) return false;
  if (isHeld(t, ctx.now.toISOString())) return false;
  if (t.arrived === false) return false;
  if (t.transferCounterId !== null) return t.transferCounterId === ctx.counterId;
  return ctx.weights.has(t.serviceId);
}

const byTime = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function fifo(a: QueueCandidate, b: QueueCandidate): number {
  return byTime(a.queuedAt, b.queuedAt) || a.id - b.id;
}

/** When a ticket's wait in its current line began: the stop's entry on a journey, else its issue. */
export function ageingFrom(t: Pick<QueueCandidate, 'issuedAt' | 'stopEnteredAt'>): string {
  return t.stopEnteredAt ?? t.issuedAt;
}

function effectiveWeight(t: QueueCandidate, ctx: CallContext): number {
  const target = ctx.slaTargetMinutes.get(t.serviceId);
  if (target !== undefined && ctx.now.getTime() - Date.parse(ageingFrom(t)) > target * 60_000) {
    return Number.POSITIVE_INFINITY;
  }
  return ctx.weights.get(t.serviceId) ?? 1;
}

/** How `pickNext` chooses inside the first class that has anyone waiting. */
const choosers: Record<LineClassName, (ofClass: QueueCandidate[], all: QueueCandidate[], ctx: CallContext) => QueueCandidate | undefined> = {
  returned: (ofClass) => ofClass.sort(fifo)[0],
  front: (ofClass) => ofClass.sort(fifo)[0],
  // Appointments in the order of their slots.
  appointment: (ofClass) => ofClass.sort((a, b) => byTime(a.appointmentAt ?? '', b.appointmentAt ?? '') || fifo(a, b))[0],
  // Priority goes first, but after `priorityRun` priority calls in a row a waiting regular ticket does.
  priority: (ofClass, all, ctx) => {
    const regular = all.filter((t) => t.priority === 'none');
    return byWeight(ctx.priorityStreak < ctx.priorityRun || regular.length === 0 ? ofClass : regular, ctx);
  },
  regular: (ofClass, _all, ctx) => byWeight(ofClass, ctx),
};

/** Higher counter-service weight first (a ticket past its SLA target counts as the highest), then FIFO. */
function byWeight(pool: QueueCandidate[], ctx: CallContext): QueueCandidate | undefined {
  let best: QueueCandidate | undefined;
  let bestWeight = Number.NEGATIVE_INFINITY;
  for (const t of pool) {
    const w = effectiveWeight(t, ctx);
    if (best === undefined || w > bestWeight || (w === bestWeight && fifo(t, best) < 0)) {
      best = t;
      bestWeight = w;
    }
  }
  return best;
}

/**
 * The ticket `call-next` picks, following API.md's call order extended by the control room: the first class
 * of `lineClasses` with an eligible ticket (held tickets back from their hold, front transfers, appointments whose slot has begun, priority with `priorityRun`, then
 * everyone else), chosen within it by FIFO, slot time, or weight with SLA ageing.
 */
export function pickNext(candidates: readonly QueueCandidate[], ctx: CallContext): QueueCandidate | null {
  const nowIso = ctx.now.toISOString();
  // Plain loops into array literals, without pairs of a ticket and a number: call-next runs this for every call, and
  // `map`'s empty arrays and pairs whose number was not always a small integer had its
  // optimised code thrown away and compiled again several times a day (docs/PERFORMANCE.md, forty-first session).
  const eligible: QueueCandidate[] = [];
  const ranks: number[] = [];
  let first = Number.POSITIVE_INFINITY;
  for (const t of candidates) {
    if (!isEligible(t, ctx)) continue;
    const r = lineRank(t, nowIso);
    eligible.push(t);
    ranks.push(r);
    if (r < first) first = r;
  }
  if (eligible.length === 0) return null;
  const ofClass: QueueCandidate[] = [];
  for (let i = 0; i < eligible.length; i++) if (ranks[i] === first) ofClass.push(eligible[i]!);
  const name: LineClassName = lineClasses[first]?.name ?? 'regular';
  return choosers[name](ofClass, eligible, ctx) ?? null;
}

/** The counter's priority streak after it called `ticket`. */
export function nextPriorityStreak(streak: number, ticket: Pick<QueueCandidate, 'priority'>): number {
  return ticket.priority === 'none' ? 0 : streak + 1;
}

/**
 * Orders waiting tickets the counter-independent way (by `lineClasses`, then FIFO); weights and streaks,
 * which depend on the counter, are left out.
 */
export function lineOrder(candidates: readonly QueueCandidate[], now: Date, classes: readonly LineClass[] = lineClasses): QueueCandidate[] {
  const nowIso = now.toISOString();
  return candidates
    .map((t) => ({ t, r: lineRank(t, nowIso, classes) }))
    .sort((a, b) => a.r - b.r || fifo(a.t, b.t))
    .map(({ t }) => t);
}

/**
 * The line of one service as a citizen sees it: positions 1..n. A ticket sent to one particular
 * counter is not in its service's line.
 */
export function serviceLine(candidates: readonly QueueCandidate[], now: Date, classes: readonly LineClass[] = lineClasses): QueueCandidate[] {
  return lineOrder(
    candidates.filter((t) => t.transferCounterId === null),
    now,
    classes,
  );
}
