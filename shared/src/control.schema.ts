import { z } from 'zod';
import { bodyId, isoTime } from './common.schema';
import { placementSchema, ticketSchema } from './tickets.schema';
import { pauseMinutesSchema } from './estimates.schema';

// The control room (docs/control-room.md): an operator holds a ticket aside; a supervisor acts on the hall.

/** `POST /counters/:counterId/hold`: how long the ticket may stay aside (default: the centre's `HOLD_MINUTES`, 15). */
export const holdBodySchema = z
  .object({ minutes: z.number().int().min(1).max(240).optional().describe('the hold’s time limit in minutes, 1–240') })
  .strict()
  .nullish();
export type HoldBody = z.infer<typeof holdBodySchema>;

/** `POST /counters/:counterId/release`: the held ticket to bring back. */
export const releaseBodySchema = z.object({ ticketId: bodyId }).strict();
export type ReleaseBody = z.infer<typeof releaseBodySchema>;

/** What happens to the ticket a counter holds when a supervisor closes or pauses it. */
export const counterTicketActionSchema = z.enum(['requeue_front', 'requeue_sorted', 'no_show']);
export type CounterTicketAction = z.infer<typeof counterTicketActionSchema>;

const reasonSchema = z.string().trim().min(1).max(200);

/** A supervisor closes or pauses a counter: why, and (when it holds a ticket) what happens to that ticket. */
export const supervisorShiftBodySchema = z
  .object({
    action: z.enum(['close', 'pause']),
    reason: reasonSchema,
    ticketAction: counterTicketActionSchema.optional().describe('required when the counter holds a called or serving ticket'),
    expectedMinutes: pauseMinutesSchema.optional().describe('pause only: how long the counter expects to be away'),
  })
  .strict();
export type SupervisorShiftBody = z.infer<typeof supervisorShiftBodySchema>;

/** A supervisor moves a waiting ticket to another service's line or to one counter. */
export const moveTicketBodySchema = z
  .object({ serviceId: bodyId.optional(), counterId: bodyId.optional(), placement: placementSchema.optional(), reason: reasonSchema.optional() })
  .strict()
  .refine((b) => b.serviceId !== undefined || b.counterId !== undefined, { message: 'give a serviceId, a counterId or both' });
export type MoveTicketBody = z.infer<typeof moveTicketBodySchema>;

/** A supervisor cancels a waiting ticket, saying why. */
export const cancelTicketBodySchema = z.object({ reason: reasonSchema }).strict();
export type CancelTicketBody = z.infer<typeof cancelTicketBodySchema>;

/** A supervisor re-opens a no-show within the grace period, optionally saying why. */
export const reopenTicketBodySchema = z.object({ reason: reasonSchema.optional() }).strict().nullish();
export type ReopenTicketBody = z.infer<typeof reopenTicketBodySchema>;

/**
 * `PUT /control/counters/:counterId/services`: what a counter serves for the rest of the centre's day, each
 * with its weight (default: its usual weight for that service, else 1). At least one service.
 */
export const dayServicesBodySchema = z
  .object({
    services: z
      .array(z.object({ serviceId: bodyId, weight: z.number().int().min(1).max(100).optional() }).strict())
      .min(1)
      .max(200)
      .describe('the services, each once; to serve nothing, close or pause the counter instead'),
    reason: reasonSchema.optional(),
  })
  .strict();
export type DayServicesBody = z.infer<typeof dayServicesBodySchema>;

/** A no-show a supervisor may still re-open (`GET /control/centers/:centerId/no-shows`), until `reopenUntil`. */
export const reopenableNoShowSchema = z.object({ ticket: ticketSchema, reopenUntil: isoTime }).meta({ id: 'ReopenableNoShow' });
export type ReopenableNoShow = z.infer<typeof reopenableNoShowSchema>;
