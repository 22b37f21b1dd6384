import type { createClient } from 'redis';
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Server } from 'socket.io';
import type { DisplayState, QueueSummary } from '@navbat/shared';

type RedisClient = ReturnType<typeof createClient>;
type Reply = unknown;

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Rejects when `promise` has not settled within `ms` (a hung Redis must not hang a request). */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The commands the Streams adapter sends, in the ioredis shape, over node-redis 5. The adapter's
 * node-redis path still uses `commandOptions({ isolated })`, which node-redis 5 removed: it would
 * fail on every read and spin. Here blocking reads go over a connection of their own, and a failed
 * read waits a moment, so an outage costs nothing while it lasts and reading resumes where it was.
 */
function streamsAdapterClient(client: RedisClient, reader: RedisClient) {
  const send = (c: RedisClient, args: (string | number)[]) => c.sendCommand(args.map(String)) as Promise<Reply>;
  return {
    xread: async (...args: (string | number)[]) => {
      try {
        return await send(reader, ['XREAD', ...args]);
      } catch {
        await delay(500);
        return null;
      }
    },
    // The adapter calls `xadd.call(client, [stream, ...])`.
    xadd: (...args: unknown[]) => send(client, ['XADD', ...(args.flat() as (string | number)[])]),
    xrange: (stream: string, start: string, end: string) => send(client, ['XRANGE', stream, start, end]),
    set: (key: string, value: string, mode: string, ms: number) => send(client, ['SET', key, value, mode, ms]),
    multi: () => {
      const keys: { get?: string; del?: string } = {};
      const chain = {
        get: (key: string) => ((keys.get = key), chain),
        del: (key: string) => ((keys.del = key), chain),
        exec: async () => {
          const [value, removed] = await client
            .multi()
            .get(keys.get ?? '')
            .del(keys.del ?? '')
            .exec();
          return [
            [null, value],
            [null, removed],
          ];
        },
      };
      return chain;
    },
  };
}

// The same counting as @fastify/rate-limit's own Redis store (INCR, expiry on the first hit).
const rateLimitScript = `
local current = redis.call('INCR', KEYS[1])
local ttl
if current == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
else
  ttl = redis.call('PTTL', KEYS[1])
  if ttl < 0 then
    redis.call('PEXPIRE', KEYS[1], ARGV[1])
    ttl = tonumber(ARGV[1])
  end
end
return { current, ttl }
`;

/**
 * A @fastify/rate-limit store shared by every instance through Redis. While Redis is out, each
 * instance counts on its own (in memory) rather than refusing or waving everything through.
 */
export function redisRateLimitStore(client: RedisClient, prefix: string): FastifyRateLimitStoreCtor {
  const local = new Map<string, { current: number; resetAt: number }>();
  const countLocally = (key: string, timeWindow: number) => {
    const now = Date.now();
    let entry = local.get(key);
    if (!entry || entry.resetAt <= now) {
      entry = { current: 0, resetAt: now + timeWindow };
      local.set(key, entry);
      if (local.size > 10_000) for (const [k, v] of local) if (v.resetAt <= now) local.delete(k);
    }
    entry.current += 1;
    return { current: entry.current, ttl: entry.resetAt - now };
  };

  class RedisRateLimitStore implements FastifyRateLimitStore {
    private readonly namespace: string;

    // The plugin constructs the store with its own settings; children are made with a namespace.
    constructor(_settings?: unknown, namespace: string = prefix) {
      this.namespace = namespace;
    }

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow = 60_000, max = 0): void {
      const fullKey = this.namespace + key;
      const counted = client.isReady
        ? within(client.sendCommand(['EVAL', rateLimitScript, '1', fullKey, String(timeWindow), String(max)]) as Promise<[number, number]>, 1000, 'rate limit')
        : Promise.reject(new Error('redis is not connected'));
      counted.then(
        ([current, ttl]) => callback(null, { current: Number(current), ttl: Number(ttl) }),
        () => callback(null, countLocally(fullKey, timeWindow)),
      );
    }

    // At run time the plugin passes the merged route settings, with the route under `routeInfo`.
    child(routeOptions: object): FastifyRateLimitStore {
      const route = (routeOptions as { routeInfo?: { method?: string; url?: string } }).routeInfo;
      return new RedisRateLimitStore(undefined, `${this.namespace}${route?.method ?? ''}${route?.url ?? ''}-`);
    }
  }
  return RedisRateLimitStore as unknown as FastifyRateLimitStoreCtor;
}

