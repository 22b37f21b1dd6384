import type { Plan, ReplayBody, ReplayResult, WhatIfBody, WhatIfResult } from '@navbat/shared';
import { staffRequest } from '../../lib';

/** The staffing planner's calls (API.md "Staffing planner"). */
export const planApi = {
  weekday: (centerId: string, q: { weekday: number; weeks: number; targetPercent: number; targetSeconds: number }) =>
    staffRequest<Plan>(`/api/v1/centers/${centerId}/plan?${new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)])).toString()}`),
  replay: (centerId: string, body: ReplayBody) => staffRequest<ReplayResult>(`/api/v1/centers/${centerId}/plan/replay`, { method: 'POST', body }),
  whatIf: (centerId: string, body: WhatIfBody) => staffRequest<WhatIfResult>(`/api/v1/centers/${centerId}/plan/what-if`, { method: 'POST', body }),
};
