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

export const statsSchema = z
  .object({
    from: isoDate,
    to: isoDate,
    totals: statsRowSchema.extend({ journeys: journeyTotalsSchema }),
    services: z.array(statsRowSchema.extend({ serviceId: z.number().int() })),
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
