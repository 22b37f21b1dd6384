import { z } from 'zod';
import { isoDate, isoTime, localizedSchema } from './common.schema';

/** How a centre's line stands against its targets: `alert` = someone waits past target, `warn` = near it. */
export const pressureSchema = z.enum(['ok', 'warn', 'alert']);
export type Pressure = z.infer<typeof pressureSchema>;

/** One centre on the national view: its hall now and its day so far. */
export const centerOverviewSchema = z.object({
  centerId: z.string(),
  name: localizedSchema,
  open: z.boolean(),
  waiting: z.number().int(),
  /** The longest wait of anyone waiting now, seconds; null with nobody waiting. */
  longestWaitSeconds: z.number().int().nullable(),
  /** The target of the service where the wait is furthest past (or nearest to) its target, seconds. */
  targetSeconds: z.number().int().nullable(),
  /** Services where someone waits longer than the service's target now. */
  servicesOverTarget: z.number().int(),
  countersOpen: z.number().int(),
  servedToday: z.number().int(),
  slaMetPercentToday: z.number().nullable(),
  avgRatingToday: z.number().nullable(),
  pressure: pressureSchema,
});
export type CenterOverview = z.infer<typeof centerOverviewSchema>;

export const overviewSchema = z.object({ at: isoTime, centers: z.array(centerOverviewSchema) }).meta({ id: 'NationalOverview' });
export type Overview = z.infer<typeof overviewSchema>;

export const weeklyCenterRowSchema = z.object({
  centerId: z.string(),
  name: localizedSchema,
  issued: z.number().int(),
  served: z.number().int(),
  noShow: z.number().int(),
  avgWaitSeconds: z.number().nullable(),
  p90WaitSeconds: z.number().nullable(),
  slaMetPercent: z.number().nullable(),
  avgRating: z.number().nullable(),
});
export type WeeklyCenterRow = z.infer<typeof weeklyCenterRowSchema>;

/** Monday to Sunday (each centre's local days), one row per centre. */
export const weeklyReportSchema = z.object({ from: isoDate, to: isoDate, centers: z.array(weeklyCenterRowSchema) }).meta({ id: 'WeeklyReport' });
export type WeeklyReport = z.infer<typeof weeklyReportSchema>;

export const weeklyReportQuerySchema = z.object({ weekOf: isoDate.optional().describe('any day of the week wanted (default: the last full week)') });
export type WeeklyReportQuery = z.infer<typeof weeklyReportQuerySchema>;
