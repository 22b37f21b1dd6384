import crypto from 'node:crypto';
import type { Channel, Language, Ticket } from '@navbat/shared';
import type { CenterRow, NewTicket, ServiceRow } from '../db/schema';
import type { Executor } from '../db/database';
import { bumpDisplaySeq } from '../db/centers.repository';
import { takeNextNumber } from '../db/services.repository';
import { appendTicketEvent, insertTicket } from '../db/tickets.repository';
import { storeEstimateAtIssue, type EstimateAtIssue } from '../db/estimates.repository';
import { orThrow } from '../domain/decision';
import { decideIssue, decideNumber, type CenterFacts, type ServiceFacts } from '../domain/ticket-life';
import { toCenterFacts, toHoliday, toServiceFacts } from './views/center.view';
import { findHoliday } from '../db/closures.repository';
import { serviceDay as serviceDayOf } from '../domain/time';
import { viewTicketsWithLedger } from './views/ticket.view';
import type { DomainEvent } from './events';
import { journeyAtIssue } from './journeys';

// Not a service module: issuing (walk-in, remote) and check-in (an appointment's ticket) call it inside
// their own transaction.

const newPublicId = () => crypto.randomBytes(16).toString('base64url');

/** What a new ticket is, beyond its centre and service. */
export interface NewTicketFields {
  priority: string;
  channel: Channel;
  language: Language;
  phone: string | null;
  appointmentAt: string | null;
  /** False for a remote ticket: never called until it checks in. */
  arrived: boolean;
  /** The journey's later stops (default: the service's own `nextServiceIds`). */
  nextServiceIds?: readonly number[] | undefined;
}

/**
 * Issues a ticket inside the caller's transaction (walk-in, remote or an appointment's check-in): the
 * issuing rules (with the holiday of the day, unless the caller gives its own facts), its daily number, the row, its audit event, its estimate ledger and the display sequence.
 * The caller records the returned event in the outbox and publishes it after commit.
 */
export async function createTicket(
  trx: Executor,
  center: CenterRow,
  service: ServiceRow,
  fields: NewTicketFields,
  now: Date,
  given?: { center: CenterFacts; service: ServiceFacts },
): Promise<{ ticket: Ticket; event: DomainEvent & { type: 'ticket.issued' } }> {
  const nowIso = now.toISOString();
  const centerId = center.id;
  const facts = given ?? {
    center: toCenterFacts(center, toHoliday(await findHoliday(trx, centerId, serviceDayOf(now, center.timezone)))),
    service: toServiceFacts(service),
  };
  const { priority, serviceDay } = orThrow(decideIssue(facts.center, facts.service, fields.priority, now));
  const { number, code } = orThrow(decideNumber(facts.service, await takeNextNumber(trx, service.id, serviceDay)));
  const row = {
    public_id: newPublicId(),
    center_id: centerId,
    service_id: service.id,
    service_day: serviceDay,
    number,
    code,
    status: 'waiting',
    priority,
    channel: fields.channel,
    language: fields.language,
    phone: fields.phone,
    issued_at: nowIso,
    queued_at: nowIso,
    appointment_at: fields.appointmentAt,
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
    arrived: fields.arrived ? 1 : 0,
    arrival_due_at: null,
    hold_until: null,
    ...(await journeyAtIssue(trx, centerId, service, fields.nextServiceIds, nowIso)),
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
  return { ticket, event: { type: 'ticket.issued', centerId, ticketId: id, serviceId: service.id, seq, ticket } };
}
