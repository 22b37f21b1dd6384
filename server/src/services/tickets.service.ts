import crypto from 'node:crypto';
import { AppError, type FeedbackBody, type IssueTicketBody, type Ticket, type PriorityCategory, type TicketEvent } from '@navbat/shared';
import type { ServiceContext } from './context';
import type { DomainEvent } from './events';
import { inTransaction, RetryCommand } from '../db/transaction';
import { bumpDisplaySeq, findCenter, listCenters } from '../db/centers.repository';
import { findService, takeNextNumber } from '../db/services.repository';
import {
  appendTicketEvent,
  expireWaitingBefore,
  findTicket,
  findTicketByPublicId,
  insertTicket,
  listTicketEvents,
  listWaiting,
  updateTicketIf,
} from '../db/tickets.repository';
import { findIdempotentAnswer, storeIdempotentAnswer } from '../db/idempotency.repository';
import { parseJson } from '../db/json';
import { serviceDay } from '../domain/time';
import { ticketCode } from '../domain/numbering';
import { assertFeedbackAllowed, transition } from '../domain/ticket-state';
import { lineOrder } from '../domain/call-order';
import { isServiceOpen } from './views/center.view';
import { toCandidate, viewTicket, viewTickets } from './views/ticket.view';

/** Thrown inside a transaction to roll it back and answer with what was stored for the key. */
class IdempotentReplay extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: unknown,
  ) {
    super('replay');
  }
}

/** Rolls back a transaction that found nothing to do. */
export class NothingToDo extends Error {
  constructor() {
    super('nothing to do');
  }
}

export interface IssueResult {
  statusCode: number;
  body: { ticket: Ticket };
}

const newPublicId = () => crypto.randomBytes(16).toString('base64url');

const hashRequest = (value: unknown) => crypto.createHash('sha256').update(JSON.stringify(value)).digest('hex');

