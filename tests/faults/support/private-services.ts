import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A PostgreSQL cluster and a Redis server of the test's own, on free ports, that it may stop, kill and
 * restart: the shared ones on 5432 and 6379 serve other tests running at the same time and are never touched.
 */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function pgBin(name: string): string {
  const versions = fs.readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const bin = path.join('/usr/lib/postgresql', v, 'bin', name);
    if (fs.existsSync(bin)) return bin;
  }
  throw new Error(`${name} not found under /usr/lib/postgresql/*/bin (apt-get install postgresql)`);
}

export interface PrivatePostgres {
  url(database?: string): string;
  stop(): void;
  start(): void;
  destroy(): void;
}

/** initdb + pg_ctl on a free port; as root, run as the `postgres` user (initdb refuses root). */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'navbat-faults-pg-'));
  const data = path.join(dir, 'data');
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  const run = (bin: string, args: string[]) => execFileSync(asRoot ? 'runuser' : bin, asRoot ? ['-u', 'postgres', '--', pgBin(bin), ...args] : args, { stdio: 'pipe', cwd: dir });
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const start = () => run('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-w', '-t', '30', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`, 'start']);
  const stop = () => run('pg_ctl', ['-D', data, '-w', '-t', '30', '-m', 'fast', 'stop']);
  start();
  return {
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    stop,
    start,
    destroy: () => {
      try {
        stop();
      } catch {
        // already stopped
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface PrivateRedis {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** redis-server on a free port, no persistence: a restart loses everything, as the worst case does. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      const up = await new Promise<boolean>((resolve) => {
        const s = net.connect({ host: '127.0.0.1', port }, () => (s.destroy(), resolve(true)));
        s.on('error', () => resolve(false));
      });
      if (up) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('redis-server did not start');
  };
  const stop = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await exited;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, stop, start };
}

/**
 * A load balancer in one line of behaviour: each new connection goes to the first backend that accepts
 * it, so when one instance dies its clients reconnect to the other.
 */
export class FailoverProxy {
  private server: net.Server | null = null;
  private sockets = new Set<net.Socket>();
  port = 0;

  constructor(private readonly backends: () => number[]) {}

  async start(): Promise<void> {
    const server = net.createServer((client) => {
      client.pause();
      const tryNext = (list: number[]) => {
        const [port, ...rest] = list;
        if (port === undefined) return client.destroy();
        const upstream = net.connect({ host: '127.0.0.1', port });
        upstream.once('error', () => tryNext(rest));
        upstream.once('connect', () => {
          upstream.removeAllListeners('error');
          this.sockets.add(client).add(upstream);
          const end = () => {
            client.destroy();
            upstream.destroy();
          };
          client.on('error', end).on('close', end);
          upstream.on('error', end).on('close', end);
          client.pipe(upstream);
          upstream.pipe(client);
          client.resume();
        });
      };
      tryNext(this.backends());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
