/**
 * A counter's life as values: opening, pausing and closing a shift, who may operate it, and what its
 * calls and transfers decide. Every rule returns a `Decision`; the services turn a refusal into an error.
 */
import type { CounterStatus, CounterTicketAction, Placement, TransferBody } from '@navbat/shared';
import { allow, refuse, type Decision, type Refusal } from './decision';
import { isEligible, isHeld, pickNext, type CallContext, type QueueCandidate } from './call-order';
import { decideTransition, type TicketChanges, type TicketDecision, type TicketFacts } from './ticket-life';

export interface CounterFacts {
  id: number;
  status: CounterStatus;
  operatorId: number | null;
  active: boolean;
  hasTicket: boolean;
  statusSince: string;
}

/** Who asks: a user, and whether they may act on any counter. */
export interface Actor {
  userId: number;
  isSupervisor: boolean;
}

/** What a shift command writes on a counter, in the domain's words. */
export interface CounterChanges {
  status: CounterStatus;
  operatorId?: number | null;
  pauseReason?: string | null;
  statusSince: string;
  priorityStreak?: number;
}

export type CounterDecision = Decision<{ changes: CounterChanges }>;

/** Commands on a counter come from its operator; supervisors may act on any counter, but not a closed one. */
export function decideOperates(counter: CounterFacts, actor: Actor): Refusal | null {
  if (counter.status === 'closed') return refuse('COUNTER_NOT_OPEN', 'open the counter first');
  if (!actor.isSupervisor && counter.operatorId !== actor.userId) return refuse('COUNTER_NOT_YOURS', 'this counter is worked by another operator');
  return null;
}

/** Opening (or resuming) a counter: one operator per counter, one counter per operator. */
export function decideOpen(counter: CounterFacts, actor: Actor, actorCounterId: number | null, nowIso: string): CounterDecision {
  if (!counter.active) return refuse('COUNTER_INACTIVE', 'this counter is deactivated');
  if (counter.operatorId !== null && counter.operatorId !== actor.userId) return refuse('COUNTER_BUSY', 'another operator works this counter');
  if (actorCounterId !== null && actorCounterId !== counter.id) return refuse('COUNTER_BUSY', 'you already work another counter; close it first');
  return allow({
    changes: { status: 'open', operatorId: actor.userId, pauseReason: null, statusSince: counter.status === 'open' ? counter.statusSince : nowIso },
  });
}

/** Pausing takes an open counter and a reason. */
export function decidePause(counter: CounterFacts, actor: Actor, reason: string, nowIso: string): CounterDecision {
  const refused = decideOperates(counter, actor);
  if (refused) return refused;
  if (counter.status !== 'open') return refuse('COUNTER_NOT_OPEN', `the counter is ${counter.status}`);
  return allow({ changes: { status: 'paused', pauseReason: reason, statusSince: nowIso } });
}

/** Closing frees the counter; closing a closed counter changes nothing but is not refused. */
export function decideClose(counter: CounterFacts, actor: Actor, nowIso: string): CounterDecision {
  if (counter.status !== 'closed') {
    const refused = decideOperates(counter, actor);
    if (refused) return refused;
  }
  if (counter.hasTicket) return refuse('COUNTER_HAS_TICKET', 'finish the current ticket first');
  return allow({
    changes: { status: 'closed', operatorId: null, pauseReason: null, priorityStreak: 0, statusSince: counter.status === 'closed' ? counter.statusSince : nowIso },
  });
}

/** A counter calls only while open, worked by the asker, and empty-handed. */
export function decideCanCall(counter: CounterFacts, actor: Actor): Refusal | null {
  const refused = decideOperates(counter, actor);
  if (refused) return refused;
  if (counter.status !== 'open') return refuse('COUNTER_NOT_OPEN', `the counter is ${counter.status}`);
  if (counter.hasTicket) return refuse('COUNTER_HAS_TICKET', 'finish the current ticket first');
  return null;
}

/** What call-next decided: the ticket to call, or that nobody waits for this counter. */
export type CallDecision = Decision<{ kind: 'call'; ticketId: number } | { kind: 'empty' }>;

/** Call-next: the counter may call, and the call order picks among the waiting `candidates`. */
export function decideCall(counter: CounterFacts, actor: Actor, candidates: readonly QueueCandidate[], ctx: CallContext): CallDecision {
  const refused = decideCanCall(counter, actor);
  if (refused) return refused;
  const next = pickNext(candidates, ctx);
  return next ? allow({ kind: 'call' as const, ticketId: next.id }) : allow({ kind: 'empty' as const });
}

