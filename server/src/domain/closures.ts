/**
 * Holidays and "stop issuing now" as pure rules (issue 20): whether a centre is closed on a day, whether a
 * stop on issuing is in force, and what a citizen is told. Issuing (ticket-life's decideIssue), the
 * kiosk's service list, booking and its slots all ask here; nothing here reads a clock or a table.
 */
import type { Closure, Holiday, IssuingStop, SetIssuingStopBody } from '@navbat/shared';
import { allow, refuse, type Decision, type Refusal } from './decision';

export type { Closure, Holiday, IssuingStop };

/** Whether a stop on issuing is in force at `now`: set, and its `until` (if any) not yet reached. */
export function isStopInForce(stop: IssuingStop | null, now: Date): stop is IssuingStop {
  return stop !== null && (stop.until === null || Date.parse(stop.until) > now.getTime());
}

/** A closed day: the holiday of that local day, if there is one. */
export function dayClosure(holiday: Holiday | null): Closure | null {
  return holiday ? { code: 'CENTER_CLOSED', reason: holiday.reason, until: null } : null;
}

/**
 * Why a service takes no tickets at `now` beyond its opening hours: a holiday of the day first, then a stop
 * of the whole centre, then the service's own stop; null when none holds.
 */
export function closureAt(facts: { holiday: Holiday | null; centerStop: IssuingStop | null; serviceStop: IssuingStop | null }, now: Date): Closure | null {
  const closed = dayClosure(facts.holiday);
  if (closed) return closed;
  for (const stop of [facts.centerStop, facts.serviceStop]) {
    if (isStopInForce(stop, now)) return { code: 'ISSUING_STOPPED', reason: stop.reason, until: stop.until };
  }
  return null;
}

/** A closure as the refusal a citizen gets (`409 CENTER_CLOSED` or `409 ISSUING_STOPPED`), the reason in its message. */
export function refuseClosure(closure: Closure): Refusal {
  const why = closure.reason ? `: ${closure.reason}` : '';
  return closure.code === 'CENTER_CLOSED'
    ? refuse('CENTER_CLOSED', `the centre is closed on this day${why}`)
    : refuse('ISSUING_STOPPED', `no more tickets are issued for now${why}`);
}

/** A supervisor stops issuing: `until`, when given, must lie ahead. Answers the stop to store. */
export function decideStop(body: SetIssuingStopBody, now: Date): Decision<{ stop: IssuingStop }> {
  const until = body.until === undefined ? null : new Date(body.until);
  if (until !== null && until.getTime() <= now.getTime()) return refuse('VALIDATION_ERROR', 'until must lie in the future');
  return allow({ stop: { reason: body.reason ?? null, until: until?.toISOString() ?? null, since: now.toISOString() } });
}
