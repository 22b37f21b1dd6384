import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { apiErrorSchema, loginBodySchema, userEnvelopeSchema } from '@navbat/shared';
import { sessionCookie } from '../plugins/auth.plugin';
import { noContent, perMinute, publicSecurity, staffSecurity } from './schemas';

export const authRoutes: FastifyPluginAsyncZod<{ loginAttemptsPerMinute: number }> = async (app, opts) => {
  const { services } = app;
  const throttled = perMinute(opts.loginAttemptsPerMinute);

  app.post(
    '/api/v1/auth/login',
    { config: throttled, schema: { operationId: 'login', security: publicSecurity, tags: ['staff'], summary: 'Sign in', body: loginBodySchema, response: { 200: userEnvelopeSchema, 400: apiErrorSchema, 401: apiErrorSchema, 429: apiErrorSchema } } },
    async (req, reply) => {
      const { user, token } = await services.auth.login(req.body);
      app.setSessionCookie(reply, token);
      return { user };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    { onRequest: app.requireRole('operator'), schema: { operationId: 'logout', security: staffSecurity, tags: ['staff'], summary: 'Sign out', response: { ...noContent, 401: apiErrorSchema } } },
    async (req, reply) => {
      const token = app.sessionToken(req);
      if (token) await services.auth.logout(token);
      // This session's consoles and dashboards on this instance close now (the others within `staffRecheckMs`).
      void app.closeEndedStaffSockets();
      reply.clearCookie(sessionCookie, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/auth/me',
    { onRequest: app.requireRole('operator'), schema: { operationId: 'getCurrentUser', security: staffSecurity, tags: ['staff'], summary: 'The signed-in user', response: { 200: userEnvelopeSchema, 401: apiErrorSchema } } },
    async (req) => ({ user: req.user! }),
  );
};
