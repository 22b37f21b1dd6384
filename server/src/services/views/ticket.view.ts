import type { Ticket, WaitRange } from '@navbat/shared';
import type { CounterRow, TicketRow } from '../../db/schema';
import type { Executor } from '../../db/database';
import { countAheadInLine, listLineCandidates } from '../../db/tickets.repository';
import { findCounterNames } from '../../db/counters.repository';
import { findCenter } from '../../db/centers.repository';
import { shouldComeNow } from '../../domain/booking';
import { remoteJoinOf } from './booking.view';
import type { EstimateAtIssue } from '../../db/estimates.repository';
import { isHeld, serviceLine, type QueueCandidate } from '../../domain/call-order';
import type { TicketFacts } from '../../domain/ticket-life';
import { toJourney, toPayment } from './journey.view';
import { flowNaiveEstimate, flowWaitEstimate, loadServiceFlow, toWaitRange, type ServiceFlow } from './estimate.view';
import type { WaitEstimate } from '../../domain/estimate';

/** Maps a stored ticket to its API shape. The phone number never leaves the server. */
export function publicTicketProjection(
  row: TicketRow,
  extras: { counterName: string | null; position: number | null; estimatedWaitSeconds: number | null; estimatedWaitRange: WaitRange | null; comeNow?: boolean; heldUntil?: string | null },
): Ticket {
  return {
    id: row.id,
    publicId: row.public_id,
    centerId: row.center_id,
    serviceId: row.service_id,
    code: row.code,
    number: row.number,
    status: row.status,
    priority: row.priority,
    channel: row.channel,
    language: row.language,
    position: extras.position,
    estimatedWaitSeconds: extras.estimatedWaitSeconds,
    estimatedWaitRange: extras.estimatedWaitRange,
    issuedAt: row.issued_at,
    calledAt: row.called_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    counterId: row.counter_id,
    counterName: extras.counterName,
    outcome: row.outcome,
    rated: row.rating !== null,
    journey: toJourney(row),
    payment: toPayment(row),
    awaitingPayment: row.awaiting_payment === 1,
    arrived: row.arrived !== 0,
    appointmentAt: row.appointment_at,
    comeNow: extras.comeNow ?? false,
    heldUntil: extras.heldUntil ?? null,
  };
}

type CandidateColumns = Pick<TicketRow, 'id' | 'service_id' | 'priority' | 'queued_at' | 'issued_at' | 'appointment_at' | 'transfer_counter_id' | 'transfer_placement'> &
  Partial<Pick<TicketRow, 'stop_entered_at' | 'awaiting_payment' | 'arrived' | 'hold_until'>>;

export function toCandidate(row: CandidateColumns): QueueCandidate {
  return {
    id: row.id,
    serviceId: row.service_id,
    priority: row.priority,
    queuedAt: row.queued_at,
    issuedAt: row.issued_at,
    appointmentAt: row.appointment_at,
    transferCounterId: row.transfer_counter_id,
    transferPlacement: row.transfer_placement === 'front' || row.transfer_placement === 'sorted' ? row.transfer_placement : null,
    stopEnteredAt: row.stop_entered_at ?? null,
    awaitingPayment: row.awaiting_payment === 1,
    arrived: row.arrived !== 0,
    holdUntil: row.hold_until ?? null,
  };
}

/** What the ticket rules (domain/ticket-life) read of a stored ticket. */
export function toTicketFacts(row: TicketRow): TicketFacts {
  return {
    status: row.status,
    serviceId: row.service_id,
    issuedAt: row.issued_at,
    firstCalledAt: row.first_called_at,
    calledAt: row.called_at,
    startedAt: row.started_at,
    waitMs: row.wait_ms,
    firstCounterId: row.first_counter_id,
    recallCount: row.recall_count,
    rated: row.rating !== null,
    finishedAt: row.finished_at,
    transferCounterId: row.transfer_counter_id,
    holdUntil: row.hold_until ?? null,
  };
}

export { flowEstimate, loadServiceFlow, type ServiceFlow } from './estimate.view';

/**
 * Turns ticket rows into API tickets: counter names, and for waiting tickets their position in
 * their service's line and the current wait estimate.
 */
export async function viewTickets(ex: Executor, rows: readonly TicketRow[], now: Date): Promise<Ticket[]> {
  return (await viewTicketsWithLedger(ex, rows, now)).map((v) => v.ticket);
}

