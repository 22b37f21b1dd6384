import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Server } from 'socket.io';
import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { AppError } from '@navbat/shared';
import type { AppConfig } from './config';
import type { DatabaseHandle } from './db/database';
import { systemClock, type Clock } from './services/context';
import { createServices, type Services } from './services';
import { EventBus } from './services/event-bus';
import { clientErrorHandler, errorsPlugin, frameworkErrors } from './plugins/errors.plugin';
import { authPlugin } from './plugins/auth.plugin';
import { securityPlugin } from './plugins/security.plugin';
import { metricsPlugin } from './plugins/metrics.plugin';
import { openapiPlugin } from './plugins/openapi.plugin';
import { appsPlugin } from './plugins/apps.plugin';
import { compressionPlugin } from './plugins/compression.plugin';
import { realtimePlugin } from './realtime/socket.plugin';
import { publicRoutes } from './routes/public.routes';
import { authRoutes } from './routes/auth.routes';
import { controlRoutes } from './routes/control.routes';
import { staffTicketsRoutes } from './routes/staff-tickets.routes';
import { countersRoutes } from './routes/counters.routes';
import { reportsRoutes } from './routes/reports.routes';
import { adminRoutes } from './routes/admin.routes';
import { estimatesRoutes } from './routes/estimates.routes';
import { opsRoutes } from './routes/ops.routes';
import { webhooksRoutes } from './routes/webhooks.routes';
import { paymentsRoutes } from './routes/payments.routes';
import { appointmentsRoutes } from './routes/appointments.routes';
import { outboxPlugin } from './outbox/outbox.plugin';
import { plannerRoutes } from './routes/planner.routes';
import { bookingStatsRoutes } from './routes/booking-stats.routes';
import { purgeIdempotencyKeys } from './db/idempotency.repository';
import { messagesRoutes } from './routes/messages.routes';
import { messageChannelsFrom, type MessageChannels } from './messages/message-channels';
import { RequestLogController } from './plugins/request-log';
import type { EarlyServer } from './ops/early-listen';
import { opsPlugin } from './ops/ops.plugin';
import { backupsRoutes } from './routes/backups.routes';
import { overviewRoutes } from './routes/overview.routes';
import { devicesRoutes } from './routes/devices.routes';
import { siteRoutes } from './routes/site.routes';
import { closuresRoutes } from './routes/closures.routes';
import { broadcastsRoutes } from './routes/broadcasts.routes';
import { noteFlowEvents } from './services/views/estimate.view';

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
    bus: EventBus;
  }
}

export interface AppDeps {
  config: AppConfig;
  database: DatabaseHandle;
  clock?: Clock;
  /** A pino logger (or `false`); defaults to one at `config.logLevel`. */
  logger?: boolean | object;
  /** Installs the cross-instance Socket.IO adapter. */
  configureAdapter?: (io: Server) => Promise<void>;
  /** Extra readiness checks (e.g. Redis) for /readyz. */
  readinessChecks?: (() => Promise<void>)[];
  /** A rate-limit store shared by several instances (Redis); defaults to counting in memory. */
  rateLimitStore?: FastifyRateLimitStoreCtor;
  /** Where citizen messages go (tests may catch them); defaults to the SMS gateway and Web Push of `config`. */
  messageChannels?: MessageChannels;
  /** The HTTP server to answer on (a port bound before the app was built, `ops/early-listen.ts`); Fastify makes its own without. */
  serverFactory?: EarlyServer['serverFactory'];
}

// Fastify types its compiler factories after Ajv's and fast-json-stringify's; the zod compilers take the same calls.
const zodCompilers = { buildValidator: () => validatorCompiler, buildSerializer: () => serializerCompiler } as unknown as NonNullable<
  NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
>;

