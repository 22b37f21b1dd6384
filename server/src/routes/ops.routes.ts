import type { FastifyPluginAsync } from 'fastify';
import type { DatabaseHandle } from '../db/database';

/** Liveness, readiness and Prometheus metrics. */
export const opsRoutes: FastifyPluginAsync<{ database: DatabaseHandle; readinessChecks: (() => Promise<void>)[] }> = async (app, opts) => {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await opts.database.ping();
      for (const check of opts.readinessChecks) await check();
      return { status: 'ready' };
    } catch (error) {
      return reply.code(503).send({ error: { code: 'SERVICE_UNAVAILABLE', message: `not ready: ${(error as Error).message}` } });
    }
  });
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => reply.type(app.metrics.contentType).send(await app.metrics.metrics()));
};
