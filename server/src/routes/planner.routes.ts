import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { centerParamsSchema, planQuerySchema, planSchema, replayBodySchema, replayResultSchema, whatIfBodySchema, whatIfResultSchema } from '@navbat/shared';
import { staffErrors, staffSecurity } from './schemas';

/** The staffing planner and the digital twin (supervisor and up; docs/planner.md). */
export const plannerRoutes: FastifyPluginAsyncZod = async (app) => {
  const { services } = app;
  const supervisor = app.requireRole('supervisor');
  const tags = ['planner'];

  app.post(
    '/api/v1/centers/:centerId/plan/what-if',
    { onRequest: supervisor, schema: { operationId: 'planWhatIf', security: staffSecurity, tags, summary: 'Counters needed for one line (Erlang C, or Erlang A with patience)', params: centerParamsSchema, body: whatIfBodySchema, response: { 200: whatIfResultSchema, ...staffErrors } } },
    (req) => services.planner.whatIf(req.params.centerId, req.body),
  );

  app.get(
    '/api/v1/centers/:centerId/plan',
    { onRequest: supervisor, schema: { operationId: 'getWeekdayPlan', security: staffSecurity, tags, summary: 'Counters needed per hour of a weekday, from past weeks', params: centerParamsSchema, querystring: planQuerySchema, response: { 200: planSchema, ...staffErrors } } },
    (req) => services.planner.weekday(req.params.centerId, req.query),
  );

  app.post(
    '/api/v1/centers/:centerId/plan/replay',
    { onRequest: supervisor, schema: { operationId: 'replayDay', security: staffSecurity, tags, summary: 'Replay a recorded day with other counters (digital twin)', params: centerParamsSchema, body: replayBodySchema, response: { 200: replayResultSchema, ...staffErrors } } },
    (req) => services.planner.replay(req.params.centerId, req.body),
  );
};
