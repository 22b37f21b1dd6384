/**
 * Journeys: one visit through several services (documents → biometrics → fee → collection). The ticket
 * keeps its code and its original issue time at every stop, so it is ranked in each line like a `sorted`
 * transfer; what a stop's wait and SLA ageing count from is when it entered that stop's line.
 */
import { maxJourneyStops, type JourneyStop } from '@navbat/shared';
import { allow, refuse, type Decision } from './decision';
import { decideTransition, type TicketDecision, type TicketFacts } from './ticket-life';

/** What a journey needs to know of a service it may go to. */
export interface JourneyServiceFacts {
  id: number;
  centerId: string;
  active: boolean;
}

/**
 * The journey of a new ticket: the first service, then `nextServiceIds` (at most `maxJourneyStops`, each
 * a known, active service of the same centre, none twice). No next service: no journey (null).
 */
export function decideJourney(
  centerId: string,
  firstServiceId: number,
  nextServiceIds: readonly number[],
  services: ReadonlyMap<number, JourneyServiceFacts>,
  nowIso: string,
): Decision<{ journey: JourneyStop[] | null }> {
  if (nextServiceIds.length === 0) return allow({ journey: null });
  if (nextServiceIds.length > maxJourneyStops) return refuse('VALIDATION_ERROR', `a journey has at most ${maxJourneyStops} stops after the first service`);
  const all = [firstServiceId, ...nextServiceIds];
  if (new Set(all).size !== all.length) return refuse('VALIDATION_ERROR', 'a journey visits each service once');
  for (const id of nextServiceIds) {
    const service = services.get(id);
    if (!service || service.centerId !== centerId) return refuse('VALIDATION_ERROR', `no service ${id} in this centre for the journey`);
    if (!service.active) return refuse('JOURNEY_INVALID', `service ${id} of the journey is deactivated`);
  }
  return allow({
    journey: all.map((serviceId, i) => ({ serviceId, status: i === 0 ? 'current' : 'pending', enteredAt: i === 0 ? nowIso : null, finishedAt: null })),
  });
}

/** The index of the stop being served or waited for, or -1 (no journey, or it is over). */
export function currentStopIndex(journey: readonly JourneyStop[] | null): number {
  return journey ? journey.findIndex((s) => s.status === 'current') : -1;
}

/** What completing a stop does: move on to the next stop, or finish (the journey over or ended here). */
export type StopCompletion =
  | { kind: 'move'; journey: JourneyStop[]; next: JourneyStop; from: JourneyStop }
  | { kind: 'finish'; journey: JourneyStop[] | null; skipped: number[] };

/**
 * Completing the current stop: with a pending stop left (and `endJourney` not asked) the ticket moves on to
 * it, else it finishes; ending a journey early drops its pending stops (the audit trail keeps them).
 */
export function decideStopCompletion(journey: readonly JourneyStop[] | null, endJourney: boolean, nowIso: string): StopCompletion {
  const i = currentStopIndex(journey);
  if (!journey || i === -1) return { kind: 'finish', journey: journey ? [...journey] : null, skipped: [] };
  const done: JourneyStop = { ...(journey[i] as JourneyStop), status: 'done', finishedAt: nowIso };
  const nextIndex = journey.findIndex((s, k) => k > i && s.status === 'pending');
  if (nextIndex === -1 || endJourney) {
    const kept = journey.slice(0, i).concat(done);
    return { kind: 'finish', journey: kept, skipped: journey.filter((s) => s.status === 'pending').map((s) => s.serviceId) };
  }
  const next: JourneyStop = { ...(journey[nextIndex] as JourneyStop), status: 'current', enteredAt: nowIso };
  return { kind: 'move', journey: journey.map((s, k) => (k === i ? done : k === nextIndex ? next : s)), next, from: done };
}

/** A finished journey's end-to-end time: first issue to last finish, in seconds (null unless it is over). */
export function journeyTotalSeconds(issuedAt: string, journey: readonly JourneyStop[] | null, status: string, finishedAt: string | null): number | null {
  if (!journey || journey.length < 2 || status !== 'done' || finishedAt === null) return null;
  return (Date.parse(finishedAt) - Date.parse(issuedAt)) / 1000;
}

/**
 * The ticket moves on to its journey's next stop: waiting in that service's line with its code and original
 * issue time (ranked like a `sorted` transfer), no counter, no call.
 */
export function decideMoveToStop(ticket: TicketFacts, nextServiceId: number): TicketDecision {
  const to = decideTransition(ticket.status, 'move');
  if (!to.ok) return to;
  return allow({
    changes: {
      status: to.status,
      serviceId: nextServiceId,
      queuedAt: ticket.issuedAt,
      transferCounterId: null,
      transferPlacement: null,
      counterId: null,
      calledAt: null,
      startedAt: null,
    },
  });
}

/** Stats totals of journeys: how many finished, and their mean first issue to last finish (seconds, 1 decimal). */
export function journeyTotals(rows: readonly { issuedAt: string; finishedAt: string | null; journey: readonly JourneyStop[] | null; status: string }[]): { count: number; avgTotalSeconds: number | null } {
  const totals = rows.map((r) => journeyTotalSeconds(r.issuedAt, r.journey, r.status, r.finishedAt)).filter((s): s is number => s !== null);
  if (totals.length === 0) return { count: 0, avgTotalSeconds: null };
  return { count: totals.length, avgTotalSeconds: Math.round((10 * totals.reduce((a, b) => a + b, 0)) / totals.length) / 10 };
}
