import { z } from 'zod';
import { centerIdSchema, intId, isoTime, queryInt } from './common.schema';

/**
 * Every event type of the contract that a webhook may subscribe to, including those later issues start to
 * emit (journeys, payments, appointments): a filter may name them today.
 */
export const webhookEventTypes = [
  'ticket.issued',
  'ticket.called',
  'ticket.recalled',
  'ticket.started',
  'ticket.completed',
  'ticket.no_show',
  'ticket.transferred',
  'ticket.moved',
  'ticket.arrived',
  'ticket.paid',
  'ticket.cancelled',
  'ticket.expired',
  'ticket.held',
  'ticket.released',
  'ticket.reopened',
  'appointment.booked',
  'appointment.checked_in',
  'appointment.cancelled',
  'appointment.missed',
  'counter.opened',
  'counter.paused',
  'counter.closed',
  'broadcast.sent',
  'counter.services_changed',
] as const;
export const webhookEventTypeSchema = z.enum(webhookEventTypes);
export type WebhookEventType = z.infer<typeof webhookEventTypeSchema>;

/** Standard padded base64 of `bytes` bytes is this many characters long. */
const base64Length = (bytes: number) => 4 * Math.ceil(bytes / 3);

/** `whsec_` + standard padded base64 of 24–64 random bytes (the Standard Webhooks secret format). */
export const webhookSecretSchema = z
  .string()
  .max(6 + base64Length(64))
  .regex(/^whsec_(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, 'a secret is whsec_ followed by standard padded base64')
  .refine((s) => {
    const b64 = s.slice(6);
    const bytes = (b64.length / 4) * 3 - (b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0);
    return bytes >= 24 && bytes <= 64;
  }, 'a secret holds 24 to 64 bytes');

export const webhookEventFilterSchema = z
  .array(z.union([z.literal('*'), webhookEventTypeSchema]))
  .min(1)
  .max(webhookEventTypes.length + 1)
  .describe('["*"] for every event, or the event types wanted');

export const createWebhookBodySchema = z
  .object({
    url: z.string().trim().min(1).max(2048).describe('http(s) URL; private-network addresses are refused unless WEBHOOK_ALLOW_PRIVATE_NETWORKS=true'),
    events: webhookEventFilterSchema,
    centerId: centerIdSchema.nullable().optional().describe('only this centre’s events; absent or null: every centre'),
    secret: webhookSecretSchema.optional().describe('bring your own secret; by default one is generated and shown once'),
  })
  .strict();
export type CreateWebhookBody = z.infer<typeof createWebhookBodySchema>;

/** `PATCH /api/v1/admin/webhooks/:id`: switch a webhook off by hand, or on again (clearing why it stopped). */
export const updateWebhookBodySchema = z.object({ enabled: z.boolean() }).strict();
export type UpdateWebhookBody = z.infer<typeof updateWebhookBodySchema>;

export const webhookSchema = z
  .object({
    id: z.number().int(),
    url: z.string(),
    events: z.array(z.string()),
    centerId: z.string().nullable(),
    enabled: z.boolean(),
    createdAt: isoTime,
    /** Why the webhook stopped (`gone`: the receiver answered 410; `manual`: an admin switched it off), else null. */
    disabledReason: z.string().nullable(),
  })
  .meta({ id: 'Webhook' });
export type Webhook = z.infer<typeof webhookSchema>;

export const webhookCreatedSchema = z.object({ webhook: webhookSchema, secret: z.string().describe('shown once') });
export type WebhookCreated = z.infer<typeof webhookCreatedSchema>;

export const webhookSecretRotatedSchema = z.object({
  secret: z.string().describe('the new secret, shown once'),
  previousSecretValidUntil: isoTime.describe('until then every delivery carries signatures with both secrets'),
});
export type WebhookSecretRotated = z.infer<typeof webhookSecretRotatedSchema>;

export const webhookDeliveryStatusSchema = z.enum(['pending', 'delivered', 'dead']);
export type WebhookDeliveryStatus = z.infer<typeof webhookDeliveryStatusSchema>;

export const webhookDeliverySchema = z
  .object({
    id: z.string().describe('the webhook-id header, the same on every retry'),
    type: z.string(),
    status: webhookDeliveryStatusSchema,
    attempts: z.number().int(),
    lastStatusCode: z.number().int().nullable(),
    nextAttemptAt: isoTime.nullable(),
    lastAttemptAt: isoTime.nullable(),
    lastError: z.string().nullable(),
    createdAt: isoTime,
  })
  .meta({ id: 'WebhookDelivery' });
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

export const webhookParamsSchema = z.object({ id: intId });
export const webhookDeliveryParamsSchema = webhookParamsSchema.extend({ deliveryId: z.string().regex(/^msg_[A-Za-z0-9_-]{8,64}$/, 'not a delivery id') });
export const webhookDeliveriesQuerySchema = z.object({ limit: queryInt(1, 500).default(100) }).strict();

/** What a receiver gets: the body of every delivery. */
export const webhookEventBodySchema = z
  .object({ type: z.string(), timestamp: isoTime, data: z.record(z.string(), z.unknown()) })
  .meta({ id: 'WebhookEventBody' });
export type WebhookEventBody = z.infer<typeof webhookEventBodySchema>;
