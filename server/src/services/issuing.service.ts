import crypto from 'node:crypto';
import { AppError, type IssueTicketBody, type Ticket } from '@navbat/shared';
import type { ServiceContext } from './context';
import type { NewTicket } from '../db/schema';
import { inTransaction, rollback, RetryCommand } from '../db/transaction';
import { bumpDisplaySeq, findCenter } from '../db/centers.repository';
import { findService, takeNextNumber } from '../db/services.repository';
import { appendTicketEvent, insertTicket } from '../db/tickets.repository';
import { findIdempotentAnswer, storeIdempotentAnswer } from '../db/idempotency.repository';
import { orThrow } from '../domain/decision';
import { decideIssue, decideNumber } from '../domain/ticket-life';
import { toCenterFacts, toServiceFacts } from './views/center.view';
import type { DomainEvent } from './events';
import { recordOutbox } from './outbox';
import { journeyAtIssue } from './journeys';
import { viewTicketsWithLedger } from './views/ticket.view';
import { storeEstimateAtIssue, type EstimateAtIssue } from '../db/estimates.repository';

/** What issuing answers: the ticket, and whether it is the stored answer to an Idempotency-Key seen before. */
export interface IssueResult {
  ticket: Ticket;
  replayed: boolean;
}

const newPublicId = () => crypto.randomBytes(16).toString('base64url');

const hashRequest = (value: unknown) => crypto.createHash('sha256').update(JSON.stringify(value)).digest('hex');

/**
 * Takes a ticket. With an Idempotency-Key, a repeated request answers the first answer again (the same
 * ticket) and issues nothing; the same key with another body is refused.
 */
export async function issue(
  ctx: ServiceContext,
  centerId: string,
  body: IssueTicketBody,
  idempotencyKey: string | undefined,
  channel: 'kiosk' | 'web' | 'staff' = 'kiosk',
): Promise<IssueResult> {
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const scope = `tickets:${centerId}`;
  const requestHash = hashRequest(body);
  const outcome = await inTransaction(ctx.database, async (trx) => {
    // The center row lock (the display sequence) is taken last, just before commit, so concurrent issues
    // (on PostgreSQL) hold it only briefly: numbers are serialized by their own row per service and day,
    // and a race on the same Idempotency-Key is caught when its answer is stored.
    if (idempotencyKey !== undefined) {
      const stored = await findIdempotentAnswer(trx, scope, idempotencyKey);
      if (stored) {
        if (stored.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used with a different request');
        return rollback({ replayed: true as const, ticket: (JSON.parse(stored.response) as { ticket: Ticket }).ticket });
      }
    }
    const center = await findCenter(trx, centerId);
    if (!center) throw new AppError('CENTER_NOT_FOUND', `no center ${centerId}`);
    const service = await findService(trx, body.serviceId);
    if (!service || service.center_id !== centerId) throw new AppError('SERVICE_NOT_FOUND', `no service ${body.serviceId} here`);
    const serviceFacts = toServiceFacts(service);
    const { priority, serviceDay } = orThrow(decideIssue(toCenterFacts(center), serviceFacts, body.priority ?? 'none', now));
    const { number, code } = orThrow(decideNumber(serviceFacts, await takeNextNumber(trx, service.id, serviceDay)));
    const row = {
      public_id: newPublicId(),
      center_id: centerId,
      service_id: service.id,
      service_day: serviceDay,
      number,
      code,
      status: 'waiting',
      priority,
      channel: body.channel ?? channel,
      language: body.language ?? 'en',
      phone: body.phone ?? null,
      issued_at: nowIso,
      queued_at: nowIso,
      appointment_at: null,
      first_called_at: null,
      called_at: null,
      started_at: null,
      finished_at: null,
      wait_ms: null,
      service_ms: null,
      counter_id: null,
      first_counter_id: null,
      operator_id: null,
      transfer_counter_id: null,
      transfer_placement: null,
      recall_count: 0,
      outcome: null,
      rating: null,
      feedback_comment: null,
      estimate_at_issue_s: null,
      estimate_low_s: null,
      estimate_high_s: null,
      naive_at_issue_s: null,
      ...(await journeyAtIssue(trx, centerId, service, body.nextServiceIds, nowIso)),
    } satisfies NewTicket;
    const id = await insertTicket(trx, row);
    await appendTicketEvent(trx, {
      ticketId: id,
      centerId,
      type: 'issued',
      at: nowIso,
      actorId: null,
      counterId: null,
      data: { code, serviceId: service.id, priority, channel: row.channel },
    });
    const [{ ticket, ledger }] = (await viewTicketsWithLedger(trx, [{ ...row, id }], now)) as [{ ticket: Ticket; ledger: EstimateAtIssue }];
    await storeEstimateAtIssue(trx, id, ledger);
    const seq = (await bumpDisplaySeq(trx, centerId)) as number;
    if (idempotencyKey !== undefined) {
      const stored = await storeIdempotentAnswer(trx, {
        scope,
        key: idempotencyKey,
        requestHash,
        statusCode: 201,
        response: JSON.stringify({ ticket }),
        createdAt: nowIso,
      });
      // Another request with this key committed first: run again, which answers with its ticket.
      if (!stored) throw new RetryCommand('a concurrent request stored this Idempotency-Key first');
    }
    const event: DomainEvent = { type: 'ticket.issued', centerId, ticketId: id, serviceId: service.id, seq, ticket };
    await recordOutbox(trx, [event], now);
    return { replayed: false as const, ticket, event };
  });
  if (outcome.replayed) return { ticket: outcome.ticket, replayed: true };
  ctx.publish([outcome.event]);
  return { ticket: outcome.ticket, replayed: false };
}