/** Builds the whole app on an open, migrated database. Never reads the environment or listens. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database } = deps;
  const clock = deps.clock ?? systemClock;
  // PostgreSQL: the server hears the database's news from its start, so it keeps sessions from the first sign-in and
  // centres' setup from the first ticket (db/news.ts).
  database.news?.start();
  const app = Fastify({
    logger: deps.logger ?? (config.logLevel === 'silent' ? false : { level: config.logLevel }),
    trustProxy: config.trustProxy,
    bodyLimit: 64 * 1024,
    routerOptions: { maxParamLength: 200 },
    forceCloseConnections: true,
    // Request logging: one line per request worth reading, probes and assets at debug (plugins/request-log.plugin.ts).
    logController: new RequestLogController(),
    // Errors met before a route runs answer in the contract's `{ error: { code, message } }` shape too.
    frameworkErrors,
    clientErrorHandler,
    // Every schema is zod: given here (not by setValidatorCompiler), Fastify never loads Ajv and
    // fast-json-stringify, ~100 ms of every start (figure 5 of `npm run bench`).
    schemaController: { compilersFactory: zodCompilers },
    ...(deps.serverFactory ? { serverFactory: deps.serverFactory } : {}),
  }).withTypeProvider<ZodTypeProvider>();

  // Commands without a body may still say `Content-Type: application/json`.
  // JSON is the only body the API takes; anything else is 415.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new AppError('INVALID_JSON', 'the body is not valid JSON'), undefined);
    }
  });

  const bus = new EventBus();
  // PostgreSQL keeps the estimators' hall reads while this process's commands leave them as they are (SQLite keeps
  // them by its own flow_version, which every command's writes raise).
  if (database.dialect === 'postgres') bus.subscribe((events) => noteFlowEvents(database.db, events));
  const services = createServices({ database, clock, publish: bus.publish });
  app.decorate('services', services);
  app.decorate('bus', bus);

  const secret = await services.bootstrap.sessionSecret(config.sessionSecret);

  await app.register(errorsPlugin);
  await app.register(compressionPlugin);
  await app.register(securityPlugin, { rateLimitStore: deps.rateLimitStore });
  await app.register(authPlugin, { secret, services, secureCookies: false });
  await app.register(metricsPlugin, { bus, services });
  await app.register(openapiPlugin);
  await app.register(realtimePlugin, {
    services,
    bus,
    ...(deps.configureAdapter ? { configureAdapter: deps.configureAdapter } : {}),
  });

  await app.register(opsPlugin, { database, clock, backupDir: config.backupDir, backupKeep: config.backupKeep });
  await app.register(opsRoutes, { database, readinessChecks: deps.readinessChecks ?? [] });
  await app.register(publicRoutes, { rateLimitPerMinute: config.rateLimitPerMinute });
  await app.register(authRoutes, { loginAttemptsPerMinute: config.loginAttemptsPerMinute });
  await app.register(countersRoutes);
  await app.register(staffTicketsRoutes);
  await app.register(controlRoutes, { holdMinutes: config.holdMinutes ?? 15, noShowGraceMinutes: config.noShowGraceMinutes ?? 30 });
  await app.register(reportsRoutes);
  await app.register(estimatesRoutes);
  await app.register(adminRoutes);
  await app.register(appointmentsRoutes, { rateLimitPerMinute: config.rateLimitPerMinute, publicUrl: config.publicUrl });
  const messageChannels = deps.messageChannels ?? messageChannelsFrom(config, app.log);
  await app.register(outboxPlugin, {
    services,
    bus,
    dispatch: config.dispatchOutbox,
    allowPrivateNetworks: config.webhookAllowPrivateNetworks,
    afterFanOut: [(signal) => services.messages.sendDueMessages(messageChannels, { signal })],
  });
  await app.register(messagesRoutes, { rateLimitPerMinute: config.rateLimitPerMinute, allowPrivateNetworks: config.webhookAllowPrivateNetworks });
  await app.register(webhooksRoutes, { allowPrivateNetworks: config.webhookAllowPrivateNetworks });
  await app.register(paymentsRoutes, { paymentWebhookSecret: config.paymentWebhookSecret });
  await app.register(plannerRoutes);
  await app.register(bookingStatsRoutes);
  await app.register(backupsRoutes);
  await app.register(overviewRoutes);
  await app.register(devicesRoutes);
  await app.register(siteRoutes, { publicUrl: config.publicUrl });
  await app.register(closuresRoutes);
  await app.register(broadcastsRoutes, { smsGapMinutes: config.broadcastSmsMinutes ?? 15 });
  if (config.serveApps) await app.register(appsPlugin);

  if (config.runJobs) {
    const runJobs = async () => {
      try {
        await services.tickets.expireStale();
        await services.appointments.markMissedAppointments();
        await services.appointments.expireRemoteHolds();
        await purgeIdempotencyKeys(database.db, new Date(clock.now().getTime() - 48 * 3600_000).toISOString());
        await services.messages.erasePhones(config.phoneRetentionDays);
        if (config.reportDir) for (const file of await services.overview.writeWeeklyReport(config.reportDir)) app.log.info({ file }, 'weekly report written');
        await services.webhooks.purgeDeliveredOutbox(config.outboxRetentionDays ?? 30);
      } catch (error) {
        app.log.error({ err: error }, 'background job failed');
      }
    };
    const timer = setInterval(runJobs, 60_000);
    timer.unref();
    app.addHook('onReady', runJobs);
    app.addHook('onClose', async () => clearInterval(timer));
  }

  return app;
}
