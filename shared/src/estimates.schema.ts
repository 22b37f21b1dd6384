import { z } from 'zod';
import { isoDate } from './common.schema';

/** An 80% interval of a wait, in seconds (API.md "Estimates and their accuracy"). */
export const waitRangeSchema = z
  .object({ low: z.number().int().min(0), high: z.number().int().min(0) })
  .meta({ id: 'WaitRange', description: 'an 80% interval of the wait, in seconds' });
export type WaitRange = z.infer<typeof waitRangeSchema>;

const seconds = z.number().nullable();
const percent = z.number().nullable();

/** How the naive estimate (position × mean ÷ open counters) did over the same tickets. */
export const naiveAccuracySchema = z
  .object({ n: z.number().int(), maeSeconds: seconds, rmseSeconds: seconds, biasSeconds: seconds, within5MinPercent: percent })
  .meta({ id: 'NaiveAccuracy' });

const accuracyFields = {
  n: z.number().int().describe('called tickets issued in the range with an estimate at issue'),
  maeSeconds: seconds,
  rmseSeconds: seconds,
  biasSeconds: seconds.describe('mean of estimate − wait: positive means waits were shorter than said'),
  within5MinPercent: percent,
  under10MinPercent: percent.describe('share whose wait was more than 10 minutes longer than said'),
  rangeCoveragePercent: percent,
  naive: naiveAccuracySchema,
};

export const serviceAccuracySchema = z.object({ serviceId: z.number().int(), ...accuracyFields }).meta({ id: 'ServiceEstimateAccuracy' });

/** `GET /centers/:centerId/estimates/accuracy`: the centre's figures, and the same per service (an extension). */
export const estimateAccuracySchema = z
  .object({ from: z.string(), to: z.string(), ...accuracyFields, services: z.array(serviceAccuracySchema) })
  .meta({ id: 'EstimateAccuracy' });
export type EstimateAccuracy = z.infer<typeof estimateAccuracySchema>;

/** The length a pausing operator expects the pause to take, in minutes (the estimate counts the counter back after it). */
export const pauseMinutesSchema = z.union([z.literal(5), z.literal(15), z.literal(30), z.literal(60)]);

/** A `YYYY-MM-DD` that is a day of the calendar (not 2026-02-30). */
const calendarDate = isoDate.refine((d) => {
  const t = Date.parse(`${d}T00:00:00.000Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().startsWith(d);
}, 'not a day of the calendar');

/** `?from&to` of the accuracy ledger: local days of the centre, both included (default today). */
export const accuracyQuerySchema = z
  .object({ from: calendarDate.optional(), to: calendarDate.optional() })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: '`from` must not be after `to`' });
