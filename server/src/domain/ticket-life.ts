/**
 * A ticket's life as values: the state machine, who may take a ticket, and what each command writes.
 * Every rule returns a `Decision`; the services turn a refusal into the command's typed error.
 */
import type { OpeningHours, Placement, PriorityCategory, TicketStatus } from '@navbat/shared';
import { allow, refuse, type Decision } from './decision';
import { ticketCode } from './numbering';
import { isOpenAt, millisecondsBetween, serviceDay } from './time';
import { closureAt, refuseClosure, type Closure, type Holiday, type IssuingStop } from './closures';

/** The commands that change a ticket, each a transition of its state machine. */
export type TicketCommand =
  | 'call'
  | 'recall'
  | 'start'
  | 'complete'
  | 'no-show'
  | 'transfer'
  | 'cancel'
  | 'expire'
  | 'feedback'
  | 'move'
  | 'pay'
  | 'psid'
  | 'arrive'
  | 'hold'
  | 'release'
  | 'reassign'
  | 'reopen';

type RefusalCode = 'TICKET_NOT_WAITING' | 'TICKET_NOT_CALLED' | 'TICKET_NOT_ACTIVE' | 'FEEDBACK_NOT_ALLOWED' | 'TICKET_NOT_HELD' | 'TICKET_NOT_NO_SHOW';

const transitions: Record<TicketCommand, { from: readonly TicketStatus[]; to: TicketStatus | 'unchanged'; refusal: RefusalCode }> = {
  call: { from: ['waiting'], to: 'called', refusal: 'TICKET_NOT_WAITING' },
  recall: { from: ['called'], to: 'called', refusal: 'TICKET_NOT_CALLED' },
  start: { from: ['called'], to: 'serving', refusal: 'TICKET_NOT_CALLED' },
  complete: { from: ['called', 'serving'], to: 'done', refusal: 'TICKET_NOT_ACTIVE' },
  'no-show': { from: ['called'], to: 'no_show', refusal: 'TICKET_NOT_CALLED' },
  transfer: { from: ['called', 'serving'], to: 'waiting', refusal: 'TICKET_NOT_ACTIVE' },
  cancel: { from: ['waiting'], to: 'cancelled', refusal: 'TICKET_NOT_WAITING' },
  expire: { from: ['waiting'], to: 'expired', refusal: 'TICKET_NOT_WAITING' },
  feedback: { from: ['done'], to: 'done', refusal: 'FEEDBACK_NOT_ALLOWED' },
  // A journey's next stop: back to waiting, in the next service's line (domain/journey).
  move: { from: ['called', 'serving'], to: 'waiting', refusal: 'TICKET_NOT_ACTIVE' },
  // A fee's PSID or payment is recorded (domain/payment); the ticket's status stays.
  pay: { from: ['waiting', 'called', 'serving'], to: 'unchanged', refusal: 'TICKET_NOT_ACTIVE' },
  psid: { from: ['waiting', 'called', 'serving'], to: 'unchanged', refusal: 'TICKET_NOT_ACTIVE' },
  arrive: { from: ['waiting'], to: 'waiting', refusal: 'TICKET_NOT_WAITING' },
  // The control room (docs/control-room.md). A held ticket stays `waiting`, set aside for its counter
  // (domain/call-order `isHeld`): holding parks the ticket being served, releasing gives it back.
  hold: { from: ['called', 'serving'], to: 'waiting', refusal: 'TICKET_NOT_ACTIVE' },
  release: { from: ['waiting'], to: 'waiting', refusal: 'TICKET_NOT_HELD' },
  // A supervisor moves a waiting ticket to another line; one being called or served is refused.
  reassign: { from: ['waiting'], to: 'waiting', refusal: 'TICKET_NOT_WAITING' },
  // A supervisor re-opens a no-show within the grace period: back to waiting, at the front of its line.
  reopen: { from: ['no_show'], to: 'waiting', refusal: 'TICKET_NOT_NO_SHOW' },
};

/** The status after `command`, or a typed refusal when the ticket's status does not allow it. */
export function decideTransition(status: TicketStatus, command: TicketCommand): Decision<{ status: TicketStatus }> {
  const t = transitions[command];
  if (!t.from.includes(status)) return refuse(t.refusal, `cannot ${command} a ticket that is ${status.replace('_', ' ')}`);
  return allow({ status: t.to === 'unchanged' ? status : t.to });
}

