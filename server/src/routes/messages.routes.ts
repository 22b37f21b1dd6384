import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  apiErrorSchema,
  messageTemplateParamsSchema,
  messageTemplateSchema,
  publicIdParamsSchema,
  pushSubscribedSchema,
  pushSubscriptionBodySchema,
  updateMessageTemplateBodySchema,
  vapidPublicKeySchema,
} from '@navbat/shared';
import { perMinute, publicErrors, publicSecurity, staffErrors, staffSecurity } from './schemas';

/** Citizen messages: the admin's templates, and Web Push for a ticket's phone page. */
export const messagesRoutes: FastifyPluginAsyncZod<{ rateLimitPerMinute: number; allowPrivateNetworks: boolean }> = async (app, options) => {
  const { services } = app;
  const admin = app.requireRole('admin');
  const tags = ['messages'];

  app.get(
    '/api/v1/admin/message-templates',
    { onRequest: admin, schema: { operationId: 'listMessageTemplates', security: staffSecurity, tags, summary: 'Citizen message templates, every kind in English and Urdu', response: { 200: z.array(messageTemplateSchema), ...staffErrors } } },
    () => services.messages.listTemplates(),
  );
  app.put(
    '/api/v1/admin/message-templates/:kind/:language',
    {
      onRequest: admin,
      schema: {
        operationId: 'updateMessageTemplate',
        security: staffSecurity,
        tags,
        summary: 'Replace a message template (only its kind’s placeholders)',
        params: messageTemplateParamsSchema,
        body: updateMessageTemplateBodySchema,
        response: { 200: messageTemplateSchema, ...staffErrors },
      },
    },
    (req) => services.messages.updateTemplate(req.user!, req.params.kind, req.params.language, req.body),
  );
  app.delete(
    '/api/v1/admin/message-templates/:kind/:language',
    { onRequest: admin, schema: { operationId: 'resetMessageTemplate', security: staffSecurity, tags, summary: 'Go back to the built-in template', params: messageTemplateParamsSchema, response: { 200: messageTemplateSchema, ...staffErrors } } },
    (req) => services.messages.resetTemplate(req.user!, req.params.kind, req.params.language),
  );

  app.get(
    '/api/v1/push/vapid-public-key',
    { config: perMinute(options.rateLimitPerMinute), schema: { operationId: 'getVapidPublicKey', security: publicSecurity, tags, summary: 'The server’s VAPID public key, for PushManager.subscribe', response: { 200: vapidPublicKeySchema, 429: apiErrorSchema } } },
    () => services.messages.vapidPublicKey(),
  );
  app.post(
    '/api/v1/tickets/:publicId/push-subscriptions',
    {
      config: perMinute(options.rateLimitPerMinute),
      schema: {
        operationId: 'subscribeTicketPush',
        security: publicSecurity,
        tags,
        summary: 'Be told by Web Push when the turn is near and when called',
        params: publicIdParamsSchema,
        body: pushSubscriptionBodySchema,
        response: { 201: pushSubscribedSchema, ...publicErrors, 413: apiErrorSchema },
      },
    },
    async (req, reply) => {
      const subscribed = await services.messages.subscribePush(req.params.publicId, req.body, { allowPrivateNetworks: options.allowPrivateNetworks });
      // A ticket already near has its message logged now: send it without waiting for the poll.
      app.outbox.wake();
      return reply.code(201).send(subscribed);
    },
  );
};
