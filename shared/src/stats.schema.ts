import { z } from 'zod';
import { isoDate } from './common.schema';
import { journeyTotalsSchema } from './journeys.schema';

export const statsRowSchema = z.object({
  issued: z.number().int(),
  served: z.number().int(),
  noShow: z.number().int(),
  cancelled: z.number().int(),
  avgWaitSeconds: z.number().nullable(),
  p90WaitSeconds: z.number().nullable(),
  avgServiceSeconds: z.number().nullable(),
  slaMetPercent: z.number().nullable(),
  avgRating: z.number().nullable(),
});
export type StatsRow = z.infer<typeof statsRowSchema>;

/** Fees settled (paid or waived) on the range's tickets: each stop's fee counts once, in that stop's service. */
export const feeTotalsSchema = z.object({
  collectedPkr: z.number().int().describe('the sum of the fees paid'),
  paid: z.number().int().describe('fees paid (at the counter or by the fee authority)'),
  waived: z.number().int().describe('fees waived'),
});
export type FeeTotals = z.infer<typeof feeTotalsSchema>;

export const statsSchema = z
  .object({
    from: isoDate,
    to: isoDate,
    totals: statsRowSchema.extend({ journeys: journeyTotalsSchema, fees: feeTotalsSchema }),
    services: z.array(statsRowSchema.extend({ serviceId: z.number().int(), fees: feeTotalsSchema })),
    counters: z.array(statsRowSchema.extend({ counterId: z.number().int() })),
    operators: z.array(statsRowSchema.extend({ userId: z.number().int() })),
    hourly: z.array(z.object({ hour: z.string(), issued: z.number().int(), served: z.number().int() })),
    waitHistogram: z.array(z.object({ fromMinutes: z.number().int(), toMinutes: z.number().int().nullable(), count: z.number().int() })),
  })
  .meta({ id: 'Stats' });
export type Stats = z.infer<typeof statsSchema>;

export const dateRangeQuerySchema = z
  .object({ from: isoDate.optional(), to: isoDate.optional() })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: '`from` must not be after `to`' });
export type DateRangeQuery = z.infer<typeof dateRangeQuerySchema>;
