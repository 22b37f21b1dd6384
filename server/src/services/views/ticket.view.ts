import type { Ticket } from '@navbat/shared';
import type { TicketRow } from '../../db/schema';
import type { Executor } from '../../db/database';
import { countAheadInLine, listLineCandidates, recentServiceAverages } from '../../db/tickets.repository';
import { countOpenCountersByService, findCounterNames } from '../../db/counters.repository';
import { findCenter } from '../../db/centers.repository';
import { serviceLine, type QueueCandidate } from '../../domain/call-order';
import type { TicketFacts } from '../../domain/ticket-life';
import { estimateWaitSeconds, serviceTimeWindow } from '../../domain/wait-estimate';
import { defaultTimeZone, serviceDay, startOfLocalDay } from '../../domain/time';

/** Maps a stored ticket to its API shape. The phone number never leaves the server. */
export function publicTicketProjection(
  row: TicketRow,
  extras: { counterName: string | null; position: number | null; estimatedWaitSeconds: number | null },
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
    issuedAt: row.issued_at,
    calledAt: row.called_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    counterId: row.counter_id,
    counterName: extras.counterName,
    outcome: row.outcome,
    rated: row.rating !== null,
  };
}

type CandidateColumns = Pick<TicketRow, 'id' | 'service_id' | 'priority' | 'queued_at' | 'issued_at' | 'appointment_at' | 'transfer_counter_id' | 'transfer_placement'>;

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
  };
}

/** Per service of a center: how fast it moves now. */
export interface ServiceFlow {
  avgServiceSeconds: number | null;
  openCounters: number;
}

/** Today's average service time and the open counters serving it, for some services of a center. */
export async function loadServiceFlow(ex: Executor, centerId: string, now: Date, serviceIds: readonly number[]): Promise<Map<number, ServiceFlow>> {
  const center = await findCenter(ex, centerId);
  const tz = center?.timezone ?? defaultTimeZone;
  const since = startOfLocalDay(serviceDay(now, tz), tz).toISOString();
  const averages = await recentServiceAverages(ex, centerId, serviceIds, since, serviceTimeWindow);
  const openCounts = await countOpenCountersByService(ex, centerId, serviceIds);
  const flow = new Map<number, ServiceFlow>();
  for (const id of new Set([...averages.keys(), ...openCounts.keys()])) {
    flow.set(id, { avgServiceSeconds: averages.get(id) ?? null, openCounters: openCounts.get(id) ?? 0 });
  }
  return flow;
}

export function flowEstimate(flow: Map<number, ServiceFlow>, serviceId: number, ahead: number): number {
  const f = flow.get(serviceId);
  return estimateWaitSeconds(ahead, f?.avgServiceSeconds ?? null, f?.openCounters ?? 0);
}

/**
 * Turns ticket rows into API tickets: counter names, and for waiting tickets their position in
 * their service's line and the current wait estimate.
 */
export async function viewTickets(ex: Executor, rows: readonly TicketRow[], now: Date): Promise<Ticket[]> {
  if (rows.length === 0) return [];
  const centerIds = [...new Set(rows.map((r) => r.center_id))];
  const counterNames = new Map<number, string>();
  const positions = new Map<number, number>();
  const flows = new Map<string, Map<number, ServiceFlow>>();
  for (const centerId of centerIds) {
    const ofCenter = rows.filter((r) => r.center_id === centerId);
    const counterIds = [...new Set(ofCenter.map((r) => r.counter_id).filter((id): id is number => id !== null))];
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
  }
  return rows.map((row) => {
    const position = row.status === 'waiting' ? (positions.get(row.id) ?? 1) : null;
    const flow = flows.get(row.center_id);
    return publicTicketProjection(row, {
      counterName: row.counter_id !== null ? (counterNames.get(row.counter_id) ?? null) : null,
      position,
      estimatedWaitSeconds: position !== null && flow ? flowEstimate(flow, row.service_id, position) : null,
    });
  });
}

export async function viewTicket(ex: Executor, row: TicketRow, now: Date): Promise<Ticket> {
  const [ticket] = await viewTickets(ex, [row], now);
  return ticket as Ticket;
}
