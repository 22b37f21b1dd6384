/**
 * Navbat's statements, recorded and replayed (`statement-floor.ts`): what a command's rows, indexes, triggers and commits
 * cost with none of Navbat's code around them.
 */
import path from 'node:path';
import type SQLite from 'better-sqlite3';
import { watchPrepared } from '../support/sqlite-plan';

/** One statement run: its text (an index into `Trace.statements`), the method called and its arguments. */
export type Step = [statement: number, method: 'run' | 'get' | 'all' | 'iterate', args: unknown[]];

export interface Trace {
  statements: string[];
  /** Each recorded issue: its statements and the body Navbat answered. */
  requests: { steps: Step[]; body: string }[];
}

/** The recording's files in `dir`: the database before the first issue, and the trace. */
export const traceFiles = (dir: string) => ({ start: path.join(dir, 'start.sqlite'), trace: path.join(dir, 'trace.json') });

/**
 * Records the statements run on `sqlite` from now on, between `start()` and `stop()`: each with its text (an index
 * into `statements`, which keeps only what was recorded), the method called and its arguments.
 */
export function statementRecorder(sqlite: SQLite.Database) {
  const statements: string[] = [];
  const ids = new Map<string, number>();
  let steps: Step[] | null = null;
  watchPrepared(sqlite, (stmt, text) => {
    const idOf = () => ids.get(text) ?? (ids.set(text, statements.length), statements.push(text) - 1);
    for (const method of ['run', 'get', 'all', 'iterate'] as const) {
      const call = stmt[method].bind(stmt) as (...args: unknown[]) => unknown;
      (stmt as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        steps?.push([idOf(), method, args]);
        return call(...args);
      };
    }
  });
  return {
    statements,
    start: () => {
      steps = [];
    },
    stop: (): Step[] => {
      const done = steps ?? [];
      steps = null;
      return done;
    },
  };
}

/** Runs recorded steps on `sqlite` (a copy of the file they were recorded on); rows as arrays, as Navbat's kept statements read them. */
export function statementReplayer(sqlite: SQLite.Database, texts: readonly string[]): (steps: readonly Step[]) => void {
  const statements = texts.map((text) => {
    const stmt = sqlite.prepare(text);
    return stmt.reader ? stmt.raw(true) : stmt;
  });
  return (steps) => {
    for (const [id, method, args] of steps) {
      const stmt = statements[id]!;
      if (method === 'iterate') for (const _ of stmt.iterate(...args));
      else stmt[method](...args);
    }
  };
}

/** Copies the database between commands (no transaction is open then). */
export const snapshot = (sqlite: SQLite.Database, file: string) => sqlite.exec(`vacuum into '${file.replaceAll("'", "''")}'`);

