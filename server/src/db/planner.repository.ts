import type { Executor } from './database';

// The reads of the staffing planner and the digital twin: past tickets, never a write.

/** Tickets of a centre issued on the given local days, with what the weekday plan needs. */
export function listPlanTickets(ex: Executor, centerId: string, days: readonly string[]) {
  if (days.length === 0) return Promise.resolve([]);
  return ex
    .selectFrom('tickets')
    .select(['service_id', 'issued_at', 'first_called_at', 'first_counter_id', 'service_ms', 'wait_ms', 'status'])
    .where('center_id', '=', centerId)
    .where('service_day', 'in', days)
    .execute();
}

/** Every ticket of one local day of a centre, with what a replay needs, in issue order. */
export function listDayTickets(ex: Executor, centerId: string, day: string) {
  return ex
    .selectFrom('tickets')
    .select(['id', 'service_id', 'priority', 'status', 'issued_at', 'appointment_at', 'first_called_at', 'finished_at', 'first_counter_id', 'wait_ms'])
    .where('center_id', '=', centerId)
    .where('service_day', '=', day)
    .orderBy('issued_at')
    .orderBy('id')
    .execute();
}
