import type { DevicesResponse } from '@navbat/shared';
import { staffRequest } from '../../lib';

/** The centre's devices (docs/supervisor.md "Devices"). */
export const devicesApi = {
  list: (centerId: string) => staffRequest<DevicesResponse>(`/api/v1/centers/${encodeURIComponent(centerId)}/devices`),
  forget: (centerId: string, deviceId: string) =>
    staffRequest<null>(`/api/v1/centers/${encodeURIComponent(centerId)}/devices/${encodeURIComponent(deviceId)}`, { method: 'DELETE' }),
};
