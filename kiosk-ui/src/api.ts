import { apiRequest } from '@navbat/shared/client';
import type { CenterSummary, FeedbackBody, IssueTicketBody, ServicesResponse, Ticket } from '@navbat/shared';

/** The REST calls of the kiosk and the phone page (types only from the shared contract, so no zod in the bundle). */
export const api = {
  centers: () => apiRequest<CenterSummary[]>('/api/v1/centers'),
  services: (centerId: string) => apiRequest<ServicesResponse>(`/api/v1/centers/${encodeURIComponent(centerId)}/services`),
  /** Takes a ticket; the same `idempotencyKey` on a retry returns the same ticket instead of a second one. */
  issueTicket: (centerId: string, body: IssueTicketBody, idempotencyKey: string) =>
    apiRequest<{ ticket: Ticket }>(`/api/v1/centers/${encodeURIComponent(centerId)}/tickets`, {
      method: 'POST',
      body,
      headers: { 'Idempotency-Key': idempotencyKey },
    }),
  ticket: (publicId: string) => apiRequest<{ ticket: Ticket }>(`/api/v1/tickets/${encodeURIComponent(publicId)}`),
  cancel: (publicId: string) => apiRequest<{ ticket: Ticket }>(`/api/v1/tickets/${encodeURIComponent(publicId)}/cancel`, { method: 'POST' }),
  feedback: (publicId: string, body: FeedbackBody) =>
    apiRequest<{ ticket: Ticket }>(`/api/v1/tickets/${encodeURIComponent(publicId)}/feedback`, { method: 'POST', body }),
};

/** True when the server answers its liveness probe within `timeoutMs`. */
export async function serverReachable(timeoutMs = 4000): Promise<boolean> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch('/healthz', { cache: 'no-store', signal: controller.signal });
    return response.ok;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
