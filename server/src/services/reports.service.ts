import type { ServiceContext } from './context';
import { listTicketsForExport } from '../db/stats.repository';
import { requireReportRange } from './lookups';
import { toZonedIso } from '../domain/zoned-time';

const header = ['id', 'code', 'day', 'service_prefix', 'service_id', 'status', 'priority', 'channel', 'issued_at', 'first_called_at', 'started_at', 'finished_at', 'counter', 'operator', 'outcome', 'rating'];

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  // Cells that a spreadsheet would run as a formula are prefixed so they stay text.
  if (/^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Tickets of a range as CSV, one row a ticket, for spreadsheets; times in the centre's zone with its offset. */
export async function ticketsCsv(ctx: ServiceContext, centerId: string, range: { from?: string | undefined; to?: string | undefined }): Promise<string> {
  const { center, from, to } = await requireReportRange(ctx.database.db, centerId, ctx.clock.now(), range);
  const rows = await listTicketsForExport(ctx.database.db, { centerId: center.id, from, to });
  const local = (at: string | null) => (at === null ? null : toZonedIso(at, center.timezone));
  const lines = rows.map((r) =>
    [r.id, r.code, r.service_day, r.prefix, r.service_id, r.status, r.priority, r.channel, local(r.issued_at), local(r.first_called_at), local(r.started_at), local(r.finished_at), r.counter, r.operator, r.outcome, r.rating]
      .map(cell)
      .join(','),
  );
  return [header.join(','), ...lines].join('\r\n') + '\r\n';
}