export function createTicketsService(ctx: ServiceContext) {
  const { database, clock } = ctx;

  async function issue(centerId: string, body: IssueTicketBody, idempotencyKey: string | undefined, channel: 'kiosk' | 'web' | 'staff' = 'kiosk'): Promise<IssueResult> {
    const now = clock.now();
    const nowIso = now.toISOString();
    const scope = `tickets:${centerId}`;
    const requestHash = hashRequest(body);
    try {
      const { result, seq, serviceId } = await inTransaction(database, async (trx) => {
        // The center row lock (the display sequence) is taken last, just before commit, so concurrent issues
        // (on PostgreSQL) hold it only briefly: numbers are serialized by their own row per service and day,
        // and a race on the same Idempotency-Key is caught when its answer is stored.
        if (idempotencyKey !== undefined) {
          const stored = await findIdempotentAnswer(trx, scope, idempotencyKey);
          if (stored) {
            if (stored.requestHash !== requestHash) {
              throw new AppError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used with a different request');
            }
            throw new IdempotentReplay(stored.statusCode, JSON.parse(stored.response));
          }
        }
        const center = await findCenter(trx, centerId);
        if (!center) throw new AppError('CENTER_NOT_FOUND', `no center ${centerId}`);
        const service = await findService(trx, body.serviceId);
        if (!service || service.center_id !== centerId) throw new AppError('SERVICE_NOT_FOUND', `no service ${body.serviceId} here`);
        if (!isServiceOpen(service, center, now)) throw new AppError('SERVICE_CLOSED', 'this service is not taking tickets now');
        const priority = body.priority ?? 'none';
        if (priority !== 'none') {
          const categories = parseJson<PriorityCategory[]>(center.priority_categories) ?? [];
          if (!categories.some((c) => c.code === priority)) throw new AppError('VALIDATION_ERROR', `unknown priority category ${priority}`);
          if (service.allows_priority !== 1) throw new AppError('PRIORITY_NOT_ALLOWED', 'this service has no priority line');
        }
        const day = serviceDay(now, center.timezone);
        const number = await takeNextNumber(trx, service.id, day);
        if (service.daily_cap !== null && number > service.daily_cap) {
          throw new AppError('DAILY_CAP_REACHED', 'no more tickets for this service today');
        }
        const row = {
          public_id: newPublicId(),
          center_id: centerId,
          service_id: service.id,
          service_day: day,
          number,
          code: ticketCode(service.prefix, number),
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
        };
        const id = await insertTicket(trx, row);
        await appendTicketEvent(trx, {
          ticketId: id,
          centerId,
          type: 'issued',
          at: nowIso,
          actorId: null,
          counterId: null,
          data: { code: row.code, serviceId: service.id, priority, channel: row.channel },
        });
        const ticket = await viewTicket(trx, { ...row, id }, now);
        const result: IssueResult = { statusCode: 201, body: { ticket } };
        const seq = (await bumpDisplaySeq(trx, centerId)) as number;
        if (idempotencyKey !== undefined) {
          const stored = await storeIdempotentAnswer(trx, {
            scope,
            key: idempotencyKey,
            requestHash,
            statusCode: 201,
            response: JSON.stringify(result.body),
            createdAt: nowIso,
          });
          // Another request with this key committed first: run again, which answers with its ticket.
          if (!stored) throw new RetryCommand('a concurrent request stored this Idempotency-Key first');
        }
        return { result, seq, serviceId: service.id };
      });
      ctx.publish([{ type: 'ticket.issued', centerId, ticketId: result.body.ticket.id, serviceId, seq }]);
      return result;
    } catch (error) {
      if (error instanceof IdempotentReplay) return { statusCode: error.statusCode, body: error.body as IssueResult['body'] };
      throw error;
    }
  }

  async function getByPublicId(publicId: string): Promise<Ticket> {
    const row = await findTicketByPublicId(database.db, publicId);
    if (!row) throw new AppError('TICKET_NOT_FOUND', 'no such ticket');
    return viewTicket(database.db, row, clock.now());
  }

  async function cancel(publicId: string): Promise<Ticket> {
    const now = clock.now();
    const { ticket, events } = await inTransaction(database, async (trx) => {
      const found = await findTicketByPublicId(trx, publicId);
      if (!found) throw new AppError('TICKET_NOT_FOUND', 'no such ticket');
      const seq = (await bumpDisplaySeq(trx, found.center_id))!;
      const row = (await findTicket(trx, found.id))!;
      const status = transition(row.status as Ticket['status'], 'cancel');
      await updateTicketIf(trx, row.id, 'waiting', { status, finished_at: now.toISOString() });
      await appendTicketEvent(trx, { ticketId: row.id, centerId: row.center_id, type: 'cancelled', at: now.toISOString(), actorId: null, counterId: null });
      const ticket = await viewTicket(trx, { ...row, status, finished_at: now.toISOString() }, now);
      const events: DomainEvent[] = [{ type: 'ticket.changed', centerId: row.center_id, ticketId: row.id, serviceIds: [row.service_id], seq, command: 'cancel' }];
      return { ticket, events };
    });
    ctx.publish(events);
    return ticket;
  }

  async function feedback(publicId: string, body: FeedbackBody): Promise<void> {
    const now = clock.now();
    const events = await inTransaction(database, async (trx) => {
      const row = await findTicketByPublicId(trx, publicId);
      if (!row) throw new AppError('TICKET_NOT_FOUND', 'no such ticket');
      assertFeedbackAllowed(row.status as Ticket['status'], row.rating !== null);
      await updateTicketIf(trx, row.id, 'done', { rating: body.rating, feedback_comment: body.comment ?? null });
      await appendTicketEvent(trx, {
        ticketId: row.id,
        centerId: row.center_id,
        type: 'rated',
        at: now.toISOString(),
        actorId: null,
        counterId: row.counter_id,
        data: { rating: body.rating, ...(body.comment ? { comment: body.comment } : {}) },
      });
      return [{ type: 'ticket.changed', centerId: row.center_id, ticketId: row.id, serviceIds: [], seq: 0, command: 'feedback' }] satisfies DomainEvent[];
    });
    ctx.publish(events);
  }

  /** Waiting tickets of a center in call order (counter-independent: front, appointments, priority, FIFO). */
  async function queue(centerId: string): Promise<Ticket[]> {
    const now = clock.now();
    if (!(await findCenter(database.db, centerId))) throw new AppError('CENTER_NOT_FOUND', `no center ${centerId}`);
    const waiting = await listWaiting(database.db, centerId);
    const byId = new Map(waiting.map((t) => [t.id, t]));
    const ordered = lineOrder(waiting.map(toCandidate), now).map((c) => byId.get(c.id)!);
    return viewTickets(database.db, ordered, now);
  }

  async function events(ticketId: number): Promise<TicketEvent[]> {
    const row = await findTicket(database.db, ticketId);
    if (!row) throw new AppError('TICKET_NOT_FOUND', 'no such ticket');
    const rows = await listTicketEvents(database.db, ticketId);
    return rows.map((e) => ({
      type: e.type,
      at: e.at,
      actor: e.actor_id !== null ? { id: e.actor_id, username: e.actor_username ?? '', name: e.actor_name ?? '' } : null,
      counterId: e.counter_id,
      data: e.data ? (JSON.parse(e.data) as Record<string, unknown>) : {},
    }));
  }

  /** Ends the day: tickets still waiting from an earlier local day become `expired`. */
  async function expireStale(): Promise<number> {
    const now = clock.now();
    let total = 0;
    for (const center of await listCenters(database.db)) {
      const today = serviceDay(now, center.timezone);
      try {
        const event = await inTransaction(database, async (trx) => {
          const seq = (await bumpDisplaySeq(trx, center.id))!;
          const expired = await expireWaitingBefore(trx, center.id, today, now.toISOString());
          if (expired.length === 0) throw new NothingToDo();
          for (const t of expired) {
            await appendTicketEvent(trx, { ticketId: t.id, centerId: center.id, type: 'expired', at: now.toISOString(), actorId: null, counterId: null });
          }
          return {
            type: 'tickets.expired',
            centerId: center.id,
            ticketIds: expired.map((t) => t.id),
            serviceIds: [...new Set(expired.map((t) => t.service_id))],
            seq,
          } satisfies DomainEvent;
        });
        total += event.ticketIds.length;
        ctx.publish([event]);
      } catch (error) {
        if (!(error instanceof NothingToDo)) throw error;
      }
    }
    return total;
  }

  return { issue, getByPublicId, cancel, feedback, queue, events, expireStale };
}

export type TicketsService = ReturnType<typeof createTicketsService>;
