import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  createWebhookBodySchema,
  updateWebhookBodySchema,
  webhookCreatedSchema,
  webhookDeliveriesQuerySchema,
  webhookDeliveryParamsSchema,
  webhookDeliverySchema,
  webhookParamsSchema,
  webhookSchema,
  webhookSecretRotatedSchema,
} from '@navbat/shared';
import { noContent, staffErrors, staffSecurity } from './schemas';

const accepted = { 202: z.null().describe('the delivery is due again; the dispatcher sends it') };

/** Webhooks (Standard Webhooks 1.0), admin only. */
export const webhooksRoutes: FastifyPluginAsyncZod<{ allowPrivateNetworks: boolean }> = async (app, options) => {
  const { services } = app;
  const admin = app.requireRole('admin');
  const tags = ['webhooks'];

  app.post(
    '/api/v1/admin/webhooks',
    { onRequest: admin, schema: { operationId: 'createWebhook', security: staffSecurity, tags, summary: 'Register a receiver; its secret is shown once', body: createWebhookBodySchema, response: { 201: webhookCreatedSchema, ...staffErrors } } },
    async (req, reply) => reply.code(201).send(await services.webhooks.create(req.user!, req.body, { allowPrivateNetworks: options.allowPrivateNetworks })),
  );
  app.get('/api/v1/admin/webhooks', { onRequest: admin, schema: { operationId: 'listWebhooks', security: staffSecurity, tags, summary: 'Every webhook', response: { 200: z.array(webhookSchema), ...staffErrors } } }, () => services.webhooks.list());
  app.delete('/api/v1/admin/webhooks/:id', { onRequest: admin, schema: { operationId: 'deleteWebhook', security: staffSecurity, tags, summary: 'Remove a webhook and its delivery log', params: webhookParamsSchema, response: { ...noContent, ...staffErrors } } }, async (req, reply) => {
    await services.webhooks.remove(req.user!, req.params.id);
    return reply.code(204).send(null);
  });
  app.patch(
    '/api/v1/admin/webhooks/:id',
    { onRequest: admin, schema: { operationId: 'updateWebhook', security: staffSecurity, tags, summary: 'Switch a webhook off, or on again (clears why it was disabled)', params: webhookParamsSchema, body: updateWebhookBodySchema, response: { 200: webhookSchema, ...staffErrors } } },
    (req) => services.webhooks.setEnabled(req.user!, req.params.id, req.body),
  );
  app.get(
    '/api/v1/admin/webhooks/:id/deliveries',
    { onRequest: admin, schema: { operationId: 'listWebhookDeliveries', security: staffSecurity, tags, summary: 'A webhook’s deliveries, newest first', params: webhookParamsSchema, querystring: webhookDeliveriesQuerySchema, response: { 200: z.array(webhookDeliverySchema), ...staffErrors } } },
    (req) => services.webhooks.deliveries(req.params.id, req.query.limit),
  );
  app.post(
    '/api/v1/admin/webhooks/:id/deliveries/:deliveryId/retry',
    { onRequest: admin, schema: { operationId: 'retryWebhookDelivery', security: staffSecurity, tags, summary: 'Send a delivery again now', params: webhookDeliveryParamsSchema, response: { ...accepted, ...staffErrors } } },
    async (req, reply) => {
      await services.webhooks.retry(req.user!, req.params.id, req.params.deliveryId);
      app.outbox.wake();
      return reply.code(202).send(null);
    },
  );
  app.post(
    '/api/v1/admin/webhooks/:id/rotate-secret',
    { onRequest: admin, schema: { operationId: 'rotateWebhookSecret', security: staffSecurity, tags, summary: 'A new secret; both sign for a day', params: webhookParamsSchema, response: { 200: webhookSecretRotatedSchema, ...staffErrors } } },
    (req) => services.webhooks.rotateSecret(req.user!, req.params.id),
  );
};
