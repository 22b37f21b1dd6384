import type { BookingSeats, BookingStats } from '@navbat/shared';
import { staffRequest } from '../../lib';

/** Booking capacity per hour and bookings per service (docs/booking.md "For supervisors"). */
export const bookingsApi = {
  seats: (centerId: string, date: string) => staffRequest<BookingSeats>(`/api/v1/centers/${centerId}/bookings/seats?date=${date}`),
  stats: (centerId: string, range: { from: string; to: string }) => staffRequest<BookingStats>(`/api/v1/centers/${centerId}/bookings/stats?from=${range.from}&to=${range.to}`),
};
