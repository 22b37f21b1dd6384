import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { Webhook } from 'standardwebhooks';
import { AppError, apiErrorSchema, paymentBodySchema, paymentNoticeBodySchema, ticketEnvelopeSchema, ticketIdParamsSchema } from '@navbat/shared';
import { publicSecurity, staffErrors, staffSecurity } from './schemas';

/**
 * Fees: the counter's payment command, and the fee authority's signed notices (Standard Webhooks, verified
 * with `PAYMENT_WEBHOOK_SECRET` over the exact bytes received; unset, the route answers 404).
 */
export const paymentsRoutes: FastifyPluginAsyncZod<{ paymentWebhookSecret: string | undefined }> = async (app, options) => {
  const { services } = app;
  const operator = app.requireRole('operator');

  app.post(
    '/api/v1/tickets/:id/payment',
    {
      onRequest: operator,
      schema: {
        operationId: 'recordPayment',
        security: staffSecurity,
        tags: ['payments'],
        summary: "Record a ticket's PSID (once), or mark its fee paid or waived with a receipt reference",
        params: ticketIdParamsSchema,
        body: paymentBodySchema,
        response: { 200: ticketEnvelopeSchema, ...staffErrors },
      },
    },
    async (req) => ({ ticket: await services.payments.record(req.user!, req.params.id, req.body) }),
  );

  // The signature covers the body as sent, so this plugin (and only it) keeps the raw text.
  const rawBodies = new WeakMap<FastifyRequest, string>();
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = String(body);
    rawBodies.set(req, text);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new AppError('INVALID_JSON', 'the body is not valid JSON'), undefined);
    }
  });
  const verifier = options.paymentWebhookSecret ? new Webhook(options.paymentWebhookSecret) : null;

  app.post(
    '/api/v1/integrations/payments',
    {
      onRequest: async () => {
        if (!verifier) throw new AppError('NOT_FOUND', 'payment notices are not configured here');
      },
      // Before validation: a notice without a good signature is 401 whatever its body.
      preValidation: async (req) => {
        const header = (name: string) => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : '');
        try {
          verifier!.verify(rawBodies.get(req) ?? '', { 'webhook-id': header('webhook-id'), 'webhook-timestamp': header('webhook-timestamp'), 'webhook-signature': header('webhook-signature') });
        } catch {
          throw new AppError('INVALID_SIGNATURE', 'missing or bad webhook signature');
        }
      },
      schema: {
        operationId: 'takePaymentNotice',
        security: publicSecurity,
        tags: ['payments'],
        summary: "The fee authority's signed notice that a PSID was paid (replay-safe on webhook-id)",
        body: paymentNoticeBodySchema,
        response: { 200: ticketEnvelopeSchema, 400: apiErrorSchema, 401: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema },
      },
    },
    async (req) => ({ ticket: await services.payments.takeNotice(String(req.headers['webhook-id']), req.body) }),
  );
};
