import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  apiErrorSchema,
  centerParamsSchema,
  centerSummarySchema,
  displayQuerySchema,
  displayStateSchema,
  counterDisplaySchema,
  counterParamsSchema,
  feedbackBodySchema,
  idempotencyKeySchema,
  issueTicketBodySchema,
  publicIdParamsSchema,
  servicesResponseSchema,
  ticketEnvelopeSchema,
} from '@navbat/shared';
import { perMinute, publicErrors, publicSecurity } from './schemas';
import { sendSerializedOnce } from './serialize-once';

/** Endpoints without login: kiosks, phones, displays and outside systems. */
export const publicRoutes: FastifyPluginAsyncZod<{ rateLimitPerMinute: number }> = async (app, opts) => {
  const { services } = app;
  const limited = perMinute(opts.rateLimitPerMinute);

  app.get('/api/v1/centers', { schema: { operationId: 'listCenters', security: publicSecurity, tags: ['public'], summary: 'Centers', response: { 200: z.array(centerSummarySchema) } } }, () => services.centers.list());

  app.get(
    '/api/v1/centers/:centerId/services',
    { schema: { operationId: 'listCenterServices', security: publicSecurity, tags: ['public'], summary: 'Service groups and services with their lines', params: centerParamsSchema, response: { 200: servicesResponseSchema, 404: apiErrorSchema } } },
    async (req, reply) => sendSerializedOnce(reply, await services.centers.publicServices(req.params.centerId)),
  );

  app.post(
    '/api/v1/centers/:centerId/tickets',
    {
      config: limited,
      schema: {
        operationId: 'issueTicket',
        security: publicSecurity,
        tags: ['public'],
        summary: 'Take a ticket',
        params: centerParamsSchema,
        headers: z.object({ 'idempotency-key': idempotencyKeySchema.optional() }),
        body: issueTicketBodySchema,
        response: { 201: ticketEnvelopeSchema, ...publicErrors, 422: apiErrorSchema },
      },
    },
    async (req, reply) => {
      // A replayed Idempotency-Key answers as the first answer did: 201 and the same ticket.
      const { ticket } = await services.tickets.issue(req.params.centerId, req.body, req.headers['idempotency-key']);
      return reply.code(201).send({ ticket });
    },
  );

  app.get(
    '/api/v1/tickets/:publicId',
    { schema: { operationId: 'getTicket', security: publicSecurity, tags: ['public'], summary: 'A ticket, as its holder sees it', params: publicIdParamsSchema, response: { 200: ticketEnvelopeSchema, 404: apiErrorSchema } } },
    async (req) => ({ ticket: await services.tickets.getByPublicId(req.params.publicId) }),
  );

  app.post(
    '/api/v1/tickets/:publicId/cancel',
    { config: limited, schema: { operationId: 'cancelTicket', security: publicSecurity, tags: ['public'], summary: 'Cancel a waiting ticket', params: publicIdParamsSchema, response: { 200: ticketEnvelopeSchema, ...publicErrors } } },
    async (req) => ({ ticket: await services.tickets.cancel(req.params.publicId) }),
  );

  app.post(
    '/api/v1/tickets/:publicId/feedback',
    {
      config: limited,
      schema: { operationId: 'giveFeedback', security: publicSecurity, tags: ['public'], summary: 'Rate the service once, after it is done', params: publicIdParamsSchema, body: feedbackBodySchema, response: { 201: ticketEnvelopeSchema, ...publicErrors } },
    },
    async (req, reply) => {
      const ticket = await services.tickets.feedback(req.params.publicId, req.body);
      return reply.code(201).send({ ticket });
    },
  );

  app.get(
    '/api/v1/centers/:centerId/display',
    { schema: { operationId: 'getDisplayState', security: publicSecurity, tags: ['public'], summary: 'Hall display state', params: centerParamsSchema, querystring: displayQuerySchema, response: { 200: displayStateSchema, 404: apiErrorSchema } } },
    async (req, reply) => sendSerializedOnce(reply, await services.centers.displayState(req.params.centerId, req.query.zone ?? null)),
  );

  app.get(
    '/api/v1/counters/:counterId/display',
    {
      schema: {
        operationId: 'getCounterDisplay',
        security: publicSecurity,
        tags: ['public'],
        summary: 'The centre and zone of a counter, for the small screen above it',
        params: counterParamsSchema,
        response: { 200: counterDisplaySchema, 400: apiErrorSchema, 404: apiErrorSchema },
      },
    },
    (req) => services.centers.counterDisplay(req.params.counterId),
  );
};
