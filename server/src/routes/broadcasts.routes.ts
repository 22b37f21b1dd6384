import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { apiErrorSchema, broadcastEnvelopeSchema, broadcastParamsSchema, broadcastsResponseSchema, centerParamsSchema, createBroadcastBodySchema, intId, printableKioskSchema } from '@navbat/shared';
import { staffErrors, staffSecurity } from './schemas';

/**
 * A supervisor's message to everyone waiting (displays, phone pages, and SMS when asked), and the kiosks a
 * staff-issued ticket may be printed on (docs/control-room.md).
 */
export const broadcastsRoutes: FastifyPluginAsyncZod<{ smsGapMinutes: number }> = async (app, opts) => {
  const { services } = app;
  const supervisor = app.requireRole('supervisor');
  const operator = app.requireRole('operator');
  const tags = ['control'];

  app.post(
    '/api/v1/centers/:centerId/broadcasts',
    {
      onRequest: supervisor,
      schema: {
        operationId: 'sendBroadcast',
        security: staffSecurity,
        tags,
        summary: 'Tell everyone waiting (or one line): displays’ ticker, phone pages, and SMS when asked',
        params: centerParamsSchema,
        body: createBroadcastBodySchema,
        response: { 201: broadcastEnvelopeSchema, ...staffErrors, 429: apiErrorSchema.describe('BROADCAST_SMS_TOO_SOON, with retryAt') },
      },
    },
    async (req, reply) => reply.code(201).send({ broadcast: await services.broadcasts.send(req.user!, req.params.centerId, req.body, opts.smsGapMinutes) }),
  );

  app.get(
    '/api/v1/centers/:centerId/broadcasts',
    { onRequest: supervisor, schema: { operationId: 'listBroadcasts', security: staffSecurity, tags, summary: 'The broadcasts shown now, newest first', params: centerParamsSchema, response: { 200: broadcastsResponseSchema, ...staffErrors } } },
    (req) => services.broadcasts.listActive(req.params.centerId),
  );

  app.delete(
    '/api/v1/centers/:centerId/broadcasts/:id',
    { onRequest: supervisor, schema: { operationId: 'clearBroadcast', security: staffSecurity, tags, summary: 'End a broadcast: phones drop it, a centre-wide one leaves the ticker', params: broadcastParamsSchema, response: { 200: broadcastEnvelopeSchema, ...staffErrors } } },
    async (req) => ({ broadcast: await services.broadcasts.clear(req.user!, req.params.centerId, req.params.id) }),
  );

  app.get(
    '/api/v1/centers/:centerId/printable-kiosks',
    {
      onRequest: operator,
      schema: {
        operationId: 'listPrintableKiosks',
        security: staffSecurity,
        tags,
        summary: 'Kiosks reporting with a working printer, nearest to a counter first',
        params: centerParamsSchema,
        querystring: z.object({ counterId: intId.optional().describe('the counter asking: kiosks of its zone first') }),
        response: { 200: z.array(printableKioskSchema), ...staffErrors },
      },
    },
    (req) => services.devices.printableKiosks(req.params.centerId, req.query.counterId ?? null),
  );
};
