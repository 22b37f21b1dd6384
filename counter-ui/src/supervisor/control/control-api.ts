import type { Counter, CounterEnvelope, DayServicesBody, MoveTicketBody, ReopenableNoShow, SupervisorShiftBody, Ticket, TicketEnvelope } from '@navbat/shared';
import { staffRequest } from '../../lib';

const post = <T>(path: string, body: unknown) => staffRequest<T>(path, { method: 'POST', body });
const dayServices = (counterId: number) => `/api/v1/control/counters/${counterId}/services`;

/** The control room's supervisor actions (docs/control-room.md); each throws ApiRequestError with the server's code. */
export const controlApi = {
  shift: (counterId: number, body: SupervisorShiftBody): Promise<Counter> => post<CounterEnvelope>(`/api/v1/control/counters/${counterId}/shift`, body).then((r) => r.counter),
  move: (ticketId: number, body: MoveTicketBody): Promise<Ticket> => post<TicketEnvelope>(`/api/v1/control/tickets/${ticketId}/move`, body).then((r) => r.ticket),
  cancel: (ticketId: number, reason: string): Promise<Ticket> => post<TicketEnvelope>(`/api/v1/control/tickets/${ticketId}/cancel`, { reason }).then((r) => r.ticket),
  /** What the counter serves for the rest of the centre's day. */
  setDayServices: (counterId: number, body: DayServicesBody): Promise<Counter> => staffRequest<CounterEnvelope>(dayServices(counterId), { method: 'PUT', body }).then((r) => r.counter),
  /** Back to the counter's usual services. */
  resetDayServices: (counterId: number): Promise<Counter> => staffRequest<CounterEnvelope>(dayServices(counterId), { method: 'DELETE' }).then((r) => r.counter),
  /** No-shows that may still be re-opened, latest first. */
  noShows: (centerId: string): Promise<ReopenableNoShow[]> => staffRequest<ReopenableNoShow[]>(`/api/v1/control/centers/${centerId}/no-shows`),
  reopen: (ticketId: number, reason: string): Promise<Ticket> => post<TicketEnvelope>(`/api/v1/control/tickets/${ticketId}/reopen`, reason ? { reason } : {}).then((r) => r.ticket),
};
