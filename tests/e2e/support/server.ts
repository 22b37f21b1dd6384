import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../server/src/app';
import { testConfig, type AppConfig } from '../../../server/src/config';
import { openDatabase, type DatabaseHandle } from '../../../server/src/db/database';
import { migrateToLatest } from '../../../server/src/db/migrate';
import type { Clock } from '../../../server/src/services/context';
import { adminPassword } from '../../support/test-app';

export interface E2EServer {
  url: string;
  port: number;
  app: FastifyInstance;
  /** The server's database (to set up what no API makes quick, e.g. ticket numbers past 999). */
  database: DatabaseHandle;
  /** Stops the server and starts a new one on the same port and database file (a server restart). */
  restart(options?: { downtimeMs?: number }): Promise<void>;
  stop(): Promise<void>;
  close(): Promise<void>;
}

export interface E2EServerOptions {
  /** `demo` (default) seeds the demo centre; `none` leaves the database empty but for the admin (SEED=none). */
  seed?: 'demo' | 'none';
  clock?: Clock;
  /** Config overrides of this test only, e.g. `{ dispatchOutbox: true, webhookAllowPrivateNetworks: true }` for webhooks on loopback. */
  config?: Partial<AppConfig>;
}

/**
 * The real server, serving the built apps (run `npm run build` first; `npm test` does), on a free
 * port with its own SQLite file and the demo centre or none (`options.seed`), on `options.clock` (default
 * the system's).
 */
export async function startE2EServer(options: E2EServerOptions = {}): Promise<E2EServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'navbat-e2e-'));
  const file = path.join(dir, 'navbat.sqlite');
  let database: DatabaseHandle;
  let app: FastifyInstance;
  let port = 0;

  async function start() {
    database = openDatabase({ url: `file:${file}` });
    await migrateToLatest(database.db);
    app = await buildApp({ config: testConfig({ serveApps: true, runJobs: false, ...options.config }), database, ...(options.clock ? { clock: options.clock } : {}) });
    await app.services.bootstrap.ensureAdmin(adminPassword);
    if (options.seed !== 'none') await app.services.bootstrap.seedDemo();
    await app.listen({ port, host: '127.0.0.1' });
    port = (app.server.address() as { port: number }).port;
  }
  async function stop() {
    await app.close();
    await database.close();
  }
  await start();

  const server: E2EServer = {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    get app() {
      return app;
    },
    get database() {
      return database;
    },
    restart: async (options = {}) => {
      await stop();
      if (options.downtimeMs) await new Promise((r) => setTimeout(r, options.downtimeMs));
      await start();
    },
    stop,
    close: async () => {
      await stop().catch(() => {});
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}