/** Calling one ticket by hand (`ticket` null when it is not in this centre): it is here, waiting, and this counter may serve it. */
export function decideCallSpecific(
  counter: CounterFacts,
  actor: Actor,
  ticketId: number,
  ticket: (QueueCandidate & Pick<TicketFacts, 'status'>) | null,
  ctx: Pick<CallContext, 'counterId' | 'weights' | 'now'>,
): Decision<{ kind: 'call'; ticketId: number }> {
  const refused = decideCanCall(counter, actor);
  if (refused) return refused;
  if (!ticket) return refuse('TICKET_NOT_FOUND', `no ticket ${ticketId} here`);
  const to = decideTransition(ticket.status, 'call');
  if (!to.ok) return to;
  if (!isEligible(ticket, ctx)) return refuse('TICKET_NOT_ELIGIBLE', 'this counter does not serve that ticket');
  return allow({ kind: 'call' as const, ticketId });
}

/** A command on the ticket the counter holds: the asker operates the counter, and it holds one. */
export function decideOnCurrent<T extends object>(counter: CounterFacts, actor: Actor, current: T | undefined): Decision<{ ticket: T }> {
  const refused = decideOperates(counter, actor);
  if (refused) return refused;
  if (!current) return refuse('NO_CURRENT_TICKET', 'this counter holds no ticket');
  return allow({ ticket: current });
}

/** Where a transfer sends a ticket, as found in the centre (null: not there). */
export interface TransferTarget {
  service: { id: number; active: boolean } | null;
  /** Only when the body names a counter. */
  counter?: { id: number } | null;
}

/** Where a ticket goes back to `waiting`: `front` goes ahead of everyone from now, `sorted` keeps its issue time. */
function requeued(ticket: TicketFacts, serviceId: number, counterId: number | null, placement: Placement, nowIso: string): TicketChanges {
  return {
    status: 'waiting',
    serviceId,
    queuedAt: placement === 'front' ? nowIso : ticket.issuedAt,
    transferCounterId: counterId,
    transferPlacement: placement,
    counterId: null,
    calledAt: null,
    startedAt: null,
    holdUntil: null,
  };
}

/** The target of a transfer or a move exists in the centre and takes tickets. */
function checkTarget(body: TransferBody, target: TransferTarget, serviceId: number): Refusal | null {
  if (!target.service) return refuse('SERVICE_NOT_FOUND', `no service ${serviceId} here`);
  if (!target.service.active) return refuse('TRANSFER_TARGET_INVALID', 'that service is deactivated');
  if (body.counterId !== undefined && !target.counter) return refuse('COUNTER_NOT_FOUND', `no counter ${body.counterId} here`);
  return null;
}

/**
 * A transfer puts the counter's ticket back to `waiting`: in another service's line, or for one counter.
 * `sorted` keeps the original issue time; `front` goes ahead of everyone from now.
 */
export function decideTransfer(ticket: TicketFacts, fromCounterId: number, body: TransferBody, target: TransferTarget, nowIso: string): TicketDecision {
  const to = decideTransition(ticket.status, 'transfer');
  if (!to.ok) return to;
  const serviceId = body.serviceId ?? ticket.serviceId;
  const refused = checkTarget(body, target, serviceId);
  if (refused) return refused;
  if (body.counterId !== undefined) {
    if (body.counterId === fromCounterId) return refuse('TRANSFER_TARGET_INVALID', 'a ticket cannot be transferred to its own counter');
  } else if (serviceId === ticket.serviceId) {
    return refuse('TRANSFER_TARGET_INVALID', 'transfer to another service or to a counter');
  }
  return allow({ changes: requeued(ticket, serviceId, body.counterId ?? null, body.placement ?? 'sorted', nowIso) });
}

/**
 * A supervisor moves a waiting ticket (held ones included) to another service's line or to one counter,
 * by the same placements as a transfer; it must end up somewhere else than where it waits now.
 */
export function decideReassign(ticket: TicketFacts, body: TransferBody, target: TransferTarget, nowIso: string): TicketDecision {
  const to = decideTransition(ticket.status, 'reassign');
  if (!to.ok) return to;
  const serviceId = body.serviceId ?? ticket.serviceId;
  const refused = checkTarget(body, target, serviceId);
  if (refused) return refused;
  const sentTo = ticket.transferCounterId ?? null;
  const samePlace = body.counterId !== undefined ? body.counterId === sentTo : serviceId === ticket.serviceId && sentTo === null;
  if (samePlace) return refuse('TRANSFER_TARGET_INVALID', 'the ticket already waits there: move it to another service or counter');
  return allow({ changes: requeued(ticket, serviceId, body.counterId ?? null, body.placement ?? 'sorted', nowIso) });
}

