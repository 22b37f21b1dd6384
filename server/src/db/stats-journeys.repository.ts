import type { Executor } from './database';
import type { TicketRange } from './stats.repository';

/** Issue and finish times of the range's finished journey tickets (a few rows: only tickets with a journey). */
export function listFinishedJourneys(ex: Executor, range: TicketRange) {
  return ex
    .selectFrom('tickets')
    .select(['issued_at', 'finished_at', 'journey', 'status'])
    .where('center_id', '=', range.centerId)
    .where('service_day', '>=', range.from)
    .where('service_day', '<=', range.to)
    .where('journey', 'is not', null)
    .where('status', '=', 'done')
    .execute();
}

/** The journey tickets of a range with their audit trails (stats count each stop in its own service). */
export async function listJourneyTrails(ex: Executor, range: TicketRange) {
  const tickets = await ex
    .selectFrom('tickets')
    .select(['id', 'issued_at', 'status', 'rating', 'journey'])
    .where('center_id', '=', range.centerId)
    .where('service_day', '>=', range.from)
    .where('service_day', '<=', range.to)
    .where('journey', 'is not', null)
    .orderBy('id')
    .execute();
  if (tickets.length === 0) return [];
  const events = await ex
    .selectFrom('ticket_events')
    .innerJoin('tickets', 'tickets.id', 'ticket_events.ticket_id')
    .select(['ticket_events.ticket_id', 'ticket_events.type', 'ticket_events.at', 'ticket_events.actor_id', 'ticket_events.counter_id', 'ticket_events.data'])
    .where('tickets.center_id', '=', range.centerId)
    .where('tickets.service_day', '>=', range.from)
    .where('tickets.service_day', '<=', range.to)
    .where('tickets.journey', 'is not', null)
    .where('ticket_events.type', 'in', ['called', 'started', 'moved', 'completed'])
    .orderBy('ticket_events.id')
    .execute();
  const trails = new Map<number, typeof events>();
  for (const e of events) {
    const list = trails.get(e.ticket_id);
    if (list) list.push(e);
    else trails.set(e.ticket_id, [e]);
  }
  return tickets.map((t) => ({ ...t, events: trails.get(t.id) ?? [] }));
}
