import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { centerParamsSchema, deviceParamsSchema, devicesResponseSchema } from '@navbat/shared';
import { noContent, staffErrors, staffSecurity } from './schemas';

/** The centre's kiosks, displays and counter PCs as their heartbeats describe them (supervisor and up). */
export const devicesRoutes: FastifyPluginAsyncZod = async (app) => {
  const { services } = app;
  const supervisor = app.requireRole('supervisor');
  const tags = ['devices'];

  app.get(
    '/api/v1/centers/:centerId/devices',
    { onRequest: supervisor, schema: { operationId: 'listDevices', security: staffSecurity, tags, summary: 'Kiosks, displays and counter PCs: green, amber or red, last seen', params: centerParamsSchema, response: { 200: devicesResponseSchema, ...staffErrors } } },
    (req) => services.devices.list(req.params.centerId),
  );

  app.delete(
    '/api/v1/centers/:centerId/devices/:deviceId',
    { onRequest: supervisor, schema: { operationId: 'forgetDevice', security: staffSecurity, tags, summary: 'Forget a retired device (it returns if it reports again)', params: deviceParamsSchema, response: { ...noContent, ...staffErrors } } },
    async (req, reply) => {
      await services.devices.forget(req.params.centerId, req.params.deviceId);
      req.log.info({ device: req.params.deviceId, by: req.user!.username }, 'device forgotten');
      return reply.code(204).send(null);
    },
  );
};
