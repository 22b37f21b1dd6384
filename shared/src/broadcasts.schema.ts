import { z } from 'zod';
import { bodyId, centerIdSchema, intId, isoTime } from './common.schema';

// A supervisor's message to everyone waiting (docs/control-room.md "Message to everyone waiting").

/** A broadcast as staff see it: never a phone number, only how many tickets were to be told by SMS or push. */
export const broadcastSchema = z
  .object({
    id: z.number().int(),
    centerId: z.string(),
    /** Only the line of this service; null: everyone waiting in the centre (and the displays' ticker). */
    serviceId: z.number().int().nullable(),
    message: z.string(),
    /** Also sent as a citizen message (SMS, or Web Push where subscribed). */
    sms: z.boolean(),
    /** Waiting tickets with a phone number or a push subscription when it was sent (0 without `sms`). */
    recipients: z.number().int(),
    createdAt: isoTime,
    expiresAt: isoTime,
    clearedAt: isoTime.nullable(),
  })
  .meta({ id: 'Broadcast' });
export type Broadcast = z.infer<typeof broadcastSchema>;

/** What a waiting citizen's phone page shows. */
export const publicBroadcastSchema = broadcastSchema.pick({ id: true, serviceId: true, message: true, createdAt: true, expiresAt: true }).meta({ id: 'PublicBroadcast' });
export type PublicBroadcast = z.infer<typeof publicBroadcastSchema>;

export const broadcastEnvelopeSchema = z.object({ broadcast: broadcastSchema });
export type BroadcastEnvelope = z.infer<typeof broadcastEnvelopeSchema>;
export const broadcastsResponseSchema = z.array(broadcastSchema);

/** How long a broadcast lasts when the supervisor names nothing (minutes). */
export const defaultBroadcastMinutes = 120;

export const createBroadcastBodySchema = z
  .object({
    message: z.string().trim().min(1).max(500),
    serviceId: bodyId.nullish().describe('only the line of this service; left out: everyone waiting'),
    sms: z.boolean().nullish().describe('also as an SMS (or Web Push) to waiting tickets that gave a phone number'),
    minutes: z.number().int().min(5).max(720).nullish().describe(`shown on phones this long (default ${defaultBroadcastMinutes})`),
  })
  .strict();
export type CreateBroadcastBody = z.infer<typeof createBroadcastBodySchema>;

export const broadcastParamsSchema = z.object({ centerId: centerIdSchema, id: intId });

/** `broadcast:updated` on /ticket: the message that applies to this ticket now (null: none, or cleared). */
export const broadcastUpdatedEventSchema = z.object({ broadcast: publicBroadcastSchema.nullable() });
export type BroadcastUpdatedEvent = z.infer<typeof broadcastUpdatedEventSchema>;
