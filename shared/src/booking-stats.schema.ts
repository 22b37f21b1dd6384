import { z } from 'zod';
import { isoDate, queryInt } from './common.schema';
import { dateRangeQuerySchema } from './stats.schema';

// Booking capacity against staffing, and bookings per service (issue 14; docs/booking.md "For supervisors").

export const bookingSeatsQuerySchema = z
  .object({
    date: isoDate.optional().describe('a local day of the centre; default today'),
    weeks: queryInt(1, 52).default(6).describe('weeks of history the weekday plan learns from'),
  })
  .strict();
export type BookingSeatsQuery = z.output<typeof bookingSeatsQuerySchema>;

export const seatWarningSchema = z.enum(['no-counters', 'little-room']);

export const bookingSeatsSchema = z
  .object({
    date: isoDate,
    weekday: z.number().int().describe('1 = Monday … 7 = Sunday'),
    weeks: z.number().int(),
    maxBookingPercent: z.number().describe('bookings may keep at most this share of the planned counters busy'),
    hours: z.array(
      z.object({
        hour: z.string().describe('HH, local time of the centre; a slot counts in the hour it starts'),
        seats: z.number().int().describe('appointment seats: capacity × slots, summed over the services'),
        booked: z.number().int(),
        bookingCounters: z.number().describe('counters the seats keep busy: seats × mean service seconds ÷ 3600'),
        countersPlanned: z.number().nullable().describe('counters the hall opened in this hour on this weekday (the weekday plan); null: no history'),
        countersNeeded: z.number().int().nullable().describe('counters the weekday plan says the hour needs'),
        walkInCounters: z.number().nullable().describe('planned − bookingCounters'),
        warning: seatWarningSchema.nullable().describe('little-room: bookings over maxBookingPercent of the planned counters; no-counters: seats but none planned'),
      }),
    ),
  })
  .meta({ id: 'BookingSeats' });
export type BookingSeats = z.infer<typeof bookingSeatsSchema>;

const appointmentTally = z.object({
  total: z.number().int().describe('bookings made for slots in the range'),
  booked: z.number().int().describe('still booked (to come, or not yet marked missed)'),
  checkedIn: z.number().int(),
  missed: z.number().int(),
  cancelled: z.number().int(),
});

export const bookingStatsQuerySchema = dateRangeQuerySchema;

export const bookingStatsSchema = z
  .object({
    from: isoDate,
    to: isoDate,
    totals: appointmentTally,
    services: z.array(appointmentTally.extend({ serviceId: z.number().int() })),
  })
  .meta({ id: 'BookingStats' });
export type BookingStats = z.infer<typeof bookingStatsSchema>;
