import type { JourneyStop } from '@navbat/shared';
import type { Executor } from '../db/database';
import type { TicketRow, TicketUpdate } from '../db/schema';
import { findService, listServices } from '../db/services.repository';
import { toTicketUpdate } from '../db/tickets.repository';
import { orThrow } from '../domain/decision';
import { decideJourney, decideMoveToStop, decideStopCompletion, type JourneyServiceFacts } from '../domain/journey';
import { paymentForStop } from '../domain/payment';
import { feeOf, paymentColumns, toJourney } from './views/journey.view';
import { toTicketFacts } from './views/ticket.view';
import type { TicketCommand } from '../domain/ticket-life';

// The journey part of issuing and of `complete` (not a service module: issuing and calls use it).

/** The services of a centre as a journey sees them. */
export async function journeyServiceFacts(ex: Executor, centerId: string): Promise<Map<number, JourneyServiceFacts>> {
  return new Map((await listServices(ex, centerId)).map((s) => [s.id, { id: s.id, centerId: s.center_id, active: s.active === 1 }]));
}

/** The journey and payment columns of a new ticket: its stops (the body's or the service's default) and the first stop's fee. */
export async function journeyAtIssue(
  ex: Executor,
  centerId: string,
  service: { id: number; next_service_ids: string; fee: string | null; pay_before_call: number },
  nextServiceIds: readonly number[] | undefined,
  nowIso: string,
) {
  const next = nextServiceIds ?? (JSON.parse(service.next_service_ids) as number[]);
  const { journey } = orThrow(decideJourney(centerId, service.id, next, next.length > 0 ? await journeyServiceFacts(ex, centerId) : new Map(), nowIso));
  const { fee, payBeforeCall } = feeOf(service);
  return { journey: journey ? JSON.stringify(journey) : null, stop_entered_at: null, ...paymentColumns(paymentForStop(fee, payBeforeCall)) };
}

/** How `complete` ends for a ticket on a journey: what to write and what to tell. */
export interface StopOutcome {
  patch: TicketUpdate;
  command: TicketCommand;
  eventType: string;
  data: Record<string, unknown>;
  serviceIds: number[];
}

/**
 * `complete` on a journey ticket: with a pending stop left (and no `endJourney`) the ticket waits in the
 * next stop's line with the next stop's fee; otherwise it is done, with its journey closed. Answers null
 * for a ticket without a journey (a plain completion).
 */
export async function completeStop(ex: Executor, current: TicketRow, donePatch: TicketUpdate, endJourney: boolean, nowIso: string, outcome: string | undefined): Promise<StopOutcome | null> {
  const journey = toJourney(current);
  if (!journey) return null;
  const step = decideStopCompletion(journey, endJourney, nowIso);
  if (step.kind === 'finish') {
    return {
      patch: { ...donePatch, journey: stringify(step.journey) },
      command: 'complete',
      eventType: 'completed',
      data: { ...(outcome ? { outcome } : {}), serviceId: current.service_id, ...(step.skipped.length > 0 ? { journeyEnded: true, skippedServiceIds: step.skipped } : {}) },
      serviceIds: [],
    };
  }
  const service = await findService(ex, step.next.serviceId);
  const { fee, payBeforeCall } = service ? feeOf(service) : { fee: null, payBeforeCall: false };
  const moved = orThrow(decideMoveToStop(toTicketFacts(current), step.next.serviceId)).changes;
  return {
    patch: { ...toTicketUpdate(moved), journey: stringify(step.journey), stop_entered_at: nowIso, ...paymentColumns(paymentForStop(fee, payBeforeCall)) },
    command: 'move',
    eventType: 'moved',
    data: {
      ...(outcome ? { outcome } : {}),
      fromServiceId: current.service_id,
      toServiceId: step.next.serviceId,
      // The fee of the stop left behind stays on the record.
      ...(current.payment_status !== null ? { previousPayment: { amountPkr: current.payment_amount_pkr, psid: current.psid, status: current.payment_status, receiptRef: current.receipt_ref } } : {}),
    },
    serviceIds: [current.service_id, step.next.serviceId],
  };
}

const stringify = (journey: JourneyStop[] | null) => (journey ? JSON.stringify(journey) : null);
