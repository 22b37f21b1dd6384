import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { overviewSchema, weeklyReportQuerySchema, weeklyReportSchema } from '@navbat/shared';
import { csvBody, sendCsv, staffErrors, staffSecurity } from './schemas';

const weeklyCsvSchema = csvBody('One row per centre, with a header row (RFC 4180, UTF-8)');

/** Every centre side by side (admin): the national view now, and the weekly report. */
export const overviewRoutes: FastifyPluginAsyncZod = async (app) => {
  const { services } = app;
  const admin = app.requireRole('admin');
  const tags = ['reports'];

  app.get(
    '/api/v1/overview',
    { onRequest: admin, schema: { operationId: 'getNationalOverview', security: staffSecurity, tags, summary: "Every centre's hall now and its day so far", response: { 200: overviewSchema, ...staffErrors } } },
    () => services.overview.national(),
  );

  app.get(
    '/api/v1/overview/weekly',
    { onRequest: admin, schema: { operationId: 'getWeeklyReport', security: staffSecurity, tags, summary: 'A week of every centre, one row each', querystring: weeklyReportQuerySchema, response: { 200: weeklyReportSchema, ...staffErrors } } },
    (req) => services.overview.weekly(req.query),
  );

  app.get(
    '/api/v1/overview/weekly.csv',
    { onRequest: admin, schema: { operationId: 'exportWeeklyReportCsv', security: staffSecurity, tags, summary: 'The weekly report as CSV', querystring: weeklyReportQuerySchema, response: { 200: weeklyCsvSchema, ...staffErrors } } },
    async (req, reply) => {
      const report = await services.overview.weekly(req.query);
      return sendCsv(reply, 'weekly', 'all-centers', report, services.overview.weeklyCsv(report));
    },
  );
};