export interface ScaleOut {
  /** Installs the Redis Streams adapter (cross-instance broadcasts, connection state recovery). */
  configureAdapter(io: Server): Promise<void>;
  /** Rate limits counted in Redis, shared by every instance. */
  rateLimitStore: FastifyRateLimitStoreCtor;
  /** Throws unless Redis answers (for /readyz). */
  ping(): Promise<void>;
  /** Calls `listener` each time Redis is back after an outage. */
  onRecovered(listener: () => void): void;
  close(): Promise<void>;
}

/** Connects to Redis for fan-out across server instances; the process survives Redis outages. */
export async function configureScaleOut(redisUrl: string, opts: { keyPrefix?: string } = {}): Promise<ScaleOut> {
  const prefix = opts.keyPrefix ?? 'navbat';
  const options = {
    url: redisUrl,
    // Commands fail at once while Redis is away instead of piling up: local clients keep being served.
    disableOfflineQueue: true,
    socket: { reconnectStrategy: (retries: number) => Math.min(100 + retries * 200, 2000), connectTimeout: 5000 },
  };
  // Loaded only when Redis is configured: node-redis is the largest module of the server, and a single
  // instance (the hall's usual deployment) should not pay for it at every start.
  const redis = await import('redis');
  const client = redis.createClient(options);
  const reader = redis.createClient(options);
  const listeners: (() => void)[] = [];
  let lost = false;
  // An outage must not crash the server: /readyz reports it and both clients reconnect by themselves.
  client.on('error', () => {
    lost = true;
  });
  client.on('end', () => {
    lost = true;
  });
  client.on('ready', () => {
    if (!lost) return;
    lost = false;
    for (const listener of listeners) listener();
  });
  reader.on('error', () => {});
  await Promise.all([client.connect(), reader.connect()]);

  return {
    configureAdapter: async (io) => {
      const { createAdapter } = await import('@socket.io/redis-streams-adapter');
      io.adapter(createAdapter(streamsAdapterClient(client, reader), { streamName: `${prefix}:socket.io`, sessionKeyPrefix: `${prefix}:sio:session:` }));
    },
    rateLimitStore: redisRateLimitStore(client, `${prefix}:rate-limit:`),
    ping: async () => {
      if (!client.isReady) throw new Error('redis is not connected');
      await within(client.ping(), 2000, 'redis ping');
    },
    onRecovered: (listener) => {
      listeners.push(listener);
    },
    close: async () => {
      await Promise.all([client.quit().catch(() => {}), reader.quit().catch(() => {})]);
    },
  };
}

export interface LiveViews {
  displayState(centerId: string, zone: string | null): Promise<DisplayState>;
  queueSummary(centerId: string): Promise<QueueSummary>;
}

/**
 * Sends a fresh state to every display and staff console connected to this instance. Used after
 * Redis or the database comes back: events broadcast meanwhile may never have reached them.
 */
export async function resyncLocalClients(io: Server, views: LiveViews): Promise<void> {
  const display = io.of('/display');
  for (const room of [...display.adapter.rooms.keys()]) {
    const match = /^display:([^:]+):(.+)$/.exec(room);
    if (!match) continue;
    const zone = match[2] === '*' ? null : match[2]!;
    // A zone whose last counter was moved away has no state any more; the other rooms still get theirs.
    const state = await views.displayState(match[1]!, zone).catch(() => null);
    if (state) display.local.to(room).emit('display:updated', state);
  }
  const staff = io.of('/staff');
  for (const room of [...staff.adapter.rooms.keys()]) {
    const match = /^staff:(.+)$/.exec(room);
    if (match) staff.local.to(room).emit('queue:updated', await views.queueSummary(match[1]!));
  }
}

/**
 * Watches the database (and Redis, through `scaleOut`) and resyncs this instance's live clients
 * each time one of them comes back after an outage. Returns a function that stops watching.
 */
export function resyncAfterOutages(opts: {
  io: Server;
  views: LiveViews;
  pingDatabase: () => Promise<void>;
  scaleOut: ScaleOut | null;
  onError: (error: unknown) => void;
  /** Told once per outage, when the watch first finds the database unreachable. */
  onDatabaseLost?: () => void;
  intervalMs?: number;
}): () => void {
  let running = false;
  const resync = () => {
    if (running) return;
    running = true;
    resyncLocalClients(opts.io, opts.views)
      .catch(opts.onError)
      .finally(() => {
        running = false;
      });
  };
  opts.scaleOut?.onRecovered(resync);
  let databaseDown = false;
  const timer = setInterval(() => {
    within(opts.pingDatabase(), 3000, 'database ping').then(
      () => {
        if (!databaseDown) return;
        databaseDown = false;
        resync();
      },
      () => {
        if (databaseDown) return;
        databaseDown = true;
        opts.onDatabaseLost?.();
      },
    );
  }, opts.intervalMs ?? 2000);
  timer.unref();
  return () => clearInterval(timer);
}
