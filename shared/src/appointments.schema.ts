import { z } from 'zod';
import { bodyId, centerIdSchema, intId, isoDate, isoTime, languageSchema } from './common.schema';
import { ticketSchema } from './tickets.schema';

// Appointments and remote join (API.md "Contract v1, second part").

/** A centre's booking rules (defaults shown in API.md). */
export const centerBookingSchema = z
  .object({
    earlyMinutes: z.number().int().min(0).max(240),
    lateMinutes: z.number().int().min(0).max(240),
    daysAhead: z.number().int().min(0).max(90),
    perPhonePerDay: z.number().int().min(1).max(20),
  })
  .strict()
  .meta({ id: 'CenterBooking' });
export type CenterBooking = z.infer<typeof centerBookingSchema>;
export const defaultCenterBooking: CenterBooking = { earlyMinutes: 30, lateMinutes: 10, daysAhead: 14, perPhonePerDay: 2 };

/** A centre's remote join (virtual queue) rules. */
export const remoteJoinSchema = z
  .object({ enabled: z.boolean(), confirmBy: z.number().int().min(1).max(50), holdMinutes: z.number().int().min(1).max(120) })
  .strict()
  .meta({ id: 'RemoteJoin' });
export type RemoteJoin = z.infer<typeof remoteJoinSchema>;
export const defaultRemoteJoin: RemoteJoin = { enabled: false, confirmBy: 5, holdMinutes: 15 };

/** A service's slots: `capacity` appointments per slot of `slotMinutes` (0 = not bookable). */
export const serviceBookingSchema = z
  .object({ slotMinutes: z.number().int().min(1).max(240), capacity: z.number().int().min(0).max(1000) })
  .strict()
  .meta({ id: 'ServiceBooking' });
export type ServiceBooking = z.infer<typeof serviceBookingSchema>;
export const defaultServiceBooking: ServiceBooking = { slotMinutes: 15, capacity: 0 };

export const appointmentStatusSchema = z.enum(['booked', 'checked_in', 'cancelled', 'missed']);
export type AppointmentStatus = z.infer<typeof appointmentStatusSchema>;

/** 6 characters from A-Z and 2-9 without 0, O, 1 and I (nothing to misread). */
export const bookingCodeAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const bookingCodeSchema = z.string().regex(/^[A-HJ-NP-Z2-9]{6}$/, 'a 6-character booking code');

export const appointmentSchema = z
  .object({
    id: z.number().int(),
    publicId: z.string(),
    code: z.string(),
    centerId: z.string(),
    serviceId: z.number().int(),
    start: isoTime,
    end: isoTime,
    status: appointmentStatusSchema,
    ticketPublicId: z.string().nullable(),
    language: languageSchema,
  })
  .meta({ id: 'Appointment' });
export type Appointment = z.infer<typeof appointmentSchema>;
export const appointmentEnvelopeSchema = z.object({
  appointment: appointmentSchema,
  checkInUrl: z.string().optional().describe("the booking's check-in link (its QR code): PUBLIC_URL or the request's origin"),
});
export type AppointmentEnvelope = z.infer<typeof appointmentEnvelopeSchema>;

export const slotSchema = z.object({ start: isoTime, end: isoTime, capacity: z.number().int(), free: z.number().int() }).meta({ id: 'Slot' });
export type Slot = z.infer<typeof slotSchema>;
export const slotsResponseSchema = z.object({ date: z.string().describe('YYYY-MM-DD'), slots: z.array(slotSchema) }).meta({ id: 'SlotsResponse' });
export type SlotsResponse = z.infer<typeof slotsResponseSchema>;
export const slotsParamsSchema = z.object({ centerId: centerIdSchema, serviceId: intId });
export const slotsQuerySchema = z.object({ date: isoDate }).strict();

const phoneSchema = z.string().regex(/^\+?[0-9 -]{7,20}$/, 'a phone number');

export const bookAppointmentBodySchema = z
  .object({
    serviceId: bodyId,
    start: z.iso.datetime({ offset: true }).describe('the slot start (ISO-8601)'),
    phone: phoneSchema.optional(),
    language: languageSchema.optional(),
  })
  .strict();
export type BookAppointmentBody = z.infer<typeof bookAppointmentBodySchema>;

export const checkInBodySchema = z
  .object({ code: z.string().trim().min(1).max(500).describe('a booking code, an appointment or ticket publicId, or a ticket or booking URL') })
  .strict();
export type CheckInBody = z.infer<typeof checkInBodySchema>;
export const checkInResponseSchema = z
  .object({ ticket: ticketSchema, appointment: appointmentSchema.optional() })
  .meta({ id: 'CheckInResponse' });
export type CheckInResponse = z.infer<typeof checkInResponseSchema>;
