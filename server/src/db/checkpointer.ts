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
 * The writing connection keeps an automatic checkpoint at a far larger mark (`safetyNetPages`): it bounds the
 * WAL if the worker stops, and under writes so continuous that the WAL never comes back to its start (a
 * checkpoint only lets the next writer rewind the WAL when it has caught up), by then the worker has copied
 * nearly everything, so the writer's own checkpoint is short.
 */
export interface Checkpointer {
  /** Runs a last checkpoint and ends the worker (before the writing connection closes). */
  stop(): Promise<void>;
}

/** How often the worker checkpoints. */
export const checkpointEveryMs = 250;

/** `wal_autocheckpoint` of the writing connection while a worker checkpoints (80 MiB of 4 KiB pages). */
export const safetyNetPages = 20_000;

// CommonJS, evaluated as the worker's script: the server is one ES-module bundle, with no file of its own for a worker.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = ' + workerData.synchronous);
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    // Another process's checkpointer is at work on the same file: it copies the same pages.
    if (error && error.code === 'SQLITE_BUSY') return;
    parentPort.postMessage({ error: String((error && error.message) || error) });
  }
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.postMessage({ stopped: true });
  parentPort.close();
});
`;

/** Starts checkpointing the SQLite database in `file` from a worker thread. */
export function startCheckpointer(opts: { file: string; synchronous: 'FULL' | 'NORMAL'; onError?: (message: string) => void }): Checkpointer {
  const worker = new Worker(workerSource, {
    eval: true,
    workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), file: opts.file, synchronous: opts.synchronous, everyMs: checkpointEveryMs },
    // A checkpointer needs little: keep its heap small (it counts in the server's memory).
    resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 },
  });
  // The process may exit with the worker still running (its timer must not keep the process up).
  worker.unref();
  const stopped = new Promise<void>((resolve) => {
    worker.on('message', (m: { error?: string; stopped?: boolean }) => {
      if (m.error) opts.onError?.(m.error);
      if (m.stopped) resolve();
    });
    worker.on('error', (error) => {
      opts.onError?.(error.message);
      resolve();
    });
    worker.on('exit', () => resolve());
  });
  return {
    async stop() {
      worker.postMessage('stop');
      await stopped;
      await worker.terminate();
    },
  };
}