export const activeStatuses: readonly TicketStatus[] = ['called', 'serving'];
export const finalStatuses: readonly TicketStatus[] = ['done', 'no_show', 'cancelled', 'expired'];

/** What the rules need to know about a stored ticket. */
export interface TicketFacts {
  status: TicketStatus;
  serviceId: number;
  issuedAt: string;
  firstCalledAt: string | null;
  calledAt: string | null;
  startedAt: string | null;
  waitMs: number | null;
  firstCounterId: number | null;
  recallCount: number;
  rated: boolean;
  finishedAt?: string | null;
  /** The counter it waits for (a transfer to one counter, or a hold), else null. */
  transferCounterId?: number | null;
  holdUntil?: string | null;
}

/** What a command writes on a ticket, in the domain's words (db/ maps them to columns). */
export interface TicketChanges {
  status: TicketStatus;
  serviceId?: number;
  queuedAt?: string;
  firstCalledAt?: string;
  calledAt?: string | null;
  startedAt?: string | null;
  finishedAt?: string | null;
  waitMs?: number;
  serviceMs?: number | null;
  counterId?: number | null;
  firstCounterId?: number;
  operatorId?: number;
  transferCounterId?: number | null;
  transferPlacement?: Placement | null;
  recallCount?: number;
  outcome?: string | null;
  rating?: number;
  feedbackComment?: string | null;
  /** Held for its counter until then (domain/call-order `isHeld`); null: not held. */
  holdUntil?: string | null;
}

/** A ticket command's decision: what to write. */
export type TicketDecision = Decision<{ changes: TicketChanges }>;

/** The opening-hours and activity facts of a service that issuing reads. */
export interface ServiceFacts {
  id: number;
  active: boolean;
  openingHours: OpeningHours;
  allowsPriority: boolean;
  dailyCap: number | null;
  prefix: string;
  /** "Stop issuing now" for this service (null: none). */
  issuingStop: IssuingStop | null;
}

/** The centre's facts that issuing reads. */
export interface CenterFacts {
  timezone: string;
  openingHours: OpeningHours;
  priorityCategories: readonly PriorityCategory[];
  /** The holiday of the local day being issued for (the caller loads it; null: a working day). */
  holiday: Holiday | null;
  /** "Stop issuing now" for the whole centre (null: none). */
  issuingStop: IssuingStop | null;
}

type OpenFacts = { service: Pick<ServiceFacts, 'active' | 'openingHours' | 'issuingStop'>; center: Pick<CenterFacts, 'timezone' | 'openingHours' | 'holiday' | 'issuingStop'> };

/** Why the service takes no tickets now beyond its hours (a holiday, a stop on issuing), or null. */
export function serviceClosure({ service, center }: OpenFacts, now: Date): Closure | null {
  return closureAt({ holiday: center.holiday, centerStop: center.issuingStop, serviceStop: service.issuingStop }, now);
}

/** Whether citizens can take a ticket for the service now: it is active, no holiday or stop holds, and both it and the centre are open. */
export function isServiceOpen(service: OpenFacts['service'], center: OpenFacts['center'], now: Date): boolean {
  return service.active && serviceClosure({ service, center }, now) === null && isOpenAt(center.openingHours, now, center.timezone) && isOpenAt(service.openingHours, now, center.timezone);
}

/**
 * Whether a citizen may take a ticket now: no holiday or stop on issuing holds (CENTER_CLOSED,
 * ISSUING_STOPPED, with the reason), the service is open and the priority (if any) is a known
 * category of a service with a priority line. Answers the service day the number is taken for.
 */
export function decideIssue(center: CenterFacts, service: ServiceFacts, priority: string, now: Date): Decision<{ priority: string; serviceDay: string }> {
  const closure = service.active ? serviceClosure({ service, center }, now) : null;
  if (closure) return refuseClosure(closure);
  if (!isServiceOpen(service, center, now)) return refuse('SERVICE_CLOSED', 'this service is not taking tickets now');
  if (priority !== 'none') {
    if (!center.priorityCategories.some((c) => c.code === priority)) return refuse('VALIDATION_ERROR', `unknown priority category ${priority}`);
    if (!service.allowsPriority) return refuse('PRIORITY_NOT_ALLOWED', 'this service has no priority line');
  }
  return allow({ priority, serviceDay: serviceDay(now, center.timezone) });
}

