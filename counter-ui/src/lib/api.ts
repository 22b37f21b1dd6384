import { apiRequest, ApiRequestError } from '@navbat/shared/client';
import type {
  Counter,
  ErrorCode,
  Placement,
  QueueSummary,
  ServicesResponse,
  Ticket,
  User,
} from '@navbat/shared';
import { markSessionExpired } from './session-store';

export { ApiRequestError };

/** The center this screen works for: `?center=ID`, else the demo centre. */
export function centerIdFromUrl(search: string = window.location.search): string {
  const id = new URLSearchParams(search).get('center');
  return id && /^[a-z0-9-]{2,32}$/.test(id) ? id : 'isb-g9';
}

/** Today's work of a counter's operator (see docs/counter.md). */
export interface CounterToday {
  served: number;
  avgServiceSeconds: number | null;
  noShow: number;
}

export interface TransferTarget {
  serviceId?: number;
  counterId?: number;
  placement?: Placement;
}

/** Every staff call goes through here so a 401 anywhere sends the screen back to its login form. */
async function staff<T>(path: string, options: Parameters<typeof apiRequest>[1] = {}): Promise<T> {
  try {
    return await apiRequest<T>(path, options);
  } catch (error) {
    if (error instanceof ApiRequestError && error.code === 'UNAUTHENTICATED') markSessionExpired();
    throw error;
  }
}

const post = <T>(path: string, body?: unknown) => staff<T>(path, { method: 'POST', ...(body !== undefined ? { body } : {}) });
const c = (counterId: number, action: string) => `/api/v1/counters/${counterId}/${action}`;
const ticketOf = (p: Promise<{ ticket: Ticket }>) => p.then((r) => r.ticket);
const counterOf = (p: Promise<{ counter: Counter }>) => p.then((r) => r.counter);

/** Typed helpers for the staff API (API.md); each throws ApiRequestError with the server's code. */
export const api = {
  login: (username: string, password: string) =>
    apiRequest<{ user: User }>('/api/v1/auth/login', { method: 'POST', body: { username, password } }).then((r) => r.user),
  logout: () => apiRequest<null>('/api/v1/auth/logout', { method: 'POST' }),
  /** The signed-in user, or null when there is no (valid) session. */
  me: async (): Promise<User | null> => {
    try {
      return (await apiRequest<{ user: User }>('/api/v1/auth/me')).user;
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 401) return null;
      throw error;
    }
  },

  services: (centerId: string) => apiRequest<ServicesResponse>(`/api/v1/centers/${centerId}/services`),
  counters: (centerId: string) => staff<Counter[]>(`/api/v1/centers/${centerId}/counters`),
  counter: (counterId: number) => counterOf(staff(`/api/v1/counters/${counterId}`)),
  queue: (centerId: string) => staff<Ticket[]>(`/api/v1/centers/${centerId}/queue`),
  /** Waiting tickets this counter may call, in its own call order. */
  counterQueue: (counterId: number) => staff<Ticket[]>(c(counterId, 'queue')),
  queueSummary: (centerId: string) => staff<QueueSummary>(`/api/v1/centers/${centerId}/queue-summary`),
  today: (counterId: number) => staff<CounterToday>(c(counterId, 'today')),

  open: (counterId: number) => counterOf(post(c(counterId, 'open'))),
  pause: (counterId: number, reason: string) => counterOf(post(c(counterId, 'pause'), { reason })),
  close: (counterId: number) => counterOf(post(c(counterId, 'close'))),

  /** The called ticket, or null when nothing waits for this counter. */
  callNext: async (counterId: number): Promise<Ticket | null> => {
    const r = await post<{ ticket: Ticket } | null>(c(counterId, 'call-next'));
    return r?.ticket ?? null;
  },
  call: (counterId: number, ticketId: number) => ticketOf(post(c(counterId, 'call'), { ticketId })),
  recall: (counterId: number) => ticketOf(post(c(counterId, 'recall'))),
  start: (counterId: number) => ticketOf(post(c(counterId, 'start'))),
  complete: (counterId: number, outcome?: string) =>
    ticketOf(post(c(counterId, 'complete'), outcome ? { outcome } : undefined)),
  noShow: (counterId: number) => ticketOf(post(c(counterId, 'no-show'))),
  transfer: (counterId: number, target: TransferTarget) => ticketOf(post(c(counterId, 'transfer'), target)),

  get: <T>(path: string) => staff<T>(path),
  post: <T>(path: string, body?: unknown) => post<T>(path, body),
  put: <T>(path: string, body?: unknown) => staff<T>(path, { method: 'PUT', body }),
  patch: <T>(path: string, body?: unknown) => staff<T>(path, { method: 'PATCH', body }),
  delete: <T>(path: string) => staff<T>(path, { method: 'DELETE' }),
};

/** The error code of a failed call (NETWORK_ERROR for an unreachable server, INTERNAL_ERROR otherwise). */
export function errorCode(error: unknown): ErrorCode | 'NETWORK_ERROR' {
  return error instanceof ApiRequestError ? error.code : 'INTERNAL_ERROR';
}
