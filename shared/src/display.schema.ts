import { z } from 'zod';
import { isoTime } from './common.schema';

/** A counter zone as a display names it; control characters (NUL…) are refused, not looked up. */
export const zoneSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  // Matching control characters is the point here.
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u001f\u007f-\u009f]+$/, 'a zone has no control characters');

export const displayCallSchema = z.object({
  counterId: z.number().int(),
  counterName: z.string(),
  ticketCode: z.string(),
  serviceId: z.number().int(),
  calledAt: isoTime,
});
export type DisplayCall = z.infer<typeof displayCallSchema>;

export const displayStateSchema = z
  .object({
    centerId: z.string(),
    zone: z.string().nullable(),
    seq: z.number().int(),
    serving: z.array(displayCallSchema),
    recentCalls: z.array(displayCallSchema),
    waiting: z.array(z.object({ serviceId: z.number().int(), count: z.number().int() })),
    message: z.string().nullable(),
  })
  .meta({ id: 'DisplayState' });
export type DisplayState = z.infer<typeof displayStateSchema>;

export const displayQuerySchema = z.object({ zone: zoneSchema.optional() });

export const ticketCalledEventSchema = z.object({
  seq: z.number().int(),
  centerId: z.string(),
  ticketCode: z.string(),
  counterId: z.number().int(),
  counterName: z.string(),
  serviceId: z.number().int(),
  calledAt: isoTime,
  recall: z.boolean(),
});
export type TicketCalledEvent = z.infer<typeof ticketCalledEventSchema>;
