import { z } from 'zod';
import { bodyId, centerIdSchema, intId, isoTime } from './common.schema';
import { placementSchema, ticketSchema } from './tickets.schema';
import { pauseMinutesSchema } from './estimates.schema';

export const counterStatusSchema = z.enum(['open', 'paused', 'closed']);
export type CounterStatus = z.infer<typeof counterStatusSchema>;

export const counterSkillSchema = z.object({ serviceId: z.number().int(), weight: z.number().int() });
export type CounterSkill = z.infer<typeof counterSkillSchema>;

/** A supervisor changed the counter's services for one day of the centre (docs/control-room.md). */
export const counterDayServicesSchema = z
  .object({
    day: z.string().describe('the centre’s local day (YYYY-MM-DD) the change holds for; the next day the usual services are back'),
    since: isoTime,
    reason: z.string().nullable(),
  })
  .meta({ id: 'CounterDayServices' });
export type CounterDayServices = z.infer<typeof counterDayServicesSchema>;

export const counterSchema = z
  .object({
    id: z.number().int(),
    centerId: z.string(),
    name: z.string(),
    zone: z.string().nullable(),
    status: counterStatusSchema,
    statusSince: isoTime,
    pauseReason: z.string().nullable(),
    active: z.boolean(),
    services: z.array(counterSkillSchema).describe('what the counter serves now: the day’s services while a supervisor changed them, else its usual ones'),
    usualServices: z.array(counterSkillSchema).describe('the services an administrator set (the counter goes back to them the next day)'),
    dayServices: counterDayServicesSchema.nullable().describe('set while a supervisor changed the services for today'),
    currentTicket: ticketSchema.nullable(),
    operator: z.object({ id: z.number().int(), username: z.string(), name: z.string() }).nullable(),
  })
  .meta({ id: 'Counter' });
export type Counter = z.infer<typeof counterSchema>;

export const counterEnvelopeSchema = z.object({ counter: counterSchema });
export type CounterEnvelope = z.infer<typeof counterEnvelopeSchema>;
export const counterParamsSchema = z.object({ counterId: intId });

export const pauseBodySchema = z.object({ reason: z.string().trim().min(1).max(200), expectedMinutes: pauseMinutesSchema.optional() }).strict();
export type PauseBody = z.infer<typeof pauseBodySchema>;
export const callTicketBodySchema = z.object({ ticketId: bodyId }).strict();
export type CallTicketBody = z.infer<typeof callTicketBodySchema>;
export const completeBodySchema = z
  .object({ outcome: z.string().trim().min(1).max(200).optional(), endJourney: z.boolean().optional().describe('end a journey here instead of moving on to its next stop') })
  .strict()
  .nullish();
export type CompleteBody = z.infer<typeof completeBodySchema>;
export const transferBodySchema = z
  .object({
    serviceId: bodyId.optional(),
    counterId: bodyId.optional(),
    placement: placementSchema.optional(),
  })
  .strict()
  .refine((b) => b.serviceId !== undefined || b.counterId !== undefined, {
    message: 'give a serviceId, a counterId or both',
  });
export type TransferBody = z.infer<typeof transferBodySchema>;

const skillInput = z.object({ serviceId: bodyId, weight: z.number().int().min(1).max(100).optional() }).strict();

export const createCounterBodySchema = z
  .object({
    centerId: centerIdSchema,
    name: z.string().trim().min(1).max(60),
    zone: z.string().trim().min(1).max(40).nullable().optional(),
    services: z.array(skillInput).max(200),
    active: z.boolean().optional(),
  })
  .strict();
export type CreateCounterBody = z.infer<typeof createCounterBodySchema>;
export const updateCounterBodySchema = createCounterBodySchema.omit({ centerId: true }).partial().strict();
export type UpdateCounterBody = z.infer<typeof updateCounterBodySchema>;

/** Today's work of a counter's operator (local day of the center): served and no-show counts, mean service time. */
export const counterTodaySchema = z
  .object({
    served: z.number().int(),
    noShow: z.number().int(),
    avgServiceSeconds: z.number().int().nullable(),
  })
  .meta({ id: 'CounterToday' });
export type CounterToday = z.infer<typeof counterTodaySchema>;

/** One service's line as counters and supervisors see it live (`GET /centers/:id/queue-summary`, `queue:updated`). */
export const queueServiceSummarySchema = z
  .object({
    serviceId: z.number().int(),
    waiting: z.number().int(),
    longestWaitSeconds: z.number().int().nullable(),
    oldestIssuedAt: isoTime.nullable(),
    estimatedWaitSeconds: z.number().int().nullable(),
    slaTargetMinutes: z.number().int(),
    openCounters: z.number().int(),
  })
  .meta({ id: 'QueueServiceSummary' });
export type QueueServiceSummary = z.infer<typeof queueServiceSummarySchema>;

/** The live lines of a center's active services, as of `at`. */
export const queueSummarySchema = z
  .object({ centerId: z.string(), at: isoTime, services: z.array(queueServiceSummarySchema) })
  .meta({ id: 'QueueSummary' });
export type QueueSummary = z.infer<typeof queueSummarySchema>;
