import { apiRequest } from '@navbat/shared/client';
import type { AppointmentEnvelope, BookAppointmentBody, CenterSummary, ServicesResponse, SlotsResponse } from '@navbat/shared';

/** The REST calls of the booking page (types only from the shared contract). */
export const bookApi = {
  centers: () => apiRequest<CenterSummary[]>('/api/v1/centers'),
  services: (centerId: string) => apiRequest<ServicesResponse>(`/api/v1/centers/${encodeURIComponent(centerId)}/services`),
  slots: (centerId: string, serviceId: number, date: string) =>
    apiRequest<SlotsResponse>(`/api/v1/centers/${encodeURIComponent(centerId)}/services/${serviceId}/slots?date=${date}`),
  /** Books a slot; the same `idempotencyKey` on a retry answers the same booking. */
  book: (centerId: string, body: BookAppointmentBody, idempotencyKey: string) =>
    apiRequest<AppointmentEnvelope>(`/api/v1/centers/${encodeURIComponent(centerId)}/appointments`, { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } }),
  appointment: (publicId: string) => apiRequest<AppointmentEnvelope>(`/api/v1/appointments/${encodeURIComponent(publicId)}`),
  cancel: (publicId: string) => apiRequest<AppointmentEnvelope>(`/api/v1/appointments/${encodeURIComponent(publicId)}/cancel`, { method: 'POST' }),
};
