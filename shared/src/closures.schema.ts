import { z } from 'zod';
import { centerIdSchema, intId, isoDate, isoTime } from './common.schema';

// Holidays and "stop issuing now" (issue 20): days a centre is closed, and a stop on issuing for a centre
// or one service (the hall is full an hour before closing). Staff set them; kiosks see `open: false`.

const reasonSchema = z.string().trim().min(1).max(200);

export const holidaySchema = z
  .object({ date: isoDate.describe('a local day of the centre'), reason: z.string().describe('why the centre is closed, e.g. "Eid ul-Fitr · عید الفطر"') })
  .meta({ id: 'Holiday' });
export type Holiday = z.infer<typeof holidaySchema>;
export const createHolidayBodySchema = z.object({ date: isoDate, reason: reasonSchema }).strict();
export type CreateHolidayBody = z.infer<typeof createHolidayBodySchema>;
export const holidayEnvelopeSchema = z.object({ holiday: holidaySchema });
export const holidaysQuerySchema = z.object({ from: isoDate.optional().describe('first day listed (default: every day)') }).strict();

export const issuingStopSchema = z
  .object({
    reason: z.string().nullable(),
    until: isoTime.nullable().describe('issuing resumes by itself at this instant; null: until cleared'),
    since: isoTime,
  })
  .meta({ id: 'IssuingStop' });
export type IssuingStop = z.infer<typeof issuingStopSchema>;
export const setIssuingStopBodySchema = z
  .object({
    reason: reasonSchema.optional(),
    until: z.iso.datetime({ offset: true }).optional().describe('when issuing resumes by itself (in the future)'),
  })
  .strict();
export type SetIssuingStopBody = z.infer<typeof setIssuingStopBodySchema>;
export const issuingStopEnvelopeSchema = z.object({ stop: issuingStopSchema });

/** Why a service takes no tickets now, beyond its opening hours (public, on the kiosk's service list). */
export const closureSchema = z
  .object({
    code: z.enum(['CENTER_CLOSED', 'ISSUING_STOPPED']),
    reason: z.string().nullable(),
    until: isoTime.nullable(),
  })
  .meta({ id: 'Closure' });
export type Closure = z.infer<typeof closureSchema>;

/** What a supervisor sees of the centre's issuing: today's holiday, the centre's stop and each service's. */
export const issuingStateSchema = z
  .object({
    centerId: z.string(),
    holidayToday: holidaySchema.nullable(),
    center: issuingStopSchema.nullable(),
    services: z.array(z.object({ serviceId: z.number().int(), stop: issuingStopSchema.nullable() })),
  })
  .meta({ id: 'IssuingState' });
export type IssuingState = z.infer<typeof issuingStateSchema>;

export const holidayParamsSchema = z.object({ centerId: centerIdSchema, date: isoDate });
export const serviceStopParamsSchema = z.object({ serviceId: intId });
