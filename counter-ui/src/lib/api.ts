import { apiRequest, ApiRequestError } from '@navbat/shared/client';
import type {
  CallTicketBody,
  CenterEnvelope,
  CompleteBody,
  CenterSummary,
  Counter,
  CounterEnvelope,
  CounterToday,
  DateRangeQuery,
  ErrorCode,
  LoginBody,
  PauseBody,
  PaymentBody,
  QueueSummary,
  ServicesResponse,
  Stats,
  Ticket,
  TicketEnvelope,
  TicketEvent,
  TickerBody,
  TransferBody,
  User,
  UserEnvelope,
} from '@navbat/shared';
import { markSessionExpired } from './session-store';

export { ApiRequestError };

/** The center this screen works for: `?center=ID`, else the demo centre. */
export function centerIdFromUrl(search: string = window.location.search): string {
  const id = new URLSearchParams(search).get('center');
  return id && /^[a-z0-9-]{2,32}$/.test(id) ? id : 'isb-g9';
}

/** Every staff call goes through here so a 401 anywhere sends the screen back to its login form. */
export async function staffRequest<T>(path: string, options: Parameters<typeof apiRequest>[1] = {}): Promise<T> {
  try {
    return await apiRequest<T>(path, options);
  } catch (error) {
    if (error instanceof ApiRequestError && error.code === 'UNAUTHENTICATED') markSessionExpired();
    throw error;
  }
}

const post = <T>(path: string, body?: unknown) => staffRequest<T>(path, { method: 'POST', ...(body !== undefined ? { body } : {}) });
const c = (counterId: number, action: string) => `/api/v1/counters/${counterId}/${action}`;
const ticketOf = (p: Promise<TicketEnvelope>) => p.then((r) => r.ticket);
const counterOf = (p: Promise<CounterEnvelope>) => p.then((r) => r.counter);

/** Typed helpers for the staff API (API.md); each throws ApiRequestError with the server's code. */
export const api = {
  login: (username: string, password: string) =>
    apiRequest<UserEnvelope>('/api/v1/auth/login', { method: 'POST', body: { username, password } satisfies LoginBody }).then((r) => r.user),
  logout: () => apiRequest<null>('/api/v1/auth/logout', { method: 'POST' }),
  /** The signed-in user, or null when there is no (valid) session. */
  me: async (): Promise<User | null> => {
    try {
      return (await apiRequest<UserEnvelope>('/api/v1/auth/me')).user;
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 401) return null;
      throw error;
    }
  },

  services: (centerId: string) => apiRequest<ServicesResponse>(`/api/v1/centers/${centerId}/services`),
  counters: (centerId: string) => staffRequest<Counter[]>(`/api/v1/centers/${centerId}/counters`),
  counter: (counterId: number) => counterOf(staffRequest<CounterEnvelope>(`/api/v1/counters/${counterId}`)),
  queue: (centerId: string) => staffRequest<Ticket[]>(`/api/v1/centers/${centerId}/queue`),
  /** Waiting tickets this counter may call, in its own call order. */
  counterQueue: (counterId: number) => staffRequest<Ticket[]>(c(counterId, 'queue')),
  queueSummary: (centerId: string) => staffRequest<QueueSummary>(`/api/v1/centers/${centerId}/queue-summary`),
  today: (counterId: number) => staffRequest<CounterToday>(c(counterId, 'today')),

  open: (counterId: number) => counterOf(post(c(counterId, 'open'))),
  pause: (counterId: number, reason: string, expectedMinutes?: PauseBody['expectedMinutes']) =>
    counterOf(post(c(counterId, 'pause'), (expectedMinutes ? { reason, expectedMinutes } : { reason }) satisfies PauseBody)),
  close: (counterId: number) => counterOf(post(c(counterId, 'close'))),

  /** The called ticket, or null when nothing waits for this counter. */
  callNext: async (counterId: number): Promise<Ticket | null> => {
    const r = await post<TicketEnvelope | null>(c(counterId, 'call-next'));
    return r?.ticket ?? null;
  },
  call: (counterId: number, ticketId: number) => ticketOf(post(c(counterId, 'call'), { ticketId } satisfies CallTicketBody)),
  recall: (counterId: number) => ticketOf(post(c(counterId, 'recall'))),
  start: (counterId: number) => ticketOf(post(c(counterId, 'start'))),
  /** Completes the current ticket; on a journey it moves on to its next stop unless `endJourney`. */
  complete: (counterId: number, outcome?: string, endJourney = false) =>
    ticketOf(
      post(
        c(counterId, 'complete'),
        outcome || endJourney ? ({ ...(outcome ? { outcome } : {}), ...(endJourney ? { endJourney: true } : {}) } satisfies CompleteBody) : undefined,
      ),
    ),
  noShow: (counterId: number) => ticketOf(post(c(counterId, 'no-show'))),
  transfer: (counterId: number, target: TransferBody) => ticketOf(post(c(counterId, 'transfer'), target)),
  /** Records a ticket's PSID and/or marks its fee paid or waived (API.md "Fees and payment"). */
  payment: (ticketId: number, body: PaymentBody) => ticketOf(post(`/api/v1/tickets/${ticketId}/payment`, body)),

  // ---- supervisor ----
  centers: () => staffRequest<CenterSummary[]>('/api/v1/centers'),
  /** Statistics for a range of local days; without one, the center's today. */
  stats: (centerId: string, range?: Required<DateRangeQuery>) =>
    staffRequest<Stats>(`/api/v1/centers/${centerId}/stats${range ? `?${new URLSearchParams(range).toString()}` : ''}`),
  ticketEvents: (ticketId: number) => staffRequest<TicketEvent[]>(`/api/v1/tickets/${ticketId}/events`),
  /** Sets (or with null clears) the message the hall displays scroll. */
  setTicker: (centerId: string, message: string | null) =>
    staffRequest<CenterEnvelope>(`/api/v1/centers/${centerId}/ticker`, { method: 'PUT', body: { message } satisfies TickerBody }).then((r) => r.center),
};

/** The error code of a failed call (NETWORK_ERROR for an unreachable server, INTERNAL_ERROR otherwise). */
export function errorCode(error: unknown): ErrorCode | 'NETWORK_ERROR' {
  return error instanceof ApiRequestError ? error.code : 'INTERNAL_ERROR';
}
