import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { centerParamsSchema, dateRangeQuerySchema, statsSchema, ticketEventSchema, ticketIdParamsSchema } from '@navbat/shared';
import { staffErrors } from './schemas';

/** Statistics, CSV export and a ticket's audit trail (supervisor and up). */
export const reportsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { services } = app;
  const supervisor = app.requireRole('supervisor');
  const tags = ['reports'];

  app.get(
    '/api/v1/centers/:centerId/stats',
    { onRequest: supervisor, schema: { tags, summary: 'Statistics for a range of local days', params: centerParamsSchema, querystring: dateRangeQuerySchema, response: { 200: statsSchema, ...staffErrors } } },
    (req) => services.stats.compute(req.params.centerId, req.query),
  );

  app.get(
    '/api/v1/centers/:centerId/reports/tickets.csv',
    { onRequest: supervisor, schema: { tags, summary: 'Tickets of a range as CSV', params: centerParamsSchema, querystring: dateRangeQuerySchema } },
    async (req, reply) => {
      const csv = await services.reports.ticketsCsv(req.params.centerId, req.query);
      const name = `tickets-${req.params.centerId}-${req.query.from ?? 'today'}-${req.query.to ?? req.query.from ?? 'today'}.csv`;
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(csv);
    },
  );

  app.get(
    '/api/v1/tickets/:id/events',
    { onRequest: supervisor, schema: { tags, summary: "A ticket's audit trail", params: ticketIdParamsSchema, response: { 200: z.array(ticketEventSchema), ...staffErrors } } },
    (req) => services.tickets.events(req.params.id),
  );
};
