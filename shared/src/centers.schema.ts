import { z } from 'zod';
import { feeSchema, nextServiceIdsSchema } from './journeys.schema';
import { bodyId, centerIdSchema, localizedSchema, openingHoursSchema, queryInt } from './common.schema';
import { centerBookingSchema, remoteJoinSchema, serviceBookingSchema } from './appointments.schema';
import { waitRangeSchema } from './estimates.schema';
import { closureSchema } from './closures.schema';

export const priorityCategorySchema = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/),
  name: localizedSchema,
});
export type PriorityCategory = z.infer<typeof priorityCategorySchema>;

export const centerSummarySchema = z
  .object({ id: z.string(), name: localizedSchema, timezone: z.string(), open: z.boolean() })
  .meta({ id: 'CenterSummary' });
export type CenterSummary = z.infer<typeof centerSummarySchema>;

export const centerSchema = centerSummarySchema
  .extend({
    openingHours: openingHoursSchema,
    priorityCategories: z.array(priorityCategorySchema),
    priorityRun: z.number().int(),
    tickerMessage: z.string().nullable(),
    pauseAlertMinutes: z.number().int(),
    /** Citizens with a phone number or a Web Push subscription are told when this many are ahead or fewer. */
    notifyAhead: z.number().int(),
    booking: centerBookingSchema,
    remoteJoin: remoteJoinSchema,
  })
  .meta({ id: 'Center' });
export type Center = z.infer<typeof centerSchema>;
export const centerEnvelopeSchema = z.object({ center: centerSchema });
export type CenterEnvelope = z.infer<typeof centerEnvelopeSchema>;

export const serviceGroupSchema = z
  .object({ id: z.number().int(), name: localizedSchema, sortOrder: z.number().int() })
  .meta({ id: 'ServiceGroup' });
export type ServiceGroup = z.infer<typeof serviceGroupSchema>;
export const serviceGroupEnvelopeSchema = z.object({ group: serviceGroupSchema });
export type ServiceGroupEnvelope = z.infer<typeof serviceGroupEnvelopeSchema>;

export const publicServiceSchema = z
  .object({
    id: z.number().int(),
    groupId: z.number().int().nullable(),
    prefix: z.string(),
    name: localizedSchema,
    open: z.boolean(),
    allowsPriority: z.boolean(),
    waiting: z.number().int(),
    estimatedWaitSeconds: z.number().int().nullable(),
    estimatedWaitRange: waitRangeSchema.nullable().describe('the 80% range of the wait of a ticket taken now; null exactly when `estimatedWaitSeconds` is'),
    openingHours: openingHoursSchema,
    bookable: z.boolean().describe('takes appointments (its booking capacity is above 0)'),
    fee: feeSchema.nullable().describe('the fee, shown at the kiosk before the ticket is taken; null: none'),
    closure: closureSchema.nullable().optional().describe('why `open` is false beyond opening hours: a holiday or a stop on issuing; null otherwise'),
  })
  .meta({ id: 'PublicService' });
export type PublicService = z.infer<typeof publicServiceSchema>;

export const servicesResponseSchema = z
  .object({
    groups: z.array(serviceGroupSchema.pick({ id: true, name: true })),
    services: z.array(publicServiceSchema),
    priorityCategories: z.array(priorityCategorySchema),
  })
  .meta({ id: 'ServicesResponse' });
export type ServicesResponse = z.infer<typeof servicesResponseSchema>;

export const serviceSchema = z
  .object({
    id: z.number().int(),
    centerId: z.string(),
    groupId: z.number().int().nullable(),
    prefix: z.string(),
    name: localizedSchema,
    slaTargetMinutes: z.number().int(),
    allowsPriority: z.boolean(),
    dailyCap: z.number().int().nullable(),
    openingHours: openingHoursSchema,
    active: z.boolean(),
    sortOrder: z.number().int(),
    nextServiceIds: z.array(z.number().int()),
    fee: feeSchema.nullable(),
    payBeforeCall: z.boolean(),
    booking: serviceBookingSchema,
  })
  .meta({ id: 'Service' });
