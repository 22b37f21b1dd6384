import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { centerParamsSchema, dateRangeQuerySchema, statsSchema, ticketEventSchema, ticketIdParamsSchema } from '@navbat/shared';
import { csvBody, sendCsv, staffErrors, staffSecurity } from './schemas';

const ticketsCsvSchema = csvBody('One row per ticket, with a header row (RFC 4180, UTF-8)');

/** Statistics, CSV export and a ticket's audit trail (supervisor and up). */
export const reportsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { services } = app;
  const supervisor = app.requireRole('supervisor');
  const tags = ['reports'];

  app.get(
    '/api/v1/centers/:centerId/stats',
    { onRequest: supervisor, schema: { operationId: 'getStats', security: staffSecurity, tags, summary: 'Statistics for a range of local days', params: centerParamsSchema, querystring: dateRangeQuerySchema, response: { 200: statsSchema, ...staffErrors } } },
    (req) => services.stats.compute(req.params.centerId, req.query),
  );

  app.get(
    '/api/v1/centers/:centerId/reports/tickets.csv',
    { onRequest: supervisor, schema: { operationId: 'exportTicketsCsv', security: staffSecurity, tags, summary: 'Tickets of a range as CSV', params: centerParamsSchema, querystring: dateRangeQuerySchema, response: { 200: ticketsCsvSchema, ...staffErrors } } },
    async (req, reply) => sendCsv(reply, 'tickets', req.params.centerId, req.query, await services.reports.ticketsCsv(req.params.centerId, req.query)),
  );

  app.get(
    '/api/v1/tickets/:id/events',
    { onRequest: supervisor, schema: { operationId: 'listTicketEvents', security: staffSecurity, tags, summary: "A ticket's audit trail", params: ticketIdParamsSchema, response: { 200: z.array(ticketEventSchema), ...staffErrors } } },
    (req) => services.tickets.events(req.params.id),
  );
};
