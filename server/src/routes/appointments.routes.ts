import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  apiErrorSchema,
  appointmentEnvelopeSchema,
  bookAppointmentBodySchema,
  centerParamsSchema,
  checkInBodySchema,
  checkInResponseSchema,
  idempotencyKeySchema,
  publicIdParamsSchema,
  slotsParamsSchema,
  slotsQuerySchema,
  slotsResponseSchema,
  type Appointment,
} from '@navbat/shared';
import { perMinute, publicErrors, publicSecurity } from './schemas';

/** Appointments and check-in (API.md "Appointments (public)", "Remote join"): no login, writes rate-limited. */
export const appointmentsRoutes: FastifyPluginAsyncZod<{ rateLimitPerMinute: number; publicUrl?: string | undefined }> = async (app, opts) => {
  const { services } = app;
  const limited = perMinute(opts.rateLimitPerMinute);
  // The check-in link a booking's QR code carries: where citizens' phones (and the kiosk's scanner) reach us.
  const withLink = (req: FastifyRequest, appointment: Appointment) => {
    const base = (opts.publicUrl ?? `${req.protocol}://${req.host}`).replace(/\/+$/, '');
    const checkInUrl = `${base}/book?center=${encodeURIComponent(appointment.centerId)}&appointment=${encodeURIComponent(appointment.publicId)}`;
    return { appointment, checkInUrl };
  };

  app.get(
    '/api/v1/centers/:centerId/services/:serviceId/slots',
    {
      schema: {
        operationId: 'listSlots',
        security: publicSecurity,
        tags: ['appointments'],
        summary: 'Bookable slots of a local day, with free seats',
        params: slotsParamsSchema,
        querystring: slotsQuerySchema,
        response: { 200: slotsResponseSchema, 400: apiErrorSchema, 404: apiErrorSchema },
      },
    },
    (req) => services.appointments.slots(req.params.centerId, req.params.serviceId, req.query.date),
  );

  app.post(
    '/api/v1/centers/:centerId/appointments',
    {
      config: limited,
      schema: {
        operationId: 'bookAppointment',
        security: publicSecurity,
        tags: ['appointments'],
        summary: 'Book a slot',
        params: centerParamsSchema,
        headers: z.object({ 'idempotency-key': idempotencyKeySchema.optional() }),
        body: bookAppointmentBodySchema,
        response: { 201: appointmentEnvelopeSchema, ...publicErrors, 422: apiErrorSchema },
      },
    },
    async (req, reply) => {
      const { appointment } = await services.appointments.book(req.params.centerId, req.body, req.headers['idempotency-key']);
      return reply.code(201).send(withLink(req, appointment));
    },
  );

  app.get(
    '/api/v1/appointments/:publicId',
    {
      schema: {
        operationId: 'getAppointment',
        security: publicSecurity,
        tags: ['appointments'],
        summary: 'An appointment, as its holder sees it',
        params: publicIdParamsSchema,
        response: { 200: appointmentEnvelopeSchema, 404: apiErrorSchema },
      },
    },
    async (req) => withLink(req, await services.appointments.get(req.params.publicId)),
  );

  app.post(
    '/api/v1/appointments/:publicId/cancel',
    {
      config: limited,
      schema: {
        operationId: 'cancelAppointment',
        security: publicSecurity,
        tags: ['appointments'],
        summary: 'Cancel a booked appointment',
        params: publicIdParamsSchema,
        response: { 200: appointmentEnvelopeSchema, ...publicErrors },
      },
    },
    async (req) => withLink(req, await services.appointments.cancel(req.params.publicId)),
  );

  app.post(
    '/api/v1/centers/:centerId/check-in',
    {
      config: limited,
      schema: {
        operationId: 'checkIn',
        security: publicSecurity,
        tags: ['appointments'],
        summary: 'Check in a booking or a remote ticket at the kiosk',
        params: centerParamsSchema,
        body: checkInBodySchema,
        response: { 200: checkInResponseSchema, 201: checkInResponseSchema, ...publicErrors },
      },
    },
    async (req, reply) => {
      const { status, ...answer } = await services.appointments.checkIn(req.params.centerId, req.body.code);
      return reply.code(status).send(answer);
    },
  );
};
