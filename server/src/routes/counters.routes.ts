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
  queueSummarySchema,
  ticketEnvelopeSchema,
  ticketSchema,
  transferBodySchema,
} from '@navbat/shared';
import type { Counter, Ticket, User } from '@navbat/shared';
import { noContent, staffErrors, staffSecurity } from './schemas';

/** The counter commands of API.md; operators act on their own counter, supervisors on any. */
export const countersRoutes: FastifyPluginAsyncZod = async (app) => {
  const { services } = app;
  const operator = app.requireRole('operator');
  const tags = ['counters'];
  const counterReply = { 200: counterEnvelopeSchema, ...staffErrors };
  const ticketReply = { 200: ticketEnvelopeSchema, ...staffErrors };

  /** A command on the counter's current ticket that takes no body: answers `{ ticket }`. */
  const ticketCommand = (command: string, operationId: string, summary: string, run: (user: User, counterId: number) => Promise<Ticket>) =>
    app.post(
      `/api/v1/counters/:counterId/${command}`,
      { onRequest: operator, schema: { operationId, security: staffSecurity, tags, summary, params: counterParamsSchema, response: ticketReply } },
      async (req) => ({ ticket: await run(req.user!, req.params.counterId) }),
    );
  /** A command on the counter itself that takes no body: answers `{ counter }`. */
  const counterCommand = (command: string, operationId: string, summary: string, run: (user: User, counterId: number) => Promise<Counter>) =>
    app.post(
      `/api/v1/counters/:counterId/${command}`,
      { onRequest: operator, schema: { operationId, security: staffSecurity, tags, summary, params: counterParamsSchema, response: counterReply } },
      async (req) => ({ counter: await run(req.user!, req.params.counterId) }),
    );

  app.get(
    '/api/v1/centers/:centerId/counters',
    { onRequest: operator, schema: { operationId: 'listCounters', security: staffSecurity, tags, summary: 'Counters of a center', params: centerParamsSchema, response: { 200: z.array(counterSchema), ...staffErrors } } },
    (req) => services.counters.list(req.params.centerId),
  );

  app.get(
    '/api/v1/counters/:counterId',
    { onRequest: operator, schema: { operationId: 'getCounter', security: staffSecurity, tags, summary: 'One counter', params: counterParamsSchema, response: counterReply } },
    async (req) => ({ counter: await services.counters.get(req.params.counterId) }),
  );

  counterCommand('open', 'openCounter', 'Work this counter, or resume it after a pause', services.counters.open);

  app.post(
    '/api/v1/counters/:counterId/pause',
    { onRequest: operator, schema: { operationId: 'pauseCounter', security: staffSecurity, tags, summary: 'Pause with a reason', params: counterParamsSchema, body: pauseBodySchema, response: counterReply } },
    async (req) => ({ counter: await services.counters.pause(req.user!, req.params.counterId, req.body.reason, req.body.expectedMinutes) }),
  );

  counterCommand('close', 'closeCounter', 'Close the counter', services.counters.close);

  app.post(
    '/api/v1/counters/:counterId/call-next',
    { onRequest: operator, schema: { operationId: 'callNextTicket', security: staffSecurity, tags, summary: 'Call the next ticket by the call order', params: counterParamsSchema, response: { ...ticketReply, ...noContent } } },
    async (req, reply) => {
      const ticket = await services.counters.callNext(req.user!, req.params.counterId);
      return ticket ? { ticket } : reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/counters/:counterId/call',
    { onRequest: operator, schema: { operationId: 'callTicket', security: staffSecurity, tags, summary: 'Call a specific waiting ticket', params: counterParamsSchema, body: callTicketBodySchema, response: ticketReply } },
    async (req) => ({ ticket: await services.counters.callSpecific(req.user!, req.params.counterId, req.body.ticketId) }),
  );

  ticketCommand('recall', 'recallTicket', 'Announce the called ticket again', services.counters.recall);

  ticketCommand('start', 'startService', 'The citizen arrived; service begins', services.counters.start);

  app.post(
    '/api/v1/counters/:counterId/complete',
    { onRequest: operator, schema: { operationId: 'completeService', security: staffSecurity, tags, summary: 'Service done', params: counterParamsSchema, body: completeBodySchema, response: ticketReply } },
    async (req) => ({ ticket: await services.counters.complete(req.user!, req.params.counterId, req.body?.outcome, req.body?.endJourney) }),
  );

  ticketCommand('no-show', 'markNoShow', 'The citizen did not come', services.counters.noShow);

  app.post(
    '/api/v1/counters/:counterId/transfer',
    { onRequest: operator, schema: { operationId: 'transferTicket', security: staffSecurity, tags, summary: 'Send the ticket to another service or counter', params: counterParamsSchema, body: transferBodySchema, response: ticketReply } },
    async (req) => ({ ticket: await services.counters.transfer(req.user!, req.params.counterId, req.body) }),
  );

  app.get(
    '/api/v1/centers/:centerId/queue',
    { onRequest: operator, schema: { operationId: 'listCenterQueue', security: staffSecurity, tags, summary: 'Waiting tickets in call order', params: centerParamsSchema, response: { 200: z.array(ticketSchema), ...staffErrors } } },
    (req) => services.tickets.queue(req.params.centerId),
  );

  app.get(
    '/api/v1/counters/:counterId/queue',
    { onRequest: operator, schema: { operationId: 'listCounterQueue', security: staffSecurity, tags, summary: 'Waiting tickets this counter may call, in line order', params: counterParamsSchema, response: { 200: z.array(ticketSchema), ...staffErrors } } },
    (req) => services.counters.eligibleQueue(req.params.counterId),
  );

  app.get(
    '/api/v1/counters/:counterId/today',
    { onRequest: operator, schema: { operationId: 'getCounterToday', security: staffSecurity, tags, summary: "Today's served count, no-shows and mean service time of the counter's operator", params: counterParamsSchema, response: { 200: counterTodaySchema, ...staffErrors } } },
    (req) => services.counters.today(req.user!, req.params.counterId),
  );

  app.get(
    '/api/v1/centers/:centerId/queue-summary',
    { onRequest: operator, schema: { operationId: 'getQueueSummary', security: staffSecurity, tags, summary: 'Waiting count, longest wait and estimate per service', params: centerParamsSchema, response: { 200: queueSummarySchema, ...staffErrors } } },
    (req) => services.centers.queueSummary(req.params.centerId),
  );
};
