import type { Channel, Language, Ticket } from '@navbat/shared';
import type { CenterRow, ServiceRow, TicketRow } from '../db/schema';
import type { Executor } from '../db/database';
import { bumpDisplaySeqLater } from '../db/centers.repository';
import { takeNextNumberLater } from '../db/services.repository';
import { appendTicketEvent, countAheadInLine, insertTicket, ticketIdLater } from '../db/tickets.repository';
import { orThrow } from '../domain/decision';
import { decideIssue, decideNumber, type CenterFacts, type ServiceFacts } from '../domain/ticket-life';
import { toCenterFacts, toHoliday, toServiceFacts } from './views/center.view';
import { findHoliday } from '../db/closures.repository';
import { serviceDay as serviceDayOf } from '../domain/time';
import { shouldComeNow } from '../domain/booking';
import { ledgerAt, viewWithLedger } from './views/ticket.view';
import { loadServiceFlowLater } from './views/estimate.view';
import { remoteJoinOf } from './views/booking.view';
import type { DomainEvent } from './events';
import { journeyAtIssue } from './journeys';
import { randomId } from './random-id';

// Not a service module: issuing (walk-in, remote) and check-in (an appointment's ticket) call it inside
// their own transaction.

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
  /** The staff member who issued it for a citizen (channel `staff`), in its audit trail. */
  issuedBy?: number | null;
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
  // Everything read before the number is taken: on PostgreSQL the service's number row stays locked from
  // there until commit, and every other ticket of the service waits for it (docs/PERFORMANCE.md, figure 8).
  // The hall's reads go out in the same round trip as the number and the count of the line ahead.
  const readFlow = await loadServiceFlowLater(trx, centerId, now, [service.id], center, true);
  const journey = await journeyAtIssue(trx, centerId, service, fields.nextServiceIds, nowIso);
  const readNumber = await takeNextNumberLater(trx, service.id, serviceDay);
  // On PostgreSQL the centre's display sequence and the ticket's id go out with the number too (the number's
  // row, then the centre's, locked in that order as before), so the insert and all after it go with the commit:
  // issuing waits for three round trips (docs/PERFORMANCE.md, figure 8).
  const readSeq = await bumpDisplaySeqLater(trx, centerId);
  const readId = await ticketIdLater(trx);
  // Its position and estimates are known before the row is written, so the accuracy ledger goes in with
  // the insert. Ids only grow, so the new ticket comes after every ticket of its class queued at the
  // same instant (`id: null`): the count is the one after its insert. On PostgreSQL the number goes out with it.
  const line = { center_id: centerId, service_id: service.id, queued_at: nowIso, transfer_placement: null, appointment_at: fields.appointmentAt, priority, hold_until: null, id: null };
  const position = 1 + (await countAheadInLine(trx, line, nowIso));
  const { number, code } = orThrow(decideNumber(facts.service, await readNumber()));
  const flow = await readFlow();
  const { ledger } = ledgerAt(service.id, position, flow);
  // One literal with every column in the table's order, as a row read back has them (one shape for V8 through the
  // views), its id set once the insert gives it (an undefined id is a column left out). Made by spreading a row and
  // adding columns it cost ~10 µs more an issue, and the views after it more (docs/PERFORMANCE.md, thirtieth session).
  const row = {
    id: undefined as number | undefined,
    public_id: randomId(),
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
    counter_id: null,
    first_counter_id: null,
    operator_id: null,
    transfer_counter_id: null,
    transfer_placement: null,
    recall_count: 0,
    outcome: null,
    rating: null,
    feedback_comment: null,
    wait_ms: null,
    service_ms: null,
    estimate_at_issue_s: ledger.estimateSeconds,
    estimate_low_s: ledger.low,
    estimate_high_s: ledger.high,
    naive_at_issue_s: ledger.naiveSeconds,
    arrived: fields.arrived ? 1 : 0,
    arrival_due_at: null,
    journey: journey.journey,
    stop_entered_at: journey.stop_entered_at,
    payment_amount_pkr: journey.payment_amount_pkr,
    psid: journey.psid,
    payment_status: journey.payment_status,
    paid_at: journey.paid_at,
    receipt_ref: journey.receipt_ref,
    awaiting_payment: journey.awaiting_payment,
    hold_until: null,
    push_subscribed: 0,
  } satisfies Omit<TicketRow, 'id'> & { id: undefined | number };
  // On PostgreSQL the insert and the audit event go out with the commit.
  const id = await insertTicket(trx, row, await readId());
  const stored: TicketRow = Object.assign(row, { id });
  await appendTicketEvent(trx, {
    ticketId: id,
    centerId,
    type: 'issued',
    at: nowIso,
    actorId: fields.issuedBy ?? null,
    counterId: null,
    data: { code, serviceId: service.id, priority, channel: row.channel },
  });
  // A remote ticket joining near the front is told at once to come (API.md "Remote join").
  const comeNow = shouldComeNow({ arrived: fields.arrived, position }, remoteJoinOf(center).confirmBy);
  const { ticket } = viewWithLedger(stored, null, position, flow, { comeNow, heldUntil: null });
  const seq = (await readSeq()) as number;
  return { ticket, event: { type: 'ticket.issued', centerId, ticketId: id, serviceId: service.id, seq, ticket } };
}
