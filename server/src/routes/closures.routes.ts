import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  centerParamsSchema,
  createHolidayBodySchema,
  holidayEnvelopeSchema,
  holidayParamsSchema,
  holidaySchema,
  holidaysQuerySchema,
  issuingStateSchema,
  issuingStopEnvelopeSchema,
  serviceStopParamsSchema,
  setIssuingStopBodySchema,
} from '@navbat/shared';
import { noContent, staffErrors, staffSecurity } from './schemas';

/** Holidays and "stop issuing now" of a centre and its services (supervisors and administrators). */
export const closuresRoutes: FastifyPluginAsyncZod = async (app) => {
  const { services } = app;
  const supervisor = app.requireRole('supervisor');
  const tags = ['supervisor'];

  app.get(
    '/api/v1/admin/centers/:centerId/holidays',
    { onRequest: supervisor, schema: { operationId: 'listHolidays', security: staffSecurity, tags, summary: 'Days the centre is closed', params: centerParamsSchema, querystring: holidaysQuerySchema, response: { 200: z.array(holidaySchema), ...staffErrors } } },
    (req) => services.closures.listHolidays(req.params.centerId, req.query.from),
  );
  app.post(
    '/api/v1/admin/centers/:centerId/holidays',
    { onRequest: supervisor, schema: { operationId: 'addHoliday', security: staffSecurity, tags, summary: 'Close the centre on a day: no tickets, slots or remote join', params: centerParamsSchema, body: createHolidayBodySchema, response: { 201: holidayEnvelopeSchema, ...staffErrors } } },
    async (req, reply) => reply.code(201).send({ holiday: await services.closures.addHoliday(req.user!, req.params.centerId, req.body) }),
  );
  app.delete(
    '/api/v1/admin/centers/:centerId/holidays/:date',
    { onRequest: supervisor, schema: { operationId: 'removeHoliday', security: staffSecurity, tags, summary: 'Open a holiday again', params: holidayParamsSchema, response: { ...noContent, ...staffErrors } } },
    async (req, reply) => {
      await services.closures.removeHoliday(req.user!, req.params.centerId, req.params.date);
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/api/v1/admin/centers/:centerId/issuing',
    { onRequest: supervisor, schema: { operationId: 'getIssuingState', security: staffSecurity, tags, summary: 'Today’s holiday and the stops on issuing in force', params: centerParamsSchema, response: { 200: issuingStateSchema, ...staffErrors } } },
    (req) => services.closures.issuingState(req.params.centerId),
  );
  app.put(
    '/api/v1/admin/centers/:centerId/issuing-stop',
    { onRequest: supervisor, schema: { operationId: 'stopCenterIssuing', security: staffSecurity, tags, summary: 'Stop issuing tickets for the whole centre now', params: centerParamsSchema, body: setIssuingStopBodySchema, response: { 200: issuingStopEnvelopeSchema, ...staffErrors } } },
    async (req) => ({ stop: await services.closures.stopIssuing(req.user!, { centerId: req.params.centerId }, req.body) }),
  );
  app.delete(
    '/api/v1/admin/centers/:centerId/issuing-stop',
    { onRequest: supervisor, schema: { operationId: 'resumeCenterIssuing', security: staffSecurity, tags, summary: 'Issue tickets for the centre again', params: centerParamsSchema, response: { ...noContent, ...staffErrors } } },
    async (req, reply) => {
      await services.closures.resumeIssuing(req.user!, { centerId: req.params.centerId });
      return reply.code(204).send(null);
    },
  );
  app.put(
    '/api/v1/admin/services/:serviceId/issuing-stop',
    { onRequest: supervisor, schema: { operationId: 'stopServiceIssuing', security: staffSecurity, tags, summary: 'Stop issuing tickets for one service now', params: serviceStopParamsSchema, body: setIssuingStopBodySchema, response: { 200: issuingStopEnvelopeSchema, ...staffErrors } } },
    async (req) => ({ stop: await services.closures.stopIssuing(req.user!, { serviceId: req.params.serviceId }, req.body) }),
  );
  app.delete(
    '/api/v1/admin/services/:serviceId/issuing-stop',
    { onRequest: supervisor, schema: { operationId: 'resumeServiceIssuing', security: staffSecurity, tags, summary: 'Issue tickets for the service again', params: serviceStopParamsSchema, response: { ...noContent, ...staffErrors } } },
    async (req, reply) => {
      await services.closures.resumeIssuing(req.user!, { serviceId: req.params.serviceId });
      return reply.code(204).send(null);
    },
  );
};
