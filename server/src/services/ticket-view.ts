import { publicTicketProjection, type Ticket } from './ticket-projection';
import type { Executor } from '../db/database';
import type { TicketRow } from '../db/schema';
import { listLineCandidates, listRecentServiceTimes } from '../db/tickets.repository';
import { listCounters, listSkillsOfCenter } from '../db/counters.repository';
import { findCenter } from '../db/centers.repository';
import { serviceLine, type QueueCandidate } from '../domain/call-order';
import { estimateWaitSeconds, recentAverage } from '../domain/wait-estimate';
import { secondsBetween, serviceDay, startOfLocalDay } from '../domain/time';

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

/** Per service of a center: how fast it moves now. */
export interface ServiceFlow {
  avgServiceSeconds: number | null;
  openCounters: number;
}

/** Today's average service time and the open counters serving it, per service of a center. */
export async function loadServiceFlow(ex: Executor, centerId: string, now: Date): Promise<Map<number, ServiceFlow>> {
  const center = await findCenter(ex, centerId);
  const tz = center?.timezone ?? 'Asia/Karachi';
  const since = startOfLocalDay(serviceDay(now, tz), tz).toISOString();
  const [times, counters, skills] = await Promise.all([
    listRecentServiceTimes(ex, centerId, since),
    listCounters(ex, centerId),
    listSkillsOfCenter(ex, centerId),
  ]);
  const durations = new Map<number, number[]>();
  for (const t of times) {
    const from = t.started_at ?? t.called_at;
    if (!from || !t.finished_at) continue;
    const list = durations.get(t.service_id) ?? [];
    list.push(secondsBetween(from, t.finished_at));
    durations.set(t.service_id, list);
  }
  const open = new Set(counters.filter((c) => c.status === 'open' && c.active === 1).map((c) => c.id));
  const openCounts = new Map<number, number>();
  for (const s of skills) if (open.has(s.counter_id)) openCounts.set(s.service_id, (openCounts.get(s.service_id) ?? 0) + 1);
  const flow = new Map<number, ServiceFlow>();
  for (const id of new Set([...durations.keys(), ...openCounts.keys()])) {
    flow.set(id, { avgServiceSeconds: recentAverage(durations.get(id) ?? []), openCounters: openCounts.get(id) ?? 0 });
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
    if (ofCenter.some((r) => r.counter_id !== null || r.transfer_counter_id !== null)) {
      for (const c of await listCounters(ex, centerId)) counterNames.set(c.id, c.name);
    }
    const waitingServices = [...new Set(ofCenter.filter((r) => r.status === 'waiting').map((r) => r.service_id))];
    if (waitingServices.length > 0) {
      const waiting = await listLineCandidates(ex, centerId, waitingServices);
      for (const serviceId of waitingServices) {
        const line = serviceLine(
          waiting.filter((w) => w.service_id === serviceId).map(toCandidate),
          now,
        );
        line.forEach((t, i) => positions.set(t.id, i + 1));
      }
      flows.set(centerId, await loadServiceFlow(ex, centerId, now));
    }
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
