import path from 'node:path';
import type SQLite from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/src/app';
import { testConfig } from '../../server/src/config';
import { openDatabase } from '../../server/src/db/database';
import { migrateToLatest } from '../../server/src/db/migrate';
import { timeStatements } from '../../server/src/db/sql-timing';
import { adminPassword, tempDir } from './support';
import { login } from '../support/test-app';

// The dev tools that measure one command in-process (issue-micro, lifecycle-micro) share this set-up.

/**
 * The demo hall on a fresh SQLite file (WAL, `synchronous=NORMAL`, checkpoints on a worker as the server runs them,
 * unless `backgroundCheckpoints` is false), the app built in this process, its admin's password `adminPassword`. With
 * SQL_TIMING=1, `sql` times every statement (see `timeStatements`). `onOpen` sees the connection before anything runs on it.
 */
export async function demoAppInProcess(name: string, options: { backgroundCheckpoints?: boolean; onOpen?: (sqlite: SQLite.Database) => void } = {}) {
  // The file goes with the process's other temporary directories (`tempDir`), when it exits.
  const file = path.join(tempDir(name), 'navbat.sqlite');
  const database = openDatabase({ url: file, sqliteSynchronous: 'NORMAL', backgroundCheckpoints: options.backgroundCheckpoints ?? true });
  options.onOpen?.(database.sqlite!);
  const sql = process.env.SQL_TIMING === '1' ? timeStatements(database.sqlite!) : null;
  await migrateToLatest(database.db);
  const app = await buildApp({ config: testConfig(), database });
  await app.services.bootstrap.ensureAdmin(adminPassword);
  await app.services.bootstrap.seedDemo();
  await app.ready();
  return {
    app,
    database,
    file,
    sql,
    async dispose() {
      await app.close();
      await database.close();
    },
  };
}


/** Counters serving every service of the demo hall, each opened by its own operator (created through the admin API). */
export async function demoWorkers(app: FastifyInstance, count: number): Promise<{ counterId: number; cookie: string }[]> {
  const admin = await login(app, 'admin', adminPassword);
  const workers = [];
  for (let i = 0; i < count; i++) {
    const counter = await postOk<{ counter: { id: number } }>(app, '/api/v1/admin/counters', admin, { centerId: 'isb-g9', name: `W${i + 1}`, zone: 'hall-a', services: Array.from({ length: 11 }, (_, k) => ({ serviceId: k + 1 })) }, [201]);
    const username = `bench-worker-${i}`;
    await postOk(app, '/api/v1/admin/users', admin, { username, name: `Bench worker ${i}`, role: 'operator', password: 'bench-worker-password' }, [201]);
    const cookie = await login(app, username, 'bench-worker-password');
    await postOk(app, `/api/v1/counters/${counter.counter.id}/open`, cookie, {}, [200]);
    workers.push({ counterId: counter.counter.id, cookie });
  }
  return workers;
}

/** Issues `n` kiosk tickets over the demo hall's 11 services, `atOnce` at a time (they share commit groups). */
export async function issueDemoTickets(app: FastifyInstance, n: number, atOnce: number, keyPrefix: string): Promise<void> {
  let issued = 0;
  await Promise.all(
    Array.from({ length: atOnce }, async () => {
      while (issued < n) {
        const k = issued++;
        await postOk(app, '/api/v1/centers/isb-g9/tickets', null, { serviceId: 1 + (k % 11), language: 'en' }, [201], { 'idempotency-key': `${keyPrefix}-${k}` });
      }
    }),
  );
}

/** Every worker calls, starts and completes until no ticket is left for it, at the same time; returns the tickets served. */
export async function serveEveryTicket(app: FastifyInstance, workers: readonly { counterId: number; cookie: string }[]): Promise<number> {
  let served = 0;
  await Promise.all(
    workers.map(async ({ counterId, cookie }) => {
      for (;;) {
        const call = await app.inject({ method: 'POST', url: `/api/v1/counters/${counterId}/call-next`, payload: {}, headers: { cookie } });
        if (call.statusCode === 204) return;
        if (call.statusCode !== 200) throw new Error(`call-next: ${call.statusCode} ${call.body}`);
        await postOk(app, `/api/v1/counters/${counterId}/start`, cookie, {}, [200]);
        await postOk(app, `/api/v1/counters/${counterId}/complete`, cookie, {}, [200]);
        served++;
      }
    }),
  );
  return served;
}

async function postOk<T = unknown>(app: FastifyInstance, url: string, cookie: string | null, payload: object, expected: number[], headers: Record<string, string> = {}): Promise<T> {
  const r = await app.inject({ method: 'POST', url, payload, headers: { ...headers, ...(cookie ? { cookie } : {}) } });
  if (!expected.includes(r.statusCode)) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
  return (r.body ? JSON.parse(r.body) : undefined) as T;
}
