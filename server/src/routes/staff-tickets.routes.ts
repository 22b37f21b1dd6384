import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import crypto from 'node:crypto';
import { bodyId, centerParamsSchema, idempotencyKeySchema, staffIssueBodySchema, staffTicketResponseSchema, ticketEnvelopeSchema, ticketIdParamsSchema } from '@navbat/shared';
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
        summary: 'Issue a ticket for a citizen who cannot use the kiosk (channel staff), printed on a kiosk with printOn',
        params: centerParamsSchema,
        headers: z.object({ 'idempotency-key': idempotencyKeySchema.optional() }),
        body: staffIssueBodySchema,
        response: { 201: staffTicketResponseSchema, ...staffErrors },
      },
    },
    async (req, reply) => {
      const { centerId } = req.params;
      const { printOn, ...body } = req.body;
      // An unknown kiosk is refused before anything is issued; a kiosk that does not print is the answer's `print`.
      const kiosk = printOn ? await services.devices.requireKiosk(centerId, printOn) : null;
      const { ticket } = await services.tickets.issueForCitizen(req.user!, centerId, body, req.headers['idempotency-key']);
      if (!kiosk) return reply.code(201).send({ ticket });
      const job = { jobId: `print_${crypto.randomBytes(12).toString('base64url')}`, ticket: { code: ticket.code, publicId: ticket.publicId, serviceId: ticket.serviceId, issuedAt: ticket.issuedAt, language: ticket.language } };
      const print = await services.devices.recordKioskPrint(req.user!, ticket.id, kiosk, await app.printOnKiosk(centerId, kiosk.deviceId, job));
      return reply.code(201).send({ ticket, print });
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
