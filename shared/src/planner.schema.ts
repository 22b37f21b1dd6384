import { z } from 'zod';
import { isoDate, queryInt } from './common.schema';

// The staffing planner and the digital twin (API.md "Staffing planner"; docs/planner.md).

const targetPercent = z.number().gt(0).max(99.9).describe('share (%) that should wait at most targetSeconds; default 80');
const targetSeconds = z.number().min(0).max(86_400).describe('the wait the target is about, in seconds; default 600');

export const whatIfBodySchema = z
  .object({
    arrivalsPerHour: z.number().gt(0).max(100_000),
    avgServiceSeconds: z.number().min(1).max(86_400),
    counters: z.number().int().min(1).max(5000).optional(),
    targetPercent: targetPercent.optional(),
    targetSeconds: targetSeconds.optional(),
    patienceSeconds: z.number().min(1).max(86_400).optional().describe('mean patience: with it the answer follows Erlang A (citizens who give up)'),
  })
  .strict();
export type WhatIfBody = z.infer<typeof whatIfBodySchema>;

export const whatIfResultSchema = z
  .object({
    offeredLoad: z.number().describe('erlangs: arrivals per second × mean service seconds'),
    recommendedCounters: z.number().int(),
    counters: z.number().int(),
    targetPercent: z.number(),
    targetSeconds: z.number(),
    erlangC: z.object({
      probWait: z.number(),
      avgWaitSeconds: z.number().nullable(),
      serviceLevelPercent: z.number(),
      occupancyPercent: z.number(),
    }),
    erlangA: z
      .object({ probWait: z.number(), probAbandon: z.number(), avgWaitSeconds: z.number(), serviceLevelPercent: z.number() })
      .nullable(),
  })
  .meta({ id: 'WhatIf' });
export type WhatIfResult = z.infer<typeof whatIfResultSchema>;

export const planQuerySchema = z.object({
  weekday: queryInt(1, 7).optional().describe('1 = Monday … 7 = Sunday; default: today in the centre'),
  weeks: queryInt(1, 52).default(6),
  targetPercent: queryInt(1, 99).optional(),
  targetSeconds: queryInt(0, 86_400).optional(),
});
export type PlanQuery = z.output<typeof planQuerySchema>;

export const planServiceHourSchema = z.object({
  serviceId: z.number().int(),
  arrivalsPerHour: z.number(),
  avgServiceSeconds: z.number().nullable().describe('null when no ticket of the service was served in the weeks looked at'),
  noShowPercent: z.number().nullable(),
  counters: z.number().int().describe('counters this service needs in this hour at the target'),
});

export const planSchema = z
  .object({
    weekday: z.number().int(),
    weeks: z.number().int(),
    dates: z.array(isoDate).describe('the local days looked at'),
    days: z.number().int().describe('how many of them had tickets: the figures are averages over these'),
    targetPercent: z.number(),
    targetSeconds: z.number(),
    hours: z.array(
      z.object({
        hour: z.string().describe('HH, local time of the centre'),
        counters: z.number().int().describe('counters needed: the sum over services at the target'),
        opened: z.number().describe('counters that really called tickets in this hour, averaged over the days'),
        services: z.array(planServiceHourSchema),
      }),
    ),
  })
  .meta({ id: 'Plan' });
export type Plan = z.infer<typeof planSchema>;

const clock = z.string().regex(/^\d{2}:\d{2}$/, 'expected HH:MM');

export const replayCounterSchema = z
  .object({
    id: z.number().int().positive().describe("a counter's id (its recorded hours and weights are kept) or any new number"),
    serviceIds: z.array(z.number().int().positive()).min(1).max(200),
    from: clock.optional().describe('local opening time; default: its recorded hours, else the whole day'),
    to: clock.optional(),
  })
  .strict();

export const replayBodySchema = z
  .object({
    date: isoDate,
    counters: z.array(replayCounterSchema).min(1).max(500).optional().describe('default: the counters that worked that day, with their skills'),
    targetSeconds: targetSeconds.optional(),
  })
  .strict();
export type ReplayBody = z.infer<typeof replayBodySchema>;

export const replayFiguresSchema = z.object({
  called: z.number().int(),
  avgWaitSeconds: z.number().nullable(),
  p90WaitSeconds: z.number().nullable(),
  serviceLevelPercent: z.number().nullable(),
});
export type ReplayFigures = z.infer<typeof replayFiguresSchema>;

export const replayResultSchema = z
  .object({
    date: isoDate,
    tickets: z.number().int(),
    targetSeconds: z.number(),
    counters: z.array(z.object({ id: z.number().int(), serviceIds: z.array(z.number().int()), from: z.string(), to: z.string() })),
    recorded: replayFiguresSchema,
    replay: replayFiguresSchema.extend({ unserved: z.number().int().describe('tickets no counter of the replay could call') }),
  })
  .meta({ id: 'Replay' });
export type ReplayResult = z.infer<typeof replayResultSchema>;
