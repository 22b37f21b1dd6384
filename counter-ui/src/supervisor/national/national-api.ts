import type { Overview, WeeklyReport } from '@navbat/shared';
import { staffRequest } from '../../lib';

const weeklyPath = (weekOf: string | null, csv = false) => `/api/v1/overview/weekly${csv ? '.csv' : ''}${weekOf ? `?weekOf=${weekOf}` : ''}`;

/** Every centre side by side (admin): docs/supervisor.md "National view". */
export const nationalApi = {
  overview: () => staffRequest<Overview>('/api/v1/overview'),
  weekly: (weekOf: string | null) => staffRequest<WeeklyReport>(weeklyPath(weekOf)),
  weeklyCsvHref: (weekOf: string | null) => weeklyPath(weekOf, true),
};
