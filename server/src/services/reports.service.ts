import type { ServiceContext } from './context';
import { listTicketsForExport } from '../db/stats.repository';
import { requireReportRange } from './lookups';
import { toZonedIso } from '../domain/zoned-time';
import { tallyFees } from '../domain/stats-fees';
import { listSettledFees } from './stats.service';
import { csvTable } from './views/csv';

// The fee columns come last, so a sheet reading the earlier ones by position keeps working: the current (or
// last) stop's fee, its status and receipt, then what the whole visit paid and had waived (every stop).
const header = ['id', 'code', 'day', 'service_prefix', 'service_id', 'status', 'priority', 'channel', 'issued_at', 'first_called_at', 'started_at', 'finished_at', 'counter', 'operator', 'outcome', 'rating', 'fee_pkr', 'payment_status', 'receipt_ref', 'fees_paid_pkr', 'fees_paid', 'fees_waived'];

/** Tickets of a range as CSV, one row a ticket, for spreadsheets; times in the centre's zone with its offset. */
export async function ticketsCsv(ctx: ServiceContext, centerId: string, range: { from?: string | undefined; to?: string | undefined }): Promise<string> {
  const { center, from, to } = await requireReportRange(ctx.database.db, centerId, ctx.clock.now(), range);
  const tickets = { centerId: center.id, from, to };
  const rows = await listTicketsForExport(ctx.database.db, tickets);
  const fees = tallyFees(await listSettledFees(ctx, tickets), (f) => f.ticketId).byKey;
  const local = (at: string | null) => (at === null ? null : toZonedIso(at, center.timezone));
  return csvTable(
    header,
    rows.map((r) => {
      const visit = fees.get(r.id);
      return [
        r.id, r.code, r.service_day, r.prefix, r.service_id, r.status, r.priority, r.channel, local(r.issued_at), local(r.first_called_at), local(r.started_at), local(r.finished_at), r.counter, r.operator, r.outcome, r.rating,
        r.payment_amount_pkr, r.payment_status, r.receipt_ref, visit?.collectedPkr ?? 0, visit?.paid ?? 0, visit?.waived ?? 0,
      ];
    }),
  );
}