/** The ticket's number of the day is within the service's daily cap; answers its code. */
export function decideNumber(service: Pick<ServiceFacts, 'dailyCap' | 'prefix'>, number: number): Decision<{ number: number; code: string }> {
  if (service.dailyCap !== null && number > service.dailyCap) return refuse('DAILY_CAP_REACHED', 'no more tickets for this service today');
  return allow({ number, code: ticketCode(service.prefix, number) });
}

/** A waiting ticket is cancelled by its holder. */
export function decideCancel(ticket: Pick<TicketFacts, 'status'>, nowIso: string): TicketDecision {
  const to = decideTransition(ticket.status, 'cancel');
  return to.ok ? allow({ changes: { status: to.status, finishedAt: nowIso } }) : to;
}

/** A lost ticket is printed again while its visit goes on (waiting, called or being served), never after. */
export function decideReprint(ticket: Pick<TicketFacts, 'status'>): Decision {
  return ticket.status === 'waiting' || ticket.status === 'called' || ticket.status === 'serving'
    ? allow({})
    : refuse('TICKET_NOT_ACTIVE', `a ${ticket.status} ticket has ended; issue a new one instead`);
}

/** Feedback is taken once, after the ticket was served. */
export function decideFeedback(ticket: Pick<TicketFacts, 'status' | 'rated'>, rating: number, comment: string | null): TicketDecision {
  const to = decideTransition(ticket.status, 'feedback');
  if (!to.ok) return to;
  if (ticket.rated) return refuse('FEEDBACK_NOT_ALLOWED', 'this ticket has already been rated');
  return allow({ changes: { status: to.status, rating, feedbackComment: comment } });
}

/** A counter calls a waiting ticket: the wait is measured once, at its first call; a transfer's target is cleared. */
export function decideCallTicket(ticket: TicketFacts, counterId: number, operatorId: number, nowIso: string): TicketDecision {
  const to = decideTransition(ticket.status, 'call');
  if (!to.ok) return to;
  return allow({
    changes: {
      status: to.status,
      calledAt: nowIso,
      firstCalledAt: ticket.firstCalledAt ?? nowIso,
      waitMs: ticket.waitMs ?? millisecondsBetween(ticket.issuedAt, nowIso),
      counterId,
      firstCounterId: ticket.firstCounterId ?? counterId,
      operatorId,
      transferCounterId: null,
      transferPlacement: null,
      holdUntil: null,
    },
  });
}

/** The called ticket is announced again. */
export function decideRecall(ticket: TicketFacts, nowIso: string): TicketDecision {
  const to = decideTransition(ticket.status, 'recall');
  return to.ok ? allow({ changes: { status: to.status, calledAt: nowIso, recallCount: ticket.recallCount + 1 } }) : to;
}

/** The citizen arrived: service begins. */
export function decideStart(ticket: TicketFacts, nowIso: string): TicketDecision {
  const to = decideTransition(ticket.status, 'start');
  return to.ok ? allow({ changes: { status: to.status, startedAt: nowIso } }) : to;
}

/** Service done; completed straight from `called`, the service counts from the call. */
export function decideComplete(ticket: TicketFacts, nowIso: string, outcome: string | null): TicketDecision {
  const to = decideTransition(ticket.status, 'complete');
  if (!to.ok) return to;
  const startedAt = ticket.startedAt ?? ticket.calledAt;
  return allow({
    changes: { status: to.status, startedAt, finishedAt: nowIso, serviceMs: startedAt ? millisecondsBetween(startedAt, nowIso) : null, outcome },
  });
}

/** The called citizen did not come. */
export function decideNoShow(ticket: TicketFacts, nowIso: string): TicketDecision {
  const to = decideTransition(ticket.status, 'no-show');
  return to.ok ? allow({ changes: { status: to.status, finishedAt: nowIso } }) : to;
}
