/**
 * A counter's life as values: opening, pausing and closing a shift, who may operate it, and what its
 * calls and transfers decide. Every rule returns a `Decision`; the services turn a refusal into an error.
 */
import type { CounterStatus, Placement, TransferBody } from '@navbat/shared';
import { allow, refuse, type Decision, type Refusal } from './decision';
import { isEligible, pickNext, type CallContext, type QueueCandidate } from './call-order';
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
  ctx: Pick<CallContext, 'counterId' | 'weights'>,
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

/**
 * A transfer puts the counter's ticket back to `waiting`: in another service's line, or for one counter.
 * `sorted` keeps the original issue time; `front` goes ahead of everyone from now.
 */
export function decideTransfer(ticket: TicketFacts, fromCounterId: number, body: TransferBody, target: TransferTarget, nowIso: string): TicketDecision {
  const to = decideTransition(ticket.status, 'transfer');
  if (!to.ok) return to;
  const serviceId = body.serviceId ?? ticket.serviceId;
  if (!target.service) return refuse('SERVICE_NOT_FOUND', `no service ${serviceId} here`);
  if (!target.service.active) return refuse('TRANSFER_TARGET_INVALID', 'that service is deactivated');
  if (body.counterId !== undefined) {
    if (!target.counter) return refuse('COUNTER_NOT_FOUND', `no counter ${body.counterId} here`);
    if (target.counter.id === fromCounterId) return refuse('TRANSFER_TARGET_INVALID', 'a ticket cannot be transferred to its own counter');
  } else if (serviceId === ticket.serviceId) {
    return refuse('TRANSFER_TARGET_INVALID', 'transfer to another service or to a counter');
  }
  const placement: Placement = body.placement ?? 'sorted';
  const changes: TicketChanges = {
    status: to.status,
    serviceId,
    queuedAt: placement === 'front' ? nowIso : ticket.issuedAt,
    transferCounterId: body.counterId ?? null,
    transferPlacement: placement,
    counterId: null,
    calledAt: null,
    startedAt: null,
  };
  return allow({ changes });
}
