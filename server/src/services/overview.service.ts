import { access, mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CenterOverview, Overview, WeeklyReport, WeeklyReportQuery } from '@navbat/shared';
import type { ServiceContext } from './context';
import { listCenters } from '../db/centers.repository';
import { listCounters } from '../db/counters.repository';
import { centerPressure, lastFullWeek, weekOf } from '../domain/overview';
import { serviceDay } from '../domain/time';
import { compute as computeStats } from './stats.service';
import { queueSummary } from './centers.service';
import { toCenterSummary } from './views/center.view';
import { csvTable } from './views/csv';
import { weeklyReportHtml } from './views/weekly-report.view';

/** Every centre side by side: its hall now (waiting, longest wait against target, counters open) and its day. */
export async function national(ctx: ServiceContext): Promise<Overview> {
  const now = ctx.clock.now();
  const centers = await listCenters(ctx.database.db);
  const rows: CenterOverview[] = [];
  // One centre after another: a country's worth of centres is tens, and each read is small.
  for (const c of centers) {
    const [summary, counters, today] = await Promise.all([queueSummary(ctx, c.id), listCounters(ctx.database.db, c.id), computeStats(ctx, c.id, {})]);
    const p = centerPressure(summary.services);
    const { name, open } = toCenterSummary(c, now);
    rows.push({
      centerId: c.id,
      name,
      open,
      waiting: p.waiting,
      longestWaitSeconds: p.longestWaitSeconds,
      targetSeconds: p.targetSeconds,
      servicesOverTarget: p.servicesOverTarget,
      countersOpen: counters.filter((k) => k.status === 'open').length,
      servedToday: today.totals.served,
      slaMetPercentToday: today.totals.slaMetPercent,
      avgRatingToday: today.totals.avgRating,
      pressure: p.pressure,
    });
  }
  return { at: now.toISOString(), centers: rows };
}

/** The week holding `weekOf` (default: the last full week of every centre), one row per centre over its own local days. */
export async function weekly(ctx: ServiceContext, query: WeeklyReportQuery = {}): Promise<WeeklyReport> {
  const now = ctx.clock.now();
  const centers = await listCenters(ctx.database.db);
  // The last week every centre has finished: taken from the centre whose local day is the earliest now.
  const earliestToday = centers.map((c) => serviceDay(now, c.timezone)).sort()[0] ?? serviceDay(now, 'Asia/Karachi');
  const week = query.weekOf ? weekOf(query.weekOf) : lastFullWeek(earliestToday);
  const rows: WeeklyReport['centers'] = [];
  for (const c of centers) {
    const s = (await computeStats(ctx, c.id, week)).totals;
    rows.push({
      centerId: c.id,
      name: toCenterSummary(c, now).name,
      issued: s.issued,
      served: s.served,
      noShow: s.noShow,
      avgWaitSeconds: s.avgWaitSeconds,
      p90WaitSeconds: s.p90WaitSeconds,
      slaMetPercent: s.slaMetPercent,
      avgRating: s.avgRating,
    });
  }
  return { ...week, centers: rows };
}

const weeklyHeader = ['center_id', 'center', 'from', 'to', 'issued', 'served', 'no_show', 'avg_wait_seconds', 'p90_wait_seconds', 'sla_met_percent', 'avg_rating'];

/** The weekly report as CSV, one row per centre. */
export function weeklyCsv(_ctx: ServiceContext, report: WeeklyReport): string {
  return csvTable(
    weeklyHeader,
    report.centers.map((c) => [c.centerId, c.name.en, report.from, report.to, c.issued, c.served, c.noShow, c.avgWaitSeconds, c.p90WaitSeconds, c.slaMetPercent, c.avgRating]),
  );
}

/**
 * Writes last week's report into `dir` as `weekly-<monday>.html` (a page to attach or paste into an email)
 * and `.csv`, once: a week already written is left alone, so the job may run as often as it likes.
 * Answers the files written, none when they were there.
 */
export async function writeWeeklyReport(ctx: ServiceContext, dir: string): Promise<string[]> {
  const report = await weekly(ctx);
  const base = path.join(dir, `weekly-${report.from}`);
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [ext, body] of [
    ['.csv', weeklyCsv(ctx, report)],
    ['.html', weeklyReportHtml(report)],
  ] as const) {
    const file = base + ext;
    if (await exists(file)) continue;
    // Written aside and renamed: a reader never sees half a report.
    await writeFile(`${file}.tmp`, body, 'utf8');
    await rename(`${file}.tmp`, file);
    written.push(file);
  }
  return written;
}

function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
