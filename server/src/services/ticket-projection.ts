import type { Channel, Language, Ticket, TicketStatus } from '@navbat/shared';
import type { TicketRow } from '../db/schema';

export type { Ticket };

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
    status: row.status as TicketStatus,
    priority: row.priority,
    channel: row.channel as Channel,
    language: row.language as Language,
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
