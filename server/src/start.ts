import { appConfigFrom, type EnvConfig } from './config';
import { openDatabase } from './db/database';
import { migrateToLatest } from './db/migrate';
import { buildApp } from './app';
import { configureScaleOut, resyncAfterOutages } from './realtime/scale-out';
import { appliedMigrations } from './db/backup.repository';
import { newerSchemaMessage, schemaState } from './ops/schema-state';
import { scheduleBackups } from './ops/backup-schedule';
import type { EarlyServer } from './ops/early-listen';

/**
 * The process after its port is bound (`server.ts`): database → migrate → app → answer on the port →
 * graceful shutdown.
 */
export async function start(env: EnvConfig, early: EarlyServer): Promise<void> {
  const config = appConfigFrom(env);
  const database = openDatabase({ url: env.DATABASE_URL, sqliteSynchronous: env.SQLITE_SYNCHRONOUS, postgresPreparedStatements: env.POSTGRES_PREPARED_STATEMENTS === 'on', postgresPipeline: env.POSTGRES_PIPELINE === 'on', backgroundCheckpoints: env.SQLITE_CHECKPOINTS === 'background' });
  // Forward-only: an instance older than the database (a newer one migrated it) refuses to start.
  const before = schemaState(await appliedMigrations(database.db));
  if (before.newer.length > 0) throw new Error(newerSchemaMessage(before.newer));
  await migrateToLatest(database.db);

  const scaleOut = env.REDIS_URL ? await configureScaleOut(env.REDIS_URL, { keyPrefix: env.REDIS_KEY_PREFIX }) : null;
  const app = await buildApp({
    config,
    database,
    serverFactory: early.serverFactory,
    ...(scaleOut ? { configureAdapter: scaleOut.configureAdapter, readinessChecks: [scaleOut.ping], rateLimitStore: scaleOut.rateLimitStore } : {}),
  });
  // Displays and consoles get a fresh state when the database or Redis is back after an outage.
  const stopResync = resyncAfterOutages({
    io: app.io,
    views: app.services.centers,
    pingDatabase: database.ping,
    scaleOut,
    onError: (error) => app.log.warn({ err: error }, 'resync after an outage failed'),
    onDatabaseLost: () => app.log.warn('database unreachable: live screens resync when it is back'),
  });

  const admin = await app.services.bootstrap.ensureAdmin(env.ADMIN_PASSWORD);
  if (admin.generatedPassword) {
    // Printed once, on the first start of an empty database.
    console.log(`\n  Navbat: created user "admin" with password: ${admin.generatedPassword}\n  (set ADMIN_PASSWORD to choose it; it is not shown again)\n`);
  }
  if (env.SEED === 'demo' && (await app.services.bootstrap.seedDemo())) {
    app.log.info('seeded the demo centre isb-g9 (Asan Khidmat Markaz, Islamabad)');
  }

  // Daily SQLite backups while the hall runs (BACKUP_DIR); PostgreSQL is backed up by its own tools.
  const backups =
    env.BACKUP_DIR && database.sqlite
      ? scheduleBackups({
          sqlite: database.sqlite,
          dir: env.BACKUP_DIR,
          keep: env.BACKUP_KEEP,
          onBackup: (file) => app.log.info({ file }, 'scheduled backup written'),
          onError: (error) => app.log.error({ err: error }, 'scheduled backup failed'),
        })
      : null;

  // Answers what waited on the port since the start, then everything (the port is bound already).
  await app.listen({ port: early.address.port, host: early.address.address });
  const shown = env.HOST === '0.0.0.0' ? 'localhost' : env.HOST;
  const port = early.address.port;
  app.log.info(`kiosk http://${shown}:${port}/kiosk · counter http://${shown}:${port}/counter · display http://${shown}:${port}/display · API docs http://${shown}:${port}/api/docs`);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal}: finishing requests and closing`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    try {
      stopResync();
      backups?.stop();
      await app.close();
      await scaleOut?.close();
      await database.close();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
