import { z } from 'zod';
import { bodyId, centerIdSchema, intId, isoTime, languageSchema } from './common.schema';
import { deviceIdSchema } from './devices.schema';
import { waitRangeSchema } from './estimates.schema';
import { journeyStopSchema, nextServiceIdsSchema, ticketPaymentSchema } from './journeys.schema';

export const ticketStatusSchema = z.enum(['waiting', 'called', 'serving', 'done', 'no_show', 'cancelled', 'expired']);
export type TicketStatus = z.infer<typeof ticketStatusSchema>;

export const channelSchema = z.enum(['kiosk', 'web', 'appointment', 'staff']);
export type Channel = z.infer<typeof channelSchema>;

export const placementSchema = z.enum(['front', 'sorted']);
export type Placement = z.infer<typeof placementSchema>;

export const priorityCodeSchema = z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, 'a priority category code');

export const ticketSchema = z
  .object({
    id: z.number().int(),
    publicId: z.string(),
    centerId: z.string(),
    serviceId: z.number().int(),
    code: z.string(),
    number: z.number().int(),
    status: ticketStatusSchema,
    priority: z.string().describe('`none` or a priority category of the center'),
    channel: channelSchema,
    language: languageSchema,
    position: z.number().int().nullable(),
    estimatedWaitSeconds: z.number().int().nullable(),
    estimatedWaitRange: waitRangeSchema.nullable().describe('an 80% interval of the wait; null exactly when `estimatedWaitSeconds` is'),
    issuedAt: isoTime,
    calledAt: isoTime.nullable(),
    startedAt: isoTime.nullable(),
    finishedAt: isoTime.nullable(),
    counterId: z.number().int().nullable(),
    counterName: z.string().nullable(),
    outcome: z.string().nullable(),
    rated: z.boolean(),
    journey: z.array(journeyStopSchema).nullable().describe('the stops of a visit through several services, else null'),
    payment: ticketPaymentSchema.nullable().describe("the current stop's fee and its payment, null when the service has no fee"),
    awaitingPayment: z.boolean().describe("held back from being called until the current stop's fee is paid or waived (the service's `payBeforeCall`)"),
    arrived: z.boolean().describe('false only for a remote ticket not yet checked in'),
    appointmentAt: isoTime.nullable().describe("the booked slot's start, else null"),
    comeNow: z
      .boolean()
      .describe('a remote ticket not yet arrived, waiting within `remoteJoin.confirmBy` of the front: the phone page says "come to the centre now"'),
    heldUntil: isoTime
      .nullable()
      .describe('while a counter holds the ticket aside (status stays `waiting`, `counterId` is that counter): when the hold runs out and it comes back first of that counter’s calls; else null'),
  })
  .meta({ id: 'Ticket' });
export type Ticket = z.infer<typeof ticketSchema>;

export const ticketEnvelopeSchema = z.object({ ticket: ticketSchema });
export type TicketEnvelope = z.infer<typeof ticketEnvelopeSchema>;

export const issueTicketBodySchema = z
  .object({
    serviceId: bodyId,
    priority: priorityCodeSchema.optional(),
    language: languageSchema.optional(),
    phone: z
      .string()
      .regex(/^\+?[0-9 -]{7,20}$/, 'a phone number')
      .optional(),
    channel: z.enum(['kiosk', 'web']).optional(),
    nextServiceIds: nextServiceIdsSchema.optional().describe("the services to go on to after this one (default: the service's own `nextServiceIds`)"),
  })
  .strict();
export type IssueTicketBody = z.infer<typeof issueTicketBodySchema>;

/** A ticket staff issue for a citizen who cannot use the kiosk (channel `staff`): as the kiosk's, without a channel. */
export const staffIssueBodySchema = issueTicketBodySchema
  .omit({ channel: true })
  .extend({ printOn: deviceIdSchema.nullish().describe('print the slip on this kiosk (a device id from …/printable-kiosks)') })
  .strict();
export type StaffIssueBody = z.infer<typeof staffIssueBodySchema>;

export const idempotencyKeySchema = z.string().min(1).max(255);

export const feedbackBodySchema = z
  .object({ rating: z.number().int().min(1).max(5), comment: z.string().trim().max(1000).optional() })
  .strict();
export type FeedbackBody = z.infer<typeof feedbackBodySchema>;

export const centerParamsSchema = z.object({ centerId: centerIdSchema });
export const publicIdParamsSchema = z.object({ publicId: z.string().min(1).max(128) });
export const ticketIdParamsSchema = z.object({ id: intId });

export const ticketEventSchema = z
  .object({
    type: z.string(),
    at: isoTime,
    actor: z.object({ id: z.number().int(), username: z.string(), name: z.string() }).nullable(),
    counterId: z.number().int().nullable(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'TicketEvent' });
export type TicketEvent = z.infer<typeof ticketEventSchema>;
