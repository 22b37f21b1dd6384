import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bookingSeatsQuerySchema, bookingSeatsSchema, bookingStatsQuerySchema, bookingStatsSchema, centerParamsSchema } from '@navbat/shared';
import { staffErrors, staffSecurity } from './schemas';

/** Booking capacity against staffing, and bookings per service (supervisor and up; docs/booking.md). */
export const bookingStatsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { services } = app;
  const supervisor = app.requireRole('supervisor');
  const tags = ['appointments'];

  app.get(
    '/api/v1/centers/:centerId/bookings/seats',
    { onRequest: supervisor, schema: { operationId: 'getBookingSeats', security: staffSecurity, tags, summary: 'Appointment seats per hour of a day against the counters planned', params: centerParamsSchema, querystring: bookingSeatsQuerySchema, response: { 200: bookingSeatsSchema, ...staffErrors } } },
    (req) => services.bookingStats.seats(req.params.centerId, req.query),
  );
  app.get(
    '/api/v1/centers/:centerId/bookings/stats',
    { onRequest: supervisor, schema: { operationId: 'getBookingStats', security: staffSecurity, tags, summary: 'Bookings per service: made, still booked, checked in, missed, cancelled', params: centerParamsSchema, querystring: bookingStatsQuerySchema, response: { 200: bookingStatsSchema, ...staffErrors } } },
    (req) => services.bookingStats.stats(req.params.centerId, req.query),
  );
};
