import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * WAL checkpoints off the event loop. By default SQLite checkpoints from the connection that commits, inside
 * the commit that crosses 1,000 pages of WAL: it copies those pages into the database file and syncs it, on
 * the event loop, in the middle of a request (`npm run bench` figure 1: issuing 664 → 965 req/s at
 * `synchronous=NORMAL` without them). Here a worker thread with its own connection runs a PASSIVE checkpoint
 * every `checkpointEveryMs` (it never blocks the writer or readers); pages written many times between two checkpoints
 * (the centre's row, a service's number, an index's last page) are copied once.
 *
 * A checkpoint lets the next writer start the WAL again from its beginning only when it copied all of it: under
 * commits so continuous that one always lands while the worker copies (a commit every millisecond or two, as under
 * the benchmarks' loads), the WAL would only grow. Past `restartMarkPages` the worker asks the writer to hold its
 * next transaction (`beforeWrite`, awaited by the commit groups of `transaction.ts`) while it copies the few pages
 * committed since its last pass; the writer's next commit then starts the WAL again. The event loop stays free
 * meanwhile (requests are read, reads answered); only the next commit waits, at most `maxHoldMs`.
 *
 * The writing connection keeps an automatic checkpoint at a far larger mark (`safetyNetPages`): it bounds the WAL if
 * the worker stops. It runs on the event loop inside a commit: before the writer held for the worker, it was what
 * started the WAL again under continuous commits, and stalled the loop 14–23 ms every 20,000 pages
 * (docs/PERFORMANCE.md, forty-fifth session).
 */
export interface Checkpointer {
  /** Runs a last checkpoint and ends the worker (before the writing connection closes). */
  stop(): Promise<void>;
  /**
   * Null, or, when the worker asked for it, what the writer waits for before its next transaction: the worker's
   * checkpoint of all of the WAL (or `maxHoldMs`, whichever comes first).
   */
  beforeWrite(): Promise<void> | null;
}

/** How often the worker checkpoints, and past how many WAL pages it asks the writer to hold (tests set smaller ones). */
export interface CheckpointTiming {
  everyMs: number;
  restartMarkPages: number;
}

/** How often the worker checkpoints. */
export const checkpointEveryMs = 250;

/** `wal_autocheckpoint` of the writing connection while a worker checkpoints (80 MiB of 4 KiB pages). */
export const safetyNetPages = 20_000;

/**
 * WAL pages since it last started again past which the worker asks the writer to hold (32 MiB): the WAL starts again
 * only after a checkpoint during which no commit landed, so one this long has had commits all along.
 */
export const restartMarkPages = 8_192;

/** The longest the writer holds its next transaction for the worker. */
export const maxHoldMs = 100;

// CommonJS, evaluated as the worker's script: the server is one ES-module bundle, with no file of its own for a worker.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = ' + workerData.synchronous);
// Answers the WAL's pages and how many of them are now in the database file, or null.
const checkpoint = () => {
  try {
    return db.pragma('wal_checkpoint(PASSIVE)')[0];
  } catch (error) {
    // Another process's checkpointer is at work on the same file: it copies the same pages.
    if (error && error.code === 'SQLITE_BUSY') return null;
    parentPort.postMessage({ error: String((error && error.message) || error) });
    return null;
  }
};
// The WAL header's checkpoint sequence: one more each time a writer starts the WAL again from its beginning.
const walSequence = () => {
  try {
    const fd = fs.openSync(workerData.file + '-wal', 'r');
    try {
      const header = Buffer.alloc(4);
      fs.readSync(fd, header, 0, 4, 12);
      return header.readUInt32BE(0);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return -1;
  }
};
// Whether the writer was asked to hold and has not yet; the WAL's sequence when it was last asked.
let asked = false;
let askedAt = -1;
const pass = () => {
  const done = checkpoint();
  // The WAL is counted from where it last started again: past the mark, commits kept landing while it copied.
  if (asked || !done || done.log < workerData.restartMark) return;
  // A hold after which the WAL did not start again (a reader of another process on an old snapshot) is not asked
  // again until it has (the writer's safety net).
  const sequence = walSequence();
  if (sequence === askedAt) return;
  askedAt = sequence;
  // Copy what commits wrote meanwhile, then ask the writer to hold while it copies the rest.
  checkpoint();
  asked = true;
  parentPort.postMessage({ hold: true });
};
const timer = setInterval(pass, workerData.everyMs);
parentPort.on('message', (message) => {
  if (message === 'held') {
    checkpoint();
    asked = false;
    parentPort.postMessage({ released: true });
    return;
  }
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.postMessage({ stopped: true });
  parentPort.close();
});
`;

/** Starts checkpointing the SQLite database in `file` from a worker thread. */
export function startCheckpointer(opts: { file: string; synchronous: 'FULL' | 'NORMAL'; onError?: (message: string) => void; timing?: CheckpointTiming }): Checkpointer {
  const timing = opts.timing ?? { everyMs: checkpointEveryMs, restartMarkPages };
  const worker = new Worker(workerSource, {
    eval: true,
    workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), file: opts.file, synchronous: opts.synchronous, everyMs: timing.everyMs, restartMark: timing.restartMarkPages },
    // A checkpointer needs little: keep its heap small (it counts in the server's memory).
    resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 },
  });
  // The process may exit with the worker still running (its timer must not keep the process up).
  worker.unref();
  // The worker asked the writer to hold; and, while it holds, how the hold ends.
  let holdAsked = false;
  let holding: { done: Promise<void>; end: () => void } | null = null;
  const endHold = () => holding?.end();
  const stopped = new Promise<void>((resolve) => {
    worker.on('message', (m: { error?: string; stopped?: boolean; hold?: boolean; released?: boolean }) => {
      if (m.error) opts.onError?.(m.error);
      if (m.hold) holdAsked = true;
      if (m.released) endHold();
      if (m.stopped) resolve();
    });
    worker.on('error', (error) => {
      opts.onError?.(error.message);
      endHold();
      resolve();
    });
    worker.on('exit', () => {
      endHold();
      resolve();
    });
  });
  return {
    beforeWrite() {
      if (holding) return holding.done;
      if (!holdAsked) return null;
      holdAsked = false;
      let end!: () => void;
      const done = new Promise<void>((resolve) => (end = resolve));
      const timer = setTimeout(() => holding?.end(), maxHoldMs);
      holding = {
        done,
        end: () => {
          clearTimeout(timer);
          holding = null;
          end();
        },
      };
      worker.postMessage('held');
      return done;
    },
    async stop() {
      worker.postMessage('stop');
      await stopped;
      await worker.terminate();
    },
  };
}
