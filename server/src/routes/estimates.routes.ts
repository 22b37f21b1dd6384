import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { accuracyQuerySchema, centerParamsSchema, estimateAccuracySchema } from '@navbat/shared';
import { csvBody, sendCsv, staffErrors, staffSecurity } from './schemas';

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
        operationId: 'getEstimateAccuracy',
        security: staffSecurity,
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
    {
      onRequest: supervisor,
      schema: {
        operationId: 'exportEstimateAccuracyCsv',
        security: staffSecurity,
        tags,
        summary: 'The accuracy ledger as CSV (the centre, then each service)',
        params: centerParamsSchema,
        querystring: accuracyQuerySchema,
        response: { 200: csvBody('A header row, the centre, then one row per service (RFC 4180, UTF-8)'), ...staffErrors },
      },
    },
    async (req, reply) => sendCsv(reply, 'estimate-accuracy', req.params.centerId, req.query, await services.estimates.accuracyCsv(req.params.centerId, req.query)),
  );
};
