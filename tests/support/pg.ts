import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createClient } from 'redis';

/**
 * PostgreSQL and Redis for tests. Both run at 127.0.0.1 on developer machines and in CI. In CI
 * (`process.env.CI`) a missing service fails the run loudly; locally the tests that need it skip
 * with a message saying why.
 */

/** The server holding test databases; override with NAVBAT_TEST_PG_URL (trust auth by default). */
export const pgAdminUrl = process.env.NAVBAT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const redisTestUrl = process.env.NAVBAT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether the integration suite runs on PostgreSQL (the `integration-pg` project sets this). */
export const onPostgres = process.env.NAVBAT_TEST_DATABASE === 'postgres';

function tcpReachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    socket.setTimeout(1500);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

async function pgAnswers(): Promise<boolean> {
  if (!(await tcpReachable(pgAdminUrl))) return false;
  const client = new pg.Client({ connectionString: pgAdminUrl });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Resolves whether the service is there. In CI an absent service throws (the suite must not
 * silently skip); locally it prints why the tests that need it are skipped.
 */
async function requireService(name: string, up: boolean, url: string): Promise<boolean> {
  if (up) return true;
  const message = `${name} is not reachable at ${url}`;
  if (process.env.CI) throw new Error(`${message}: CI must run the ${name} tests (start the service)`);
  console.warn(`\n  skipping ${name} tests: ${message} (they run in CI)\n`);
  return false;
}

export const postgresAvailable = (): Promise<boolean> => pgAnswers().then((up) => requireService('PostgreSQL', up, pgAdminUrl));
export const redisAvailable = (): Promise<boolean> => tcpReachable(redisTestUrl).then((up) => requireService('Redis', up, redisTestUrl));

export interface TestPgDatabase {
  /** `postgres://…/navbat_test_…` of the fresh, empty database. */
  url: string;
  name: string;
  /** Drops the database, ending any connection still open to it. */
  drop(): Promise<void>;
}

/** Connects to `url`, runs `fn` with the client, and ends the connection whatever `fn` did. */
export async function withPgClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

const admin = <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => withPgClient(pgAdminUrl, fn);

/**
 * Shows `observe` every query a `pg` client sends from now on (the client, and the arguments of its `query`), until
 * the returned function is called. It patches `pg.Client`'s prototype: install it before the connections to observe
 * are made (`database.ts` binds each connection's `query` when it connects).
 */
export function observePgQueries(observe: (client: pg.Client, args: unknown[]) => void): () => void {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const query = proto.query;
  proto.query = function (this: pg.Client, ...args: unknown[]) {
    observe(this, args);
    return query.apply(this, args);
  };
  return () => {
    proto.query = query;
  };
}

/** Creates an empty database of its own for one test app or server process. */
export async function createPgDatabase(label = 'db'): Promise<TestPgDatabase> {
  const name = `navbat_test_${label.replace(/[^a-z0-9]/gi, '').toLowerCase().slice(0, 20)}_${crypto.randomBytes(5).toString('hex')}`;
  await admin((c) => c.query(`create database "${name}"`));
  const url = new URL(pgAdminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => admin((c) => c.query(`drop database if exists "${name}" with (force)`)).then(() => undefined),
  };
}

/**
 * A TCP proxy in front of a service (PostgreSQL or Redis) that a test can cut and restore, to
 * simulate the service restarting without touching the real one other people use.
 */
export class TcpProxy {
  private server: net.Server | null = null;
  private sockets = new Set<net.Socket>();
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** Starts listening (on a free port the first time, on the same port after a cut). */
  async start(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect({ host: this.targetHost, port: this.targetPort });
      this.sockets.add(client);
      this.sockets.add(upstream);
      const end = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  /** Drops every connection and refuses new ones, as a stopped service would. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  url(protocol: string, path = ''): string {
    return `${protocol}://127.0.0.1:${this.port}${path}`;
  }
}

export interface ServerProcess {
  port: number;
  baseUrl: string;
  child: ChildProcess;
  /** Everything the process printed (for failure messages). */
  output(): string;
  exited(): boolean;
  /** SIGTERM, then SIGKILL if it has not ended within 10 s. */
  stop(): Promise<void>;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Starts `server/src/server.ts` as its own process on a free port and waits until it listens. */
/** One JSON request to a server process; a body that is not JSON comes back as text. */
export async function api(server: ServerProcess, method: string, path: string, options: { cookie?: string; body?: unknown } = {}) {
  const res = await fetch(server.baseUrl + path, {
    method,
    headers: { ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(options.cookie ? { cookie: options.cookie } : {}) },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  return { status: res.status, body: body as Record<string, any>, setCookie: res.headers.get('set-cookie') };
}

/** Signs in on `server` and answers the session cookie (`name=value`); throws unless the sign-in answers 200. */
export async function signIn(server: ServerProcess, username: string, password: string): Promise<string> {
  const res = await api(server, 'POST', '/api/v1/auth/login', { body: { username, password } });
  if (res.status !== 200 || !res.setCookie) throw new Error(`sign-in of ${username} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.setCookie.split(';')[0]!;
}

export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/server.ts'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SEED: 'demo', ADMIN_PASSWORD: 'admin-password-1', LOG_LEVEL: 'info', RATE_LIMIT_PER_MINUTE: '0', LOGIN_ATTEMPTS_PER_MINUTE: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let exitCode: number | null = null;
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      exitCode = code ?? -1;
      resolve();
    }),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 60 s:\n${out}`)), 60_000);
    const onData = () => {
      const match = /http:\/\/[^:/]+:(\d+)\/kiosk/.exec(out);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve(Number(match[1]));
    };
    child.stdout!.on('data', onData);
    void exit.then(() => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${exitCode} before listening:\n${out}`));
    });
  });
  return {
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    child,
    output: () => out,
    exited: () => exitCode !== null,
    stop: async () => {
      if (exitCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(killer);
    },
  };
}

export interface TestRedisNamespace {
  /** REDIS_URL and REDIS_KEY_PREFIX for server processes. */
  env: { REDIS_URL: string; REDIS_KEY_PREFIX: string };
  /** Deletes every key under the prefix. */
  drop(): Promise<void>;
}

/** A key prefix of its own on the test Redis, so parallel runs never share a stream or a counter. */
export function redisNamespace(label: string, url = redisTestUrl): TestRedisNamespace {
  const prefix = `navbat-test-${label}-${crypto.randomBytes(5).toString('hex')}`;
  return {
    env: { REDIS_URL: url, REDIS_KEY_PREFIX: prefix },
    drop: async () => {
      const client = createClient({ url: redisTestUrl });
      await client.connect();
      try {
        const keys: string[] = [];
        for await (const batch of client.scanIterator({ MATCH: `${prefix}:*`, COUNT: 500 })) keys.push(...batch);
        if (keys.length > 0) await client.del(keys);
      } finally {
        await client.quit();
      }
    },
  };
}
