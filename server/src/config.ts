import { z } from 'zod';

const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().default('file:./data/navbat.sqlite'),
  REDIS_URL: z.string().optional(),
  /** Prefix of every Redis key, so several deployments can share one Redis. */
  REDIS_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]{1,64}$/).default('navbat'),
  ADMIN_PASSWORD: z.string().min(8).optional(),
  SEED: z.enum(['demo', 'none']).default('demo'),
  SESSION_SECRET: z.string().min(16).optional(),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(120),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SQLITE_SYNCHRONOUS: z.enum(['FULL', 'NORMAL']).default('FULL'),
  POSTGRES_PREPARED_STATEMENTS: z.enum(['on', 'off']).default('on'),
  POSTGRES_PIPELINE: z.enum(['on', 'off']).default('on'),
  SQLITE_CHECKPOINTS: z.enum(['background', 'inline']).default('background'),
  LOGIN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(0).default(10),
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** The fee authority's `whsec_…` secret for signed payment notices; unset, the route answers 404. */
  PAYMENT_WEBHOOK_SECRET: z.string().regex(/^whsec_[A-Za-z0-9+/=]{16,}$/, 'a whsec_… secret').optional(),
  /** Citizen messages: where SMS are POSTed (unset: logged only, without the number) and its bearer token. */
  SMS_GATEWAY_URL: z.url({ protocol: /^https?$/ }).optional(),
  SMS_GATEWAY_TOKEN: z.string().optional(),
  PHONE_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** Days delivered webhook deliveries and finished outbox events are kept. */
  OUTBOX_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  // Backups (SQLite): where scheduled backups go (unset: none) and how many are kept.
  BACKUP_DIR: z.string().optional(),
  BACKUP_KEEP: z.coerce.number().int().min(1).max(10_000).default(14),
  // Weekly report (every centre side by side) written as HTML and CSV into this folder each week (unset: none).
  REPORT_DIR: z.string().optional(),
  // The control room: an operator's hold's default time limit, and how long a no-show may be re-opened (minutes).
  HOLD_MINUTES: z.coerce.number().int().min(1).max(240).default(15),
  NO_SHOW_GRACE_MINUTES: z.coerce.number().int().min(0).max(1440).default(30),
  // A supervisor's broadcast goes out as SMS at most once in this many minutes per centre.
  BROADCAST_SMS_MINUTES: z.coerce.number().int().min(0).max(1440).default(15),

  // PUBLIC_URL: the address citizens' phones reach (QR codes, messages, booking links); unset: the request's origin.
  PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
});

export type EnvConfig = z.infer<typeof configSchema>;

/** The app's settings; buildApp takes them whole and never reads the environment itself. */
export interface AppConfig {
  databaseUrl: string;
  redisUrl: string | undefined;
  sessionSecret: string | undefined;
  rateLimitPerMinute: number;
  loginAttemptsPerMinute: number;
  logLevel: EnvConfig['LOG_LEVEL'];
  trustProxy: boolean;
  /** Serve the built browser apps from their `dist` folders. */
  serveApps: boolean;
  /** Run background jobs (end-of-day expiry, key purge). */
  runJobs: boolean;
  /** Allow webhook URLs on private or loopback addresses. */
  webhookAllowPrivateNetworks: boolean;
  /** Run the outbox dispatcher (deliver webhooks). */
  dispatchOutbox: boolean;
  /** The fee authority's secret for payment notices (`PAYMENT_WEBHOOK_SECRET`); unset, notices are refused. */
  paymentWebhookSecret?: string | undefined;
  /** Citizen messages: the SMS gateway (undefined: messages are logged only) and its bearer token. */
  smsGatewayUrl: string | undefined;
  smsGatewayToken: string | undefined;
  /** Days after a visit ends before its phone number is erased. */
  phoneRetentionDays: number;
  /** Days delivered webhook deliveries and finished outbox events are kept (`OUTBOX_RETENTION_DAYS`). */
  outboxRetentionDays?: number;
  /** Where SQLite backups go (scheduled and admin-made); unset: backups only by `npm run backup <dir>`. */
  backupDir?: string | undefined;
  /** How many backups are kept. */
  backupKeep?: number;
  /** Where the weekly report of every centre is written (HTML + CSV); unset: not written. */
  reportDir?: string | undefined;
  /** The control room: a hold's default time limit (default 15) and the no-show re-open grace (default 30), in minutes. */
  holdMinutes?: number;
  noShowGraceMinutes?: number;
  /** At most one SMS broadcast per centre in this many minutes (default 15). */
  broadcastSmsMinutes?: number;

  /** The address citizens' phones reach, without a trailing slash; undefined: the request's own origin. */
  publicUrl: string | undefined;
}

/** Reads and checks the environment (only server.ts calls this). */
export function loadEnv(env: Record<string, string | undefined>): EnvConfig {
  // An empty variable means "not set".
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(set);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  return parsed.data;
}

export function appConfigFrom(env: EnvConfig): AppConfig {
  return {
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    sessionSecret: env.SESSION_SECRET,
    rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
    loginAttemptsPerMinute: env.LOGIN_ATTEMPTS_PER_MINUTE,
    logLevel: env.LOG_LEVEL,
    trustProxy: env.TRUST_PROXY,
    serveApps: true,
    runJobs: true,
    webhookAllowPrivateNetworks: env.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
    dispatchOutbox: true,
    paymentWebhookSecret: env.PAYMENT_WEBHOOK_SECRET,
    smsGatewayUrl: env.SMS_GATEWAY_URL,
    smsGatewayToken: env.SMS_GATEWAY_TOKEN,
    phoneRetentionDays: env.PHONE_RETENTION_DAYS,
    outboxRetentionDays: env.OUTBOX_RETENTION_DAYS,
    backupDir: env.BACKUP_DIR,
    backupKeep: env.BACKUP_KEEP,
    reportDir: env.REPORT_DIR,
    holdMinutes: env.HOLD_MINUTES,
    noShowGraceMinutes: env.NO_SHOW_GRACE_MINUTES,
    broadcastSmsMinutes: env.BROADCAST_SMS_MINUTES,
    publicUrl: env.PUBLIC_URL,
  };
}

/** Settings for tests and tools: everything on, limits off unless asked. */
export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    databaseUrl: ':memory:',
    redisUrl: undefined,
    sessionSecret: 'test-session-secret-0123456789',
    rateLimitPerMinute: 0,
    loginAttemptsPerMinute: 0,
    logLevel: 'silent',
    trustProxy: false,
    serveApps: false,
    runJobs: false,
    webhookAllowPrivateNetworks: false,
    dispatchOutbox: false,
    smsGatewayUrl: undefined,
    smsGatewayToken: undefined,
    phoneRetentionDays: 30,
    publicUrl: undefined,
    ...overrides,
  };
}
