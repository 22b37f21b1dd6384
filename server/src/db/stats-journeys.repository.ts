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
