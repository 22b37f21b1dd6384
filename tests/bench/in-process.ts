import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type SQLite from 'better-sqlite3';
import { buildApp } from '../../server/src/app';
import { testConfig } from '../../server/src/config';
import { openDatabase } from '../../server/src/db/database';
import { migrateToLatest } from '../../server/src/db/migrate';
import { tempDir } from './support';

// The dev tools that measure one command in-process (issue-micro, lifecycle-micro) share this set-up.

/**
 * The demo hall on a fresh SQLite file (WAL, `synchronous=NORMAL`), the app built in this process. With
 * SQL_TIMING=1, `sql` times every statement (see `timeStatements`).
 */
export async function demoAppInProcess(name: string) {
  const dir = tempDir(name);
  const database = openDatabase({ url: path.join(dir, 'navbat.sqlite'), sqliteSynchronous: 'NORMAL' });
  const sql = process.env.SQL_TIMING === '1' ? timeStatements(database.sqlite!) : null;
  await migrateToLatest(database.db);
  const app = await buildApp({ config: testConfig(), database });
  await app.services.bootstrap.ensureAdmin('bench-admin-password');
  await app.services.bootstrap.seedDemo();
  await app.ready();
  return {
    app,
    sql,
    async dispose() {
      await app.close();
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Times every statement run on a better-sqlite3 connection (dev tools: where a command's SQL time goes).
 * Nothing is counted until `start()`; `report(n)` lists the statements by total time per `n` operations.
 */
export function timeStatements(sqlite: SQLite.Database) {
  const stats = new Map<string, { n: number; ms: number }>();
  let timing = false;
  const prepare = sqlite.prepare.bind(sqlite);
  (sqlite as unknown as { prepare: unknown }).prepare = (text: string) => {
    const stmt = prepare(text);
    for (const m of ['run', 'get', 'all'] as const) {
      const orig = stmt[m].bind(stmt) as (...a: unknown[]) => unknown;
      (stmt as unknown as Record<string, unknown>)[m] = (...args: unknown[]) => {
        if (!timing) return orig(...args);
        const t0 = performance.now();
        try {
          return orig(...args);
        } finally {
          const s = stats.get(text) ?? { n: 0, ms: 0 };
          s.n++;
          s.ms += performance.now() - t0;
          stats.set(text, s);
        }
      };
    }
    return stmt;
  };
  return {
    start: () => void (timing = true),
    report(n: number): string {
      const sum = [...stats.values()].reduce((a, s) => a + s.ms, 0);
      const count = [...stats.values()].reduce((a, s) => a + s.n, 0);
      const lines = [...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 30).map(([text, s]) => `${(s.ms / n).toFixed(3)} ms  ${(s.n / n).toFixed(2)}×  ${text.replace(/\s+/g, ' ').slice(0, 170)}`);
      return [`SQL ${(sum / n).toFixed(3)} ms in ${(count / n).toFixed(1)} statements per operation`, ...lines].join('\n');
    },
  };
}