/** `viewTickets`, with what the accuracy ledger stores for each: the estimates given now (null unless waiting). */
export async function viewTicketsWithLedger(
  ex: Executor,
  rows: readonly TicketRow[],
  now: Date,
  /** A counter the caller has read (a counter command's own): its name is not read again. */
  knownCounter?: Pick<CounterRow, 'id' | 'name'>,
): Promise<{ ticket: Ticket; ledger: EstimateAtIssue }[]> {
  if (rows.length === 0) return [];
  const centerIds = [...new Set(rows.map((r) => r.center_id))];
  const counterNames = new Map<number, string>(knownCounter ? [[knownCounter.id, knownCounter.name]] : []);
  const positions = new Map<number, number>();
  const flows = new Map<string, Map<number, ServiceFlow>>();
  /** `remoteJoin.confirmBy` of the centres with a remote ticket waiting that has not arrived. */
  const confirmBy = new Map<string, number>();
  for (const centerId of centerIds) {
    const ofCenter = rows.filter((r) => r.center_id === centerId);
    // A loop, not `map` then `filter`: counter ids and nulls made arrays of two kinds, and deoptimised this function.
    const counterIds: number[] = [];
    for (const r of ofCenter) if (r.counter_id !== null && !counterNames.has(r.counter_id) && !counterIds.includes(r.counter_id)) counterIds.push(r.counter_id);
    for (const [id, name] of await findCounterNames(ex, counterIds)) counterNames.set(id, name);
    const waitingRows = ofCenter.filter((r) => r.status === 'waiting');
    if (waitingRows.length === 0) continue;
    const waitingServices = [...new Set(waitingRows.map((r) => r.service_id))];
    if (waitingRows.length <= 3) {
      // A ticket or two (the usual answer to a command): count the line ahead in SQL.
      const nowIso = now.toISOString();
      for (const r of waitingRows) {
        if (r.transfer_counter_id !== null) continue;
        positions.set(r.id, 1 + (await countAheadInLine(ex, r, nowIso)));
      }
    } else {
      const waiting = await listLineCandidates(ex, centerId, waitingServices);
      for (const serviceId of waitingServices) {
        const line = serviceLine(
          waiting.filter((w) => w.service_id === serviceId).map(toCandidate),
          now,
        );
        line.forEach((t, i) => positions.set(t.id, i + 1));
      }
    }
    flows.set(centerId, await loadServiceFlow(ex, centerId, now, waitingServices));
    if (waitingRows.some((r) => r.arrived === 0)) {
      const center = await findCenter(ex, centerId);
      if (center) confirmBy.set(centerId, remoteJoinOf(center).confirmBy);
    }
  }
  return rows.map((row) => {
    // A held ticket has no place in a line until it comes back (first of its counter's calls).
    const heldUntil = row.status === 'waiting' && isHeld({ holdUntil: row.hold_until ?? null }, now.toISOString()) ? (row.hold_until ?? null) : null;
    const position = row.status === 'waiting' && heldUntil === null ? (positions.get(row.id) ?? 1) : null;
    const centerConfirmBy = confirmBy.get(row.center_id);
    const comeNow = centerConfirmBy !== undefined && shouldComeNow({ arrived: row.arrived !== 0, position }, centerConfirmBy);
    return viewWithLedger(row, row.counter_id !== null ? (counterNames.get(row.counter_id) ?? null) : null, position, flows.get(row.center_id), { comeNow, heldUntil });
  });
}

/** The estimates a ticket at `position` of its service's line gets now (all null when not waiting). */
export function ledgerAt(serviceId: number, position: number | null, flow: Map<number, ServiceFlow> | undefined): { ledger: EstimateAtIssue; estimate: WaitEstimate | null } {
  const estimate = position !== null && flow ? flowWaitEstimate(flow, serviceId, position) : null;
  const naiveSeconds = position !== null && flow ? flowNaiveEstimate(flow, serviceId, position) : null;
  return { estimate, ledger: { estimateSeconds: estimate?.seconds ?? null, low: estimate?.low ?? null, high: estimate?.high ?? null, naiveSeconds } };
}

/** One ticket's view and ledger, its position and its centre's flow known. */
export function viewWithLedger(
  row: TicketRow,
  counterName: string | null,
  position: number | null,
  flow: Map<number, ServiceFlow> | undefined,
  extras: { comeNow?: boolean; heldUntil?: string | null } = {},
): { ticket: Ticket; ledger: EstimateAtIssue } {
  const { estimate, ledger } = ledgerAt(row.service_id, position, flow);
  const ticket = publicTicketProjection(row, {
    counterName,
    position,
    estimatedWaitSeconds: estimate?.seconds ?? null,
    estimatedWaitRange: estimate ? toWaitRange(estimate) : null,
    ...extras,
  });
  return { ticket, ledger };
}

export async function viewTicket(ex: Executor, row: TicketRow, now: Date, knownCounter?: Pick<CounterRow, 'id' | 'name'>): Promise<Ticket> {
  const [ticket] = await viewTicketsWithLedger(ex, [row], now, knownCounter);
  return ticket!.ticket;
}
