import type { Counter, CounterEnvelope, MoveTicketBody, SupervisorShiftBody, Ticket, TicketEnvelope } from '@navbat/shared';
import { staffRequest } from '../../lib';

const post = <T>(path: string, body: unknown) => staffRequest<T>(path, { method: 'POST', body });

/** The control room's supervisor actions (docs/control-room.md); each throws ApiRequestError with the server's code. */
export const controlApi = {
  shift: (counterId: number, body: SupervisorShiftBody): Promise<Counter> => post<CounterEnvelope>(`/api/v1/control/counters/${counterId}/shift`, body).then((r) => r.counter),
  move: (ticketId: number, body: MoveTicketBody): Promise<Ticket> => post<TicketEnvelope>(`/api/v1/control/tickets/${ticketId}/move`, body).then((r) => r.ticket),
  cancel: (ticketId: number, reason: string): Promise<Ticket> => post<TicketEnvelope>(`/api/v1/control/tickets/${ticketId}/cancel`, { reason }).then((r) => r.ticket),
};
