import type { EstimateAccuracy } from '@navbat/shared';
import { staffRequest } from '../../lib';

const accuracyPath = (centerId: string, range: { from: string; to: string }, csv = false) =>
  `/api/v1/centers/${centerId}/estimates/accuracy${csv ? '.csv' : ''}?${new URLSearchParams(range).toString()}`;

/** The accuracy ledger of the wait estimates (API.md "Estimates and their accuracy"). */
export const accuracyApi = {
  ledger: (centerId: string, range: { from: string; to: string }) => staffRequest<EstimateAccuracy>(accuracyPath(centerId, range)),
  csvHref: (centerId: string, range: { from: string; to: string }) => accuracyPath(centerId, range, true),
};
