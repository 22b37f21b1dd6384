import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  cancelTicketBodySchema,
  centerParamsSchema,
  counterEnvelopeSchema,
  dayServicesBodySchema,
  counterParamsSchema,
  holdBodySchema,
  moveTicketBodySchema,
  releaseBodySchema,
  reopenableNoShowSchema,
  reopenTicketBodySchema,
  supervisorShiftBodySchema,
  ticketEnvelopeSchema,
  ticketIdParamsSchema,
  ticketSchema,
} from '@navbat/shared';
import { staffErrors, staffSecurity } from './schemas';

export interface ControlRoutesOptions {
  /** A hold's time limit when the operator names none, in minutes. */
  holdMinutes: number;
  /** How long after a no-show a supervisor may re-open it, in minutes. */
  noShowGraceMinutes: number;
}

/** The control room (docs/control-room.md): an operator's hold and release, and the supervisor's actions on the hall. */
export const controlRoutes: FastifyPluginAsyncZod<ControlRoutesOptions> = async (app, options) => {
  const { services } = app;
  const operator = app.requireRole('operator');
  const supervisor = app.requireRole('supervisor');
  const tags = ['control room'];
  const ticketReply = { 200: ticketEnvelopeSchema, ...staffErrors };

  app.post(
    '/api/v1/counters/:counterId/hold',
    {
      onRequest: operator,
      schema: { operationId: 'holdTicket', security: staffSecurity, tags, summary: "Hold the counter's ticket aside for a while (it stays waiting, for this counter only)", params: counterParamsSchema, body: holdBodySchema, response: ticketReply },
    },
    async (req) => ({ ticket: await services.control.hold(req.user!, req.params.counterId, req.body?.minutes ?? options.holdMinutes) }),
  );

  app.post(
    '/api/v1/counters/:counterId/release',
    {
      onRequest: operator,
      schema: { operationId: 'releaseTicket', security: staffSecurity, tags, summary: 'Bring a held ticket back: first of this counter’s calls', params: counterParamsSchema, body: releaseBodySchema, response: ticketReply },
    },
    async (req) => ({ ticket: await services.control.release(req.user!, req.params.counterId, req.body.ticketId) }),
  );

  app.get(
    '/api/v1/counters/:counterId/held',
    {
      onRequest: operator,
      schema: { operationId: 'listHeldTickets', security: staffSecurity, tags, summary: 'Tickets this counter holds aside, or that came back from a hold', params: counterParamsSchema, response: { 200: z.array(ticketSchema), ...staffErrors } },
    },
    (req) => services.control.held(req.params.counterId),
  );

  app.post(
    '/api/v1/control/counters/:counterId/shift',
    {
      onRequest: supervisor,
      schema: {
        operationId: 'superviseCounter',
        security: staffSecurity,
        tags,
        summary: 'Close or pause a counter with a reason, saying what happens to its ticket',
        params: counterParamsSchema,
        body: supervisorShiftBodySchema,
        response: { 200: counterEnvelopeSchema, ...staffErrors },
      },
    },
    async (req) => ({ counter: await services.control.changeCounter(req.user!, req.params.counterId, req.body) }),
  );

  app.post(
    '/api/v1/control/tickets/:id/move',
    { onRequest: supervisor, schema: { operationId: 'moveTicket', security: staffSecurity, tags, summary: 'Move a waiting ticket to another service or counter', params: ticketIdParamsSchema, body: moveTicketBodySchema, response: ticketReply } },
    async (req) => ({ ticket: await services.control.moveTicket(req.user!, req.params.id, req.body) }),
  );

  app.post(
    '/api/v1/control/tickets/:id/cancel',
    { onRequest: supervisor, schema: { operationId: 'cancelTicketBySupervisor', security: staffSecurity, tags, summary: 'Cancel a waiting ticket with a reason', params: ticketIdParamsSchema, body: cancelTicketBodySchema, response: ticketReply } },
    async (req) => ({ ticket: await services.control.cancelTicket(req.user!, req.params.id, req.body.reason) }),
  );

  app.post(
    '/api/v1/control/tickets/:id/reopen',
    { onRequest: supervisor, schema: { operationId: 'reopenNoShow', security: staffSecurity, tags, summary: 'Re-open a no-show within the grace period: first of its line', params: ticketIdParamsSchema, body: reopenTicketBodySchema, response: ticketReply } },
    async (req) => ({ ticket: await services.control.reopenTicket(req.user!, req.params.id, options.noShowGraceMinutes, req.body?.reason) }),
  );

  app.put(
    '/api/v1/control/counters/:counterId/services',
    {
      onRequest: supervisor,
      schema: {
        operationId: 'setCounterDayServices',
        security: staffSecurity,
        tags,
        summary: 'Change the services a counter serves for the rest of the centre’s day',
        params: counterParamsSchema,
        body: dayServicesBodySchema,
        response: { 200: counterEnvelopeSchema, ...staffErrors },
      },
    },
    async (req) => ({ counter: await services.control.setDayServices(req.user!, req.params.counterId, req.body) }),
  );

  app.delete(
    '/api/v1/control/counters/:counterId/services',
    {
      onRequest: supervisor,
      schema: { operationId: 'resetCounterDayServices', security: staffSecurity, tags, summary: 'Put a counter back on its usual services before the day ends', params: counterParamsSchema, response: { 200: counterEnvelopeSchema, ...staffErrors } },
    },
    async (req) => ({ counter: await services.control.resetDayServices(req.user!, req.params.counterId) }),
  );

  app.get(
    '/api/v1/control/centers/:centerId/no-shows',
    {
      onRequest: supervisor,
      schema: {
        operationId: 'listReopenableNoShows',
        security: staffSecurity,
        tags,
        summary: 'No-shows a supervisor may still re-open (within the grace period), latest first',
        params: centerParamsSchema,
        response: { 200: z.array(reopenableNoShowSchema), ...staffErrors },
      },
    },
    (req) => services.control.listReopenable(req.params.centerId, options.noShowGraceMinutes),
  );
};
