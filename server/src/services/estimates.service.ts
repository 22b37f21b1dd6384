import type { EstimateAccuracy } from '@navbat/shared';
import type { ServiceContext } from './context';
import { listScoredTickets } from '../db/estimates.repository';
import { accuracyOf, type Accuracy, type ScoredTicket } from '../domain/estimate-accuracy';
import { requireReportRange } from './lookups';
import { csvTable } from './views/csv';

type Range = { from?: string | undefined; to?: string | undefined };

/** The centre's called tickets of a range, as the ledger scores them. */
async function scoredTickets(ctx: ServiceContext, centerId: string, range: Range) {
  const { center, from, to } = await requireReportRange(ctx.database.db, centerId, ctx.clock.now(), range);
  const rows = await listScoredTickets(ctx.database.db, center.id, from, to);
  const tickets: ScoredTicket[] = rows.map((r) => ({
    serviceId: r.service_id,
    waitSeconds: Number(r.wait_ms) / 1000,
    estimateSeconds: r.estimate_at_issue_s,
    low: r.estimate_low_s,
    high: r.estimate_high_s,
    naiveSeconds: r.naive_at_issue_s,
  }));
  return { from, to, tickets };
}

/** How far the estimates given at issue were from the waits, for the centre and per service (API.md). */
export async function accuracy(ctx: ServiceContext, centerId: string, range: Range): Promise<EstimateAccuracy> {
  const { from, to, tickets } = await scoredTickets(ctx, centerId, range);
  const serviceIds = [...new Set(tickets.map((t) => t.serviceId))].sort((a, b) => a - b);
  return {
    from,
    to,
    ...accuracyOf(tickets),
    services: serviceIds.map((serviceId) => ({ serviceId, ...accuracyOf(tickets.filter((t) => t.serviceId === serviceId)) })),
  };
}

const columns = ['scope', 'service_id', 'n', 'mae_s', 'rmse_s', 'bias_s', 'within_5_min_pct', 'under_10_min_pct', 'range_coverage_pct', 'naive_n', 'naive_mae_s', 'naive_rmse_s', 'naive_bias_s', 'naive_within_5_min_pct'];

/** Seconds and percentages to two decimals; none (no tickets) is an empty cell. */
const rounded = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);

function csvRow(scope: string, serviceId: number | null, a: Accuracy): unknown[] {
  return [
    scope,
    serviceId,
    a.n,
    ...[a.maeSeconds, a.rmseSeconds, a.biasSeconds, a.within5MinPercent, a.under10MinPercent, a.rangeCoveragePercent].map(rounded),
    a.naive.n,
    ...[a.naive.maeSeconds, a.naive.rmseSeconds, a.naive.biasSeconds, a.naive.within5MinPercent].map(rounded),
  ];
}

/** The same figures as CSV: one row for the centre, then one per service. */
export async function accuracyCsv(ctx: ServiceContext, centerId: string, range: Range): Promise<string> {
  const a = await accuracy(ctx, centerId, range);
  return csvTable(columns, [csvRow('center', null, a), ...a.services.map((s) => csvRow('service', s.serviceId, s))]);
}
