import type { CreateHolidayBody, Holiday, IssuingState, IssuingStop, SetIssuingStopBody } from '@navbat/shared';
import { staffRequest } from '../../lib';

const center = (centerId: string) => `/api/v1/admin/centers/${encodeURIComponent(centerId)}`;

/** Holidays and "stop issuing now" (supervisor), typed with the shared schemas. */
export const closuresApi = {
  holidays: (centerId: string, from?: string) => staffRequest<Holiday[]>(`${center(centerId)}/holidays${from ? `?from=${from}` : ''}`),
  addHoliday: (centerId: string, body: CreateHolidayBody) => staffRequest<{ holiday: Holiday }>(`${center(centerId)}/holidays`, { method: 'POST', body }),
  removeHoliday: (centerId: string, date: string) => staffRequest<null>(`${center(centerId)}/holidays/${date}`, { method: 'DELETE' }),
  issuing: (centerId: string) => staffRequest<IssuingState>(`${center(centerId)}/issuing`),
  stopCenter: (centerId: string, body: SetIssuingStopBody) => staffRequest<{ stop: IssuingStop }>(`${center(centerId)}/issuing-stop`, { method: 'PUT', body }),
  resumeCenter: (centerId: string) => staffRequest<null>(`${center(centerId)}/issuing-stop`, { method: 'DELETE' }),
  stopService: (serviceId: number, body: SetIssuingStopBody) => staffRequest<{ stop: IssuingStop }>(`/api/v1/admin/services/${serviceId}/issuing-stop`, { method: 'PUT', body }),
  resumeService: (serviceId: number) => staffRequest<null>(`/api/v1/admin/services/${serviceId}/issuing-stop`, { method: 'DELETE' }),
};
