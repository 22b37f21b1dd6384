import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  auditEntrySchema,
  auditQuerySchema,
  centerParamsSchema,
  centerEnvelopeSchema,
  counterEnvelopeSchema,
  createCenterBodySchema,
  createCounterBodySchema,
  createServiceBodySchema,
  createServiceGroupBodySchema,
  createUserBodySchema,
  intId,
  serviceDeactivatedSchema,
  serviceGroupSchema,
  serviceSchema,
  serviceEnvelopeSchema,
  serviceGroupEnvelopeSchema,
  tickerBodySchema,
  updateCenterBodySchema,
  updateCounterBodySchema,
  updateServiceBodySchema,
  updateServiceGroupBodySchema,
  updateUserBodySchema,
  userEnvelopeSchema,
  userSchema,
} from '@navbat/shared';
import { noContent, staffErrors, staffSecurity } from './schemas';

const idParams = z.object({ id: intId });

/** Administration (admin role), plus the ticker message that supervisors set for the displays. */
export const adminRoutes: FastifyPluginAsyncZod = async (app) => {
  const { services } = app;
  const admin = app.requireRole('admin');
  const supervisor = app.requireRole('supervisor');
  const tags = ['admin'];

  // ---- centers ----
  app.post('/api/v1/admin/centers', { onRequest: admin, schema: { operationId: 'createCenter', security: staffSecurity, tags, summary: 'Create a center', body: createCenterBodySchema, response: { 201: centerEnvelopeSchema, ...staffErrors } } }, async (req, reply) =>
    reply.code(201).send({ center: await services.admin.createCenter(req.user!, req.body) }),
  );
  app.get('/api/v1/admin/centers/:centerId', { onRequest: supervisor, schema: { operationId: 'getCenter', security: staffSecurity, tags, summary: 'A center with its settings', params: centerParamsSchema, response: { 200: centerEnvelopeSchema, ...staffErrors } } }, async (req) => ({
    center: await services.admin.getCenter(req.params.centerId),
  }));
  app.patch(
    '/api/v1/admin/centers/:centerId',
    { onRequest: admin, schema: { operationId: 'updateCenter', security: staffSecurity, tags, summary: 'Change a center', params: centerParamsSchema, body: updateCenterBodySchema, response: { 200: centerEnvelopeSchema, ...staffErrors } } },
    async (req) => ({ center: await services.admin.updateCenter(req.user!, req.params.centerId, req.body) }),
  );
  app.put(
    '/api/v1/centers/:centerId/ticker',
    { onRequest: supervisor, schema: { operationId: 'setTicker', security: staffSecurity, tags: ['supervisor'], summary: 'Set the displays’ ticker message', params: centerParamsSchema, body: tickerBodySchema, response: { 200: centerEnvelopeSchema, ...staffErrors } } },
    async (req) => ({ center: await services.admin.updateCenter(req.user!, req.params.centerId, { tickerMessage: req.body.message }) }),
  );

  // ---- service groups ----
  app.get('/api/v1/admin/centers/:centerId/service-groups', { onRequest: supervisor, schema: { operationId: 'listServiceGroups', security: staffSecurity, tags, summary: 'Service groups of a center', params: centerParamsSchema, response: { 200: z.array(serviceGroupSchema), ...staffErrors } } }, (req) =>
    services.admin.listGroups(req.params.centerId),
  );
  app.post('/api/v1/admin/service-groups', { onRequest: admin, schema: { operationId: 'createServiceGroup', security: staffSecurity, tags, summary: 'Create a service group', body: createServiceGroupBodySchema, response: { 201: serviceGroupEnvelopeSchema, ...staffErrors } } }, async (req, reply) =>
    reply.code(201).send({ group: await services.admin.createGroup(req.user!, req.body) }),
  );
  app.patch('/api/v1/admin/service-groups/:id', { onRequest: admin, schema: { operationId: 'updateServiceGroup', security: staffSecurity, tags, summary: 'Change a service group', params: idParams, body: updateServiceGroupBodySchema, response: { 200: serviceGroupEnvelopeSchema, ...staffErrors } } }, async (req) => ({
    group: await services.admin.updateGroup(req.user!, req.params.id, req.body),
  }));
  app.delete(
    '/api/v1/admin/service-groups/:id',
    { onRequest: admin, schema: { operationId: 'deleteServiceGroup', security: staffSecurity, tags, summary: 'Delete an empty service group: 204, or 409 IN_USE while services are in it', params: idParams, response: { ...noContent, ...staffErrors } } },
    async (req, reply) => {
      await services.admin.deleteGroup(req.user!, req.params.id);
      return reply.code(204).send(null);
    },
  );

  // ---- services ----
  app.get('/api/v1/admin/centers/:centerId/services', { onRequest: operator(), schema: { operationId: 'listAllServices', security: staffSecurity, tags, summary: 'All services, inactive included', params: centerParamsSchema, response: { 200: z.array(serviceSchema), ...staffErrors } } }, (req) =>
    services.admin.listAllServices(req.params.centerId),
  );
  app.post('/api/v1/admin/services', { onRequest: admin, schema: { operationId: 'createService', security: staffSecurity, tags, summary: 'Create a service', body: createServiceBodySchema, response: { 201: serviceEnvelopeSchema, ...staffErrors } } }, async (req, reply) =>
    reply.code(201).send({ service: await services.admin.createService(req.user!, req.body) }),
  );
  app.get('/api/v1/admin/services/:id', { onRequest: supervisor, schema: { operationId: 'getService', security: staffSecurity, tags, summary: 'A service with its settings', params: idParams, response: { 200: serviceEnvelopeSchema, ...staffErrors } } }, async (req) => ({
    service: await services.admin.getService(req.params.id),
  }));
  app.patch('/api/v1/admin/services/:id', { onRequest: admin, schema: { operationId: 'updateService', security: staffSecurity, tags, summary: 'Change a service', params: idParams, body: updateServiceBodySchema, response: { 200: serviceEnvelopeSchema, ...staffErrors } } }, async (req) => ({
    service: await services.admin.updateService(req.user!, req.params.id, req.body),
  }));
  app.delete(
    '/api/v1/admin/services/:id',
    {
      onRequest: admin,
      schema: {
        operationId: 'deleteService',
        security: staffSecurity,
        tags,
        summary: 'Delete a service: 204 when it never issued a ticket, 200 with the deactivated service when it has past tickets, 409 IN_USE while people wait',
        params: idParams,
        response: { 200: serviceDeactivatedSchema, ...noContent, ...staffErrors },
      },
    },
    async (req, reply) => {
      const result = await services.admin.deleteService(req.user!, req.params.id);
      return result.service ? reply.code(200).send({ deleted: false as const, service: result.service }) : reply.code(204).send(null);
    },
  );

  // ---- counters ----
  app.post('/api/v1/admin/counters', { onRequest: admin, schema: { operationId: 'createCounter', security: staffSecurity, tags, summary: 'Create a counter', body: createCounterBodySchema, response: { 201: counterEnvelopeSchema, ...staffErrors } } }, async (req, reply) =>
    reply.code(201).send({ counter: await services.admin.createCounter(req.user!, req.body) }),
  );
  app.patch('/api/v1/admin/counters/:id', { onRequest: admin, schema: { operationId: 'updateCounter', security: staffSecurity, tags, summary: 'Change a counter', params: idParams, body: updateCounterBodySchema, response: { 200: counterEnvelopeSchema, ...staffErrors } } }, async (req) => ({
    counter: await services.admin.updateCounter(req.user!, req.params.id, req.body),
  }));
  app.delete('/api/v1/admin/counters/:id', { onRequest: admin, schema: { operationId: 'deleteCounter', security: staffSecurity, tags, summary: 'Delete a counter', params: idParams, response: { ...noContent, ...staffErrors } } }, async (req, reply) => {
    await services.admin.deleteCounter(req.user!, req.params.id);
    return reply.code(204).send(null);
  });

  // ---- audit trail ----
  app.get(
    '/api/v1/admin/audit',
    { onRequest: supervisor, schema: { operationId: 'listAudit', security: staffSecurity, tags, summary: 'Administrative changes, newest first', querystring: auditQuerySchema, response: { 200: z.array(auditEntrySchema), ...staffErrors } } },
    (req) => services.admin.listAudit(req.query),
  );

  // ---- users ----
  app.get('/api/v1/admin/users', { onRequest: admin, schema: { operationId: 'listUsers', security: staffSecurity, tags, summary: 'Staff users', response: { 200: z.array(userSchema), ...staffErrors } } }, () => services.admin.listStaff());
  app.post('/api/v1/admin/users', { onRequest: admin, schema: { operationId: 'createUser', security: staffSecurity, tags, summary: 'Create a staff user', body: createUserBodySchema, response: { 201: userEnvelopeSchema, ...staffErrors } } }, async (req, reply) =>
    reply.code(201).send({ user: await services.admin.createUser(req.user!, req.body) }),
  );
  app.get('/api/v1/admin/users/:id', { onRequest: admin, schema: { operationId: 'getUser', security: staffSecurity, tags, summary: 'A staff user', params: idParams, response: { 200: userEnvelopeSchema, ...staffErrors } } }, async (req) => ({
    user: await services.admin.getUser(req.params.id),
  }));
  app.patch('/api/v1/admin/users/:id', { onRequest: admin, schema: { operationId: 'updateUser', security: staffSecurity, tags, summary: 'Change role or name, reset password, deactivate', params: idParams, body: updateUserBodySchema, response: { 200: userEnvelopeSchema, ...staffErrors } } }, async (req) => {
    const user = await services.admin.updateUser(req.user!, req.params.id, req.body);
    // A new password or a deactivation ended the user's sessions: their consoles on this instance close now.
    void app.closeEndedStaffSockets();
    return { user };
  });

  function operator() {
    return app.requireRole('operator');
  }
};
