import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bodyId, centerParamsSchema, idempotencyKeySchema, staffIssueBodySchema, ticketEnvelopeSchema, ticketIdParamsSchema } from '@navbat/shared';
import { staffErrors, staffSecurity } from './schemas';

/** Tickets staff issue for a citizen who cannot use the kiosk, and lost tickets printed again (operator and up). */
export const staffTicketsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { services } = app;
  const operator = app.requireRole('operator');
  const tags = ['control'];

  app.post(
    '/api/v1/centers/:centerId/staff-tickets',
    {
      onRequest: operator,
      schema: {
        operationId: 'issueTicketForCitizen',
        security: staffSecurity,
        tags,
        summary: 'Issue a ticket for a citizen who cannot use the kiosk (channel staff)',
        params: centerParamsSchema,
        headers: z.object({ 'idempotency-key': idempotencyKeySchema.optional() }),
        body: staffIssueBodySchema,
        response: { 201: ticketEnvelopeSchema, ...staffErrors },
      },
    },
    async (req, reply) => {
      const { ticket } = await services.tickets.issueForCitizen(req.user!, req.params.centerId, req.body, req.headers['idempotency-key']);
      return reply.code(201).send({ ticket });
    },
  );

  app.post(
    '/api/v1/tickets/:id/reprint',
    {
      onRequest: operator,
      schema: {
        operationId: 'reprintTicket',
        security: staffSecurity,
        tags,
        summary: 'Print a lost ticket again: the same ticket, the reprint in its audit trail',
        params: ticketIdParamsSchema,
        body: z.object({ counterId: bodyId.optional().describe("the counter it was reprinted at, for the audit trail") }).strict().nullish(),
        response: { 200: ticketEnvelopeSchema, ...staffErrors },
      },
    },
    async (req) => ({ ticket: await services.tickets.reprint(req.user!, req.params.id, req.body?.counterId ?? null) }),
  );
};
