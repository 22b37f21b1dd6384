import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import type SQLite from 'better-sqlite3';

// A dev tool: where a command's SQL time goes. The in-process bench tools (tests/bench/in-process.ts) use it
// with SQL_TIMING=1; a server started with SQL_TIMING_FILE=<path> (e.g. by `npm run bench`) times every
// statement from its start and writes the report there when its database closes.

/**
 * Times every statement run on a better-sqlite3 connection (dev tools: where a command's SQL time goes). A read's time
 * is SQLite's and better-sqlite3's raw rows: the kept statements make the rows' objects after (`sqlite-statements.ts`).
 * Nothing is counted until `start()` (which also forgets what was counted before); `report(n)` lists the statements by total time per `n` operations.
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
    /** Counts from now, from zero. */
    start: () => {
      stats.clear();
      timing = true;
    },
    report(n: number): string {
      const sum = [...stats.values()].reduce((a, s) => a + s.ms, 0);
      const count = [...stats.values()].reduce((a, s) => a + s.n, 0);
      const lines = [...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 30).map(([text, s]) => `${(s.ms / n).toFixed(3)} ms  ${(s.n / n).toFixed(2)}×  ${text.replace(/\s+/g, ' ').slice(0, 170)}`);
      return [`SQL ${(sum / n).toFixed(3)} ms in ${(count / n).toFixed(1)} statements per operation`, ...lines].join('\n');
    },
  };
}

/** With SQL_TIMING_FILE set, times the connection's statements from now and writes the totals there at `close`. */
export function timeStatementsToFile(sqlite: SQLite.Database): (() => void) | null {
  const file = process.env.SQL_TIMING_FILE;
  if (!file) return null;
  const timer = timeStatements(sqlite);
  timer.start();
  return () => fs.writeFileSync(file, timer.report(1) + '\n');
}
