import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { accuracyQuerySchema, centerParamsSchema, estimateAccuracySchema } from '@navbat/shared';
import { staffErrors } from './schemas';

/** The accuracy ledger of the wait estimates (supervisor and up). */
export const estimatesRoutes: FastifyPluginAsyncZod = async (app) => {
  const { services } = app;
  const supervisor = app.requireRole('supervisor');
  const tags = ['estimates'];

  app.get(
    '/api/v1/centers/:centerId/estimates/accuracy',
    {
      onRequest: supervisor,
      schema: {
        tags,
        summary: 'How far the estimates given at issue were from the waits, beside the naive estimate',
        params: centerParamsSchema,
        querystring: accuracyQuerySchema,
        response: { 200: estimateAccuracySchema, ...staffErrors },
      },
    },
    (req) => services.estimates.accuracy(req.params.centerId, req.query),
  );

  app.get(
    '/api/v1/centers/:centerId/estimates/accuracy.csv',
    { onRequest: supervisor, schema: { tags, summary: 'The accuracy ledger as CSV (the centre, then each service)', params: centerParamsSchema, querystring: accuracyQuerySchema } },
    async (req, reply) => {
      const csv = await services.estimates.accuracyCsv(req.params.centerId, req.query);
      const name = `estimate-accuracy-${req.params.centerId}-${req.query.from ?? 'today'}-${req.query.to ?? req.query.from ?? 'today'}.csv`;
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(csv);
    },
  );
};