/** A counter's ticket goes back to its own service's line (a supervisor closes or pauses the counter). */
export function decideRequeue(ticket: TicketFacts, placement: Placement, nowIso: string): TicketDecision {
  const to = decideTransition(ticket.status, 'transfer');
  return to.ok ? allow({ changes: requeued(ticket, ticket.serviceId, null, placement, nowIso) }) : to;
}

/** The longest an operator may hold a ticket aside, in minutes. */
export const maxHoldMinutes = 240;

/**
 * The operator holds the ticket being called or served aside for `minutes` (the citizen fetches a
 * document): it stays `waiting`, for this counter only, and nobody calls it until it is released or the
 * hold runs out; then it is first of this counter's calls (domain/call-order, class `returned`).
 */
export function decideHold(ticket: TicketFacts, counterId: number, minutes: number, now: Date): TicketDecision {
  const to = decideTransition(ticket.status, 'hold');
  if (!to.ok) return to;
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > maxHoldMinutes) return refuse('VALIDATION_ERROR', `hold for 1–${maxHoldMinutes} minutes`);
  const holdUntil = new Date(now.getTime() + minutes * 60_000).toISOString();
  // Its queue time is kept: returned tickets of one counter are called in the order they first queued.
  // `counterId` stays: the ticket's view says which counter holds it (the citizen's phone shows its name).
  return allow({ changes: { status: to.status, transferCounterId: counterId, transferPlacement: null, counterId, calledAt: null, startedAt: null, holdUntil } });
}

/** The counter's operator releases a ticket it holds (`ticket` null: not in this centre): from now it is first of this counter's calls. */
export function decideRelease(counter: CounterFacts, actor: Actor, ticket: TicketFacts | null, nowIso: string): TicketDecision {
  const refused = decideOperates(counter, actor);
  if (refused) return refused;
  if (!ticket) return refuse('TICKET_NOT_FOUND', 'no such ticket');
  const to = decideTransition(ticket.status, 'release');
  if (!to.ok) return to;
  if (ticket.transferCounterId !== counter.id || !isHeld({ holdUntil: ticket.holdUntil ?? null }, nowIso)) {
    return refuse('TICKET_NOT_HELD', 'this counter holds no such ticket (a hold that ran out is already back in its calls)');
  }
  return allow({ changes: { status: to.status, holdUntil: nowIso } });
}

/** A supervisor closes or pauses a counter: one that holds a ticket needs to be told what happens to it. */
export function decideTicketAction(counter: CounterFacts, action: CounterTicketAction | undefined): Decision {
  if (counter.hasTicket && action === undefined) {
    return refuse('COUNTER_HAS_TICKET', 'the counter holds a ticket: say what happens to it (ticketAction requeue_front, requeue_sorted or no_show)');
  }
  return allow({});
}

/** The last moment a no-show that ended at `finishedAt` may be re-opened (null: it never ended, so never). */
export function reopenUntil(finishedAt: string | null | undefined, graceMinutes: number): Date | null {
  const finished = finishedAt ? Date.parse(finishedAt) : Number.NaN;
  return Number.isNaN(finished) ? null : new Date(finished + graceMinutes * 60_000);
}

/** Whether a no-show that ended at `finishedAt` is still within the grace period at `now`. */
export function isReopenable(finishedAt: string | null | undefined, graceMinutes: number, now: Date): boolean {
  const until = reopenUntil(finishedAt, graceMinutes);
  return until !== null && now.getTime() <= until.getTime();
}

/** A supervisor re-opens a no-show within the grace period: it waits again, at the front of its service's line. */
export function decideReopen(ticket: TicketFacts, graceMinutes: number, now: Date): TicketDecision {
  const to = decideTransition(ticket.status, 'reopen');
  if (!to.ok) return to;
  if (!isReopenable(ticket.finishedAt, graceMinutes, now)) return refuse('REOPEN_TOO_LATE', `a no-show can be re-opened within ${graceMinutes} minutes`);
  return allow({ changes: { ...requeued(ticket, ticket.serviceId, null, 'front', now.toISOString()), finishedAt: null } });
}
