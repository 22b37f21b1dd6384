import type { FastifyPluginAsync } from 'fastify';
import type { DatabaseHandle } from '../db/database';

type Check = 'ok' | 'not configured' | string;

/** Liveness, readiness (database, migrations, Redis, backup age) and Prometheus metrics. */
export const opsRoutes: FastifyPluginAsync<{ database: DatabaseHandle; readinessChecks: (() => Promise<void>)[] }> = async (app, opts) => {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    const problems: string[] = [];
    let database: Check = 'ok';
    let migrations: { pending: string[]; newer: string[] } | null = null;
    try {
      await opts.database.ping();
      migrations = await app.ops.schema();
    } catch (error) {
      database = `unreachable: ${(error as Error).message}`;
      problems.push('database');
    }
    if (migrations?.pending.length) problems.push(`migrations pending: ${migrations.pending.join(', ')}`);
    if (migrations?.newer.length) problems.push(`the database is newer than this code (${migrations.newer.join(', ')})`);
    // The only extra readiness check server.ts passes is Redis's ping.
    let redis: Check = 'not configured';
    for (const check of opts.readinessChecks) {
      try {
        await check();
        redis = 'ok';
      } catch (error) {
        redis = `unreachable: ${(error as Error).message}`;
        problems.push('redis');
      }
    }
    // A stale backup is reported, not a reason to take the instance out of the balancer.
    const backup = app.ops.backupStatus();
    const body = { status: problems.length ? 'not ready' : 'ready', database, migrations, redis, backup, ...(problems.length ? { problems } : {}) };
    if (!problems.length) return body;
    return reply.code(503).send({ ...body, error: { code: 'SERVICE_UNAVAILABLE', message: `not ready: ${problems.join('; ')}` } });
  });
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => reply.type(app.metrics.contentType).send(await app.metrics.metrics()));
};