export type Service = z.infer<typeof serviceSchema>;
export const serviceEnvelopeSchema = z.object({ service: serviceSchema });
export type ServiceEnvelope = z.infer<typeof serviceEnvelopeSchema>;
/** `DELETE /admin/services/:id` when the service has past tickets: it is deactivated, not deleted. */
export const serviceDeactivatedSchema = serviceEnvelopeSchema.extend({ deleted: z.literal(false) });
export type ServiceDeactivated = z.infer<typeof serviceDeactivatedSchema>;

const timezoneSchema = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'an IANA time zone such as Asia/Karachi' },
);

export const createCenterBodySchema = z
  .object({
    id: centerIdSchema,
    name: localizedSchema,
    timezone: timezoneSchema.optional(),
    openingHours: openingHoursSchema.optional(),
    priorityCategories: z.array(priorityCategorySchema).max(20).optional(),
    priorityRun: z.number().int().min(1).max(100).optional(),
    pauseAlertMinutes: z.number().int().min(1).max(600).optional(),
    notifyAhead: z.number().int().min(1).max(20).optional(),
    booking: centerBookingSchema.partial().optional(),
    remoteJoin: remoteJoinSchema.partial().optional(),
  })
  .strict();
export type CreateCenterBody = z.infer<typeof createCenterBodySchema>;
export const updateCenterBodySchema = createCenterBodySchema
  .omit({ id: true })
  .extend({ tickerMessage: z.string().trim().max(500).nullable() })
  .partial()
  .strict();
export type UpdateCenterBody = z.infer<typeof updateCenterBodySchema>;

export const servicePrefixSchema = z.string().regex(/^[A-Z]{1,3}$/, 'one to three capital letters');

export const createServiceBodySchema = z
  .object({
    centerId: centerIdSchema,
    groupId: bodyId.nullable().optional(),
    prefix: servicePrefixSchema,
    name: localizedSchema,
    slaTargetMinutes: z.number().int().min(1).max(1440).optional(),
    allowsPriority: z.boolean().optional(),
    dailyCap: z.number().int().min(1).max(100_000).nullable().optional(),
    openingHours: openingHoursSchema.optional(),
    active: z.boolean().optional(),
    sortOrder: z.number().int().min(0).max(10_000).optional(),
    nextServiceIds: nextServiceIdsSchema.optional(),
    fee: feeSchema.nullable().optional(),
    payBeforeCall: z.boolean().optional(),
    booking: serviceBookingSchema.partial().optional(),
  })
  .strict();
export type CreateServiceBody = z.infer<typeof createServiceBodySchema>;
export const updateServiceBodySchema = createServiceBodySchema.omit({ centerId: true }).partial().strict();
export type UpdateServiceBody = z.infer<typeof updateServiceBodySchema>;

export const createServiceGroupBodySchema = z
  .object({ centerId: centerIdSchema, name: localizedSchema, sortOrder: z.number().int().min(0).max(10_000).optional() })
  .strict();
export type CreateServiceGroupBody = z.infer<typeof createServiceGroupBodySchema>;
export const updateServiceGroupBodySchema = createServiceGroupBodySchema.omit({ centerId: true }).partial().strict();
export type UpdateServiceGroupBody = z.infer<typeof updateServiceGroupBodySchema>;

export const tickerBodySchema = z.object({ message: z.string().trim().max(500).nullable() }).strict();
export type TickerBody = z.infer<typeof tickerBodySchema>;

/** `center:updated` on /staff: the center's ticker message changed. */
export const centerUpdatedEventSchema = z.object({ centerId: z.string(), tickerMessage: z.string().nullable() });
export type CenterUpdatedEvent = z.infer<typeof centerUpdatedEventSchema>;

/** One administrative change (who changed what, when), newest first in `GET /api/v1/admin/audit`. */
export const auditEntrySchema = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actor: z.object({ id: z.number().int(), username: z.string(), name: z.string() }).nullable(),
    centerId: z.string().nullable(),
    entity: z.string(),
    entityId: z.string(),
    action: z.string(),
    data: z.unknown(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditQuerySchema = z
  .object({
    centerId: centerIdSchema.optional(),
    entity: z.enum(['center', 'service_group', 'service', 'counter', 'user', 'ticket', 'broadcast']).optional(),
    limit: queryInt(1, 500).optional(),
  })
  .strict();
export type AuditQuery = z.infer<typeof auditQuerySchema>;
