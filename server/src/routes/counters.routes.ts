import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  callTicketBodySchema,
  centerParamsSchema,
  completeBodySchema,
  counterEnvelopeSchema,
  counterParamsSchema,
  counterSchema,
  counterTodaySchema,
  pauseBodySchema,
  ticketEnvelopeSchema,
  ticketSchema,
  transferBodySchema,
} from '@navbat/shared';
import { noContent, staffErrors } from './schemas';

/** The counter commands of API.md; operators act on their own counter, supervisors on any. */
export const countersRoutes: FastifyPluginAsyncZod = async (app) => {
  const { services } = app;
  const operator = app.requireRole('operator');
  const tags = ['counters'];
  const counterReply = { 200: counterEnvelopeSchema, ...staffErrors };
  const ticketReply = { 200: ticketEnvelopeSchema, ...staffErrors };

  app.get(
    '/api/v1/centers/:centerId/counters',
    { onRequest: operator, schema: { tags, summary: 'Counters of a center', params: centerParamsSchema, response: { 200: z.array(counterSchema), ...staffErrors } } },
    (req) => services.counters.list(req.params.centerId),
  );

  app.get(
    '/api/v1/counters/:counterId',
    { onRequest: operator, schema: { tags, summary: 'One counter', params: counterParamsSchema, response: counterReply } },
    async (req) => ({ counter: await services.counters.get(req.params.counterId) }),
  );

  app.post(
    '/api/v1/counters/:counterId/open',
    { onRequest: operator, schema: { tags, summary: 'Work this counter, or resume it after a pause', params: counterParamsSchema, response: counterReply } },
    async (req) => ({ counter: await services.counters.open(req.user!, req.params.counterId) }),
  );

  app.post(
    '/api/v1/counters/:counterId/pause',
    { onRequest: operator, schema: { tags, summary: 'Pause with a reason', params: counterParamsSchema, body: pauseBodySchema, response: counterReply } },
    async (req) => ({ counter: await services.counters.pause(req.user!, req.params.counterId, req.body.reason) }),
  );

  app.post(
    '/api/v1/counters/:counterId/close',
    { onRequest: operator, schema: { tags, summary: 'Close the counter', params: counterParamsSchema, response: counterReply } },
    async (req) => ({ counter: await services.counters.close(req.user!, req.params.counterId) }),
  );

  app.post(
    '/api/v1/counters/:counterId/call-next',
    { onRequest: operator, schema: { tags, summary: 'Call the next ticket by the call order', params: counterParamsSchema, response: { ...ticketReply, ...noContent } } },
    async (req, reply) => {
      const ticket = await services.counters.callNext(req.user!, req.params.counterId);
      return ticket ? { ticket } : reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/counters/:counterId/call',
    { onRequest: operator, schema: { tags, summary: 'Call a specific waiting ticket', params: counterParamsSchema, body: callTicketBodySchema, response: ticketReply } },
    async (req) => ({ ticket: await services.counters.callSpecific(req.user!, req.params.counterId, req.body.ticketId) }),
  );

  app.post(
    '/api/v1/counters/:counterId/recall',
    { onRequest: operator, schema: { tags, summary: 'Announce the called ticket again', params: counterParamsSchema, response: ticketReply } },
    async (req) => ({ ticket: await services.counters.recall(req.user!, req.params.counterId) }),
  );

  app.post(
    '/api/v1/counters/:counterId/start',
    { onRequest: operator, schema: { tags, summary: 'The citizen arrived; service begins', params: counterParamsSchema, response: ticketReply } },
    async (req) => ({ ticket: await services.counters.start(req.user!, req.params.counterId) }),
  );

  app.post(
    '/api/v1/counters/:counterId/complete',
    { onRequest: operator, schema: { tags, summary: 'Service done', params: counterParamsSchema, body: completeBodySchema, response: ticketReply } },
    async (req) => ({ ticket: await services.counters.complete(req.user!, req.params.counterId, req.body?.outcome) }),
  );

  app.post(
    '/api/v1/counters/:counterId/no-show',
    { onRequest: operator, schema: { tags, summary: 'The citizen did not come', params: counterParamsSchema, response: ticketReply } },
    async (req) => ({ ticket: await services.counters.noShow(req.user!, req.params.counterId) }),
  );

  app.post(
    '/api/v1/counters/:counterId/transfer',
    { onRequest: operator, schema: { tags, summary: 'Send the ticket to another service or counter', params: counterParamsSchema, body: transferBodySchema, response: ticketReply } },
    async (req) => ({ ticket: await services.counters.transfer(req.user!, req.params.counterId, req.body) }),
  );

  app.get(
    '/api/v1/centers/:centerId/queue',
    { onRequest: operator, schema: { tags, summary: 'Waiting tickets in call order', params: centerParamsSchema, response: { 200: z.array(ticketSchema), ...staffErrors } } },
    (req) => services.tickets.queue(req.params.centerId),
  );

  app.get(
    '/api/v1/counters/:counterId/queue',
    { onRequest: operator, schema: { tags, summary: 'Waiting tickets this counter may call, in line order', params: counterParamsSchema, response: { 200: z.array(ticketSchema), ...staffErrors } } },
    (req) => services.counters.eligibleQueue(req.params.counterId),
  );

  app.get(
    '/api/v1/counters/:counterId/today',
    { onRequest: operator, schema: { tags, summary: "Today's served count, no-shows and mean service time of the counter's operator", params: counterParamsSchema, response: { 200: counterTodaySchema, ...staffErrors } } },
    (req) => services.counters.today(req.user!, req.params.counterId),
  );

  app.get(
    '/api/v1/centers/:centerId/queue-summary',
    { onRequest: operator, schema: { tags, summary: 'Waiting count, longest wait and estimate per service', params: centerParamsSchema } },
    (req) => services.centers.queueSummary(req.params.centerId),
  );
};
