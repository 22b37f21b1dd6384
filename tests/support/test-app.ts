import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach } from 'vitest';
import { buildApp } from '../../server/src/app';
import { testConfig, type AppConfig } from '../../server/src/config';
import { openDatabase, type DatabaseHandle } from '../../server/src/db/database';
import { migrateToLatest } from '../../server/src/db/migrate';
import type { Clock } from '../../server/src/services/context';
import { createPgDatabase, onPostgres, type TestPgDatabase } from './pg';

export const adminPassword = 'admin-password-1';

/** A clock tests move by hand. */
export class TestClock implements Clock {
  private t: number;
  constructor(start: string | Date = '2026-11-24T05:00:00.000Z') {
    this.t = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  set(iso: string): void {
    this.t = Date.parse(iso);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface TestApp {
  app: FastifyInstance;
  database: DatabaseHandle;
  clock: TestClock;
  close(): Promise<void>;
}

/** A fresh app on its own database with a fixed clock; `seed: 'demo'` adds the demo centre and staff. */
export async function createTestApp(options: { clock?: TestClock; seed?: 'demo' | 'none'; config?: Partial<AppConfig>; databaseUrl?: string } = {}): Promise<TestApp> {
  const clock = options.clock ?? new TestClock();
  // The `integration-pg` project runs the same tests on a fresh PostgreSQL database per app.
  const pgDatabase: TestPgDatabase | null = options.databaseUrl === undefined && onPostgres ? await createPgDatabase('app') : null;
  const database = openDatabase({ url: options.databaseUrl ?? pgDatabase?.url ?? ':memory:' });
  await migrateToLatest(database.db);
  const app = await buildApp({ config: testConfig(options.config), database, clock });
  await app.services.bootstrap.ensureAdmin(adminPassword);
  if ((options.seed ?? 'demo') === 'demo') await app.services.bootstrap.seedDemo();
  await app.ready();
  return {
    app,
    database,
    clock,
    close: async () => {
      await app.close();
      await database.close();
      await pgDatabase?.drop();
    },
  };
}

/**
 * A fresh app for each test of the calling file, closed after it. The returned object stands for the
 * current test's app (`t.app`, `t.database`, `t.clock`); use it inside tests and hooks only. `options` is
 * called before each test.
 */
export function useTestApp(options: () => Parameters<typeof createTestApp>[0] = () => ({})): Omit<TestApp, 'close'> {
  let current: TestApp | undefined;
  beforeEach(async () => {
    // Options are made anew for each test: a clock one test moves must not leak into the next.
    current = await createTestApp(options());
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  const now = () => {
    if (!current) throw new Error('useTestApp: only inside a test');
    return current;
  };
  return {
    get app() {
      return now().app;
    },
    get database() {
      return now().database;
    },
    get clock() {
      return now().clock;
    },
  };
}

/** Signs in and returns the Cookie header to send with staff requests. */
export async function login(app: FastifyInstance, username: string, password: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'navbat_session');
  if (!cookie) throw new Error('no session cookie');
  return `navbat_session=${cookie.value}`;
}

export const demoPasswords: Record<string, string> = {
  admin: adminPassword,
  operator1: 'operator1-demo',
  operator2: 'operator2-demo',
  operator3: 'operator3-demo',
  supervisor: 'supervisor-demo',
};

/** A signed-in client for app.inject: `call('POST', url, body)` returns status and JSON. */
export async function staffClient(app: FastifyInstance, username: string) {
  const cookie = await login(app, username, demoPasswords[username] ?? '');
  return async function call(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) {
    const res = await app.inject({ method, url, headers: { cookie }, ...(payload !== undefined ? { payload: payload as object } : {}) });
    return { status: res.statusCode, body: res.body ? (String(res.headers['content-type'] ?? '').includes('json') ? res.json() : res.body) : null };
  };
}

/** Takes a ticket as a kiosk would. */
export async function issue(app: FastifyInstance, serviceId: number, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const res = await app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/tickets', payload: { serviceId, ...extra }, headers });
  return { status: res.statusCode, body: res.json() };
}
