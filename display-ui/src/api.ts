import { apiRequest } from '@navbat/shared/client';
import type { CenterSummary, CounterDisplay, ServicesResponse } from '@navbat/shared';

/** Public centres (the hall's name and time zone). */
export function fetchCenters(signal?: AbortSignal): Promise<CenterSummary[]> {
  return apiRequest<CenterSummary[]>('/api/v1/centers', signal ? { signal } : {});
}

/** Public services of a centre: names in English and Urdu, prefixes, open or not. */
export function fetchServices(centerId: string, signal?: AbortSignal): Promise<ServicesResponse> {
  return apiRequest<ServicesResponse>(`/api/v1/centers/${encodeURIComponent(centerId)}/services`, signal ? { signal } : {});
}

/** Where the screen above a counter finds its centre and zone. */
export function fetchCounterDisplay(counterId: number, signal?: AbortSignal): Promise<CounterDisplay> {
  return apiRequest<CounterDisplay>(`/api/v1/counters/${counterId}/display`, signal ? { signal } : {});
}
