import { ApiRequestError, apiRequest, apiRequestWithStatus } from '@navbat/shared/client';
import type { CenterSummary, CheckInResponse, FeedbackBody, IssueTicketBody, ServicesResponse, SiteConfig, TicketEnvelope } from '@navbat/shared';

/** The REST calls of the kiosk and the phone page (types only from the shared contract, so no zod in the bundle). */
export const api = {
  centers: () => apiRequest<CenterSummary[]>('/api/v1/centers'),
  services: (centerId: string) => apiRequest<ServicesResponse>(`/api/v1/centers/${encodeURIComponent(centerId)}/services`),
  /** Takes a ticket; the same `idempotencyKey` on a retry returns the same ticket instead of a second one. */
  issueTicket: async (centerId: string, body: IssueTicketBody, idempotencyKey: string, timeoutMs = 10_000) => {
    // A hung connection must not leave the citizen staring at a spinner: give up, and let the retry
    // re-send the same key (which can never make a second ticket).
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      return await apiRequest<TicketEnvelope>(`/api/v1/centers/${encodeURIComponent(centerId)}/tickets`, {
        method: 'POST',
        body,
        headers: { 'Idempotency-Key': idempotencyKey },
        signal: controller.signal,
      });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw new ApiRequestError(0, 'NETWORK_ERROR', 'the server did not answer in time');
      throw error;
    } finally {
      clearTimeout(timer);
    }
  },
  ticket: (publicId: string) => apiRequest<TicketEnvelope>(`/api/v1/tickets/${encodeURIComponent(publicId)}`),
  cancel: (publicId: string) => apiRequest<TicketEnvelope>(`/api/v1/tickets/${encodeURIComponent(publicId)}/cancel`, { method: 'POST' }),
  /** What the kiosk's scanner or keypad got: 201 a booking's ticket issued now, 200 a ticket that existed (a second check-in, a remote ticket). */
  checkIn: (centerId: string, code: string) =>
    apiRequestWithStatus<CheckInResponse>(`/api/v1/centers/${encodeURIComponent(centerId)}/check-in`, { method: 'POST', body: { code } }),
  site: () => apiRequest<SiteConfig>('/api/v1/site'),
  feedback: (publicId: string, body: FeedbackBody) =>
    apiRequest<TicketEnvelope>(`/api/v1/tickets/${encodeURIComponent(publicId)}/feedback`, { method: 'POST', body }),
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

let publicBaseAnswer: Promise<string> | null = null;

/**
 * The address citizens' phones reach (PUBLIC_URL from `GET /api/v1/site`), else this page's origin: what
 * the ticket's QR code and phone links start with. Asked once per page.
 */
export function publicBase(): Promise<string> {
  publicBaseAnswer ??= api
    .site()
    .then((s) => (s.publicUrl ?? location.origin).replace(/\/+$/, ''))
    .catch(() => {
      publicBaseAnswer = null;
      return location.origin;
    });
  return publicBaseAnswer;
}

/** The link of a ticket's phone page (`<PUBLIC_URL or origin>/t/<publicId>`). */
export const phoneLink = (base: string, publicId: string) => `${base}/t/${encodeURIComponent(publicId)}`;
