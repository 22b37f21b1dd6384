import type SQLite from 'better-sqlite3';
import type { CompiledQuery, QueryResult, SqliteDatabase } from 'kysely';
import { byPlanValues, planPlaceholders } from './plan-values';

// How Kysely's statements meet better-sqlite3: kept prepared by their SQL text, with the values SQLite plans by
// written into the text (`plan-values.ts`).
//
// SQLite compiles a statement again before every run when a bound value may change its plan, and better-sqlite3
// binds at every run: a `"status" = ?` where a partial index says `"status" = 'waiting'` (the planner checks
// whether the value matches the index's condition), or a `limit ?`. A call-next's firsts of 22 lines took 390 µs a
// run that way and 34 µs with `"arrived" = 1 … limit 1` written out; an update of a ticket `where "status" = ?`
// was planned anew each time.

/** At most this many statements are kept prepared (lists of varying length make distinct texts). */
const maxStatements = 1000;

/**
 * The connection as Kysely's SQLite dialect sees it. Kysely prepares every query anew; preparing costs about as
 * much as running a small query, so statements are kept by their SQL text (safe: Kysely runs one query at a time on
 * its one connection). A statement with values SQLite plans by runs as the text with those values written out.
 */
export function keptStatements(sqlite: SQLite.Database, beforeClose: (() => void) | null): SqliteDatabase {
  const statements = new Map<string, KeptStatement>();
  /** By Kysely's text: how it runs (null: as it is). */
  const shapes = new Map<string, PlannedStatement | null>();
  const statementOf = (text: string): KeptStatement => {
    let stmt = statements.get(text);
    if (!stmt) {
      if (statements.size >= maxStatements) statements.clear();
      stmt = new KeptStatement(sqlite.prepare(text));
      statements.set(text, stmt);
    }
    return stmt;
  };
  return {
    prepare(text: string) {
      let planned = shapes.get(text);
      if (planned === undefined) {
        const shape = planPlaceholders(text);
        planned = shape ? new PlannedStatement(statementOf(text).reader, byPlanValues(shape, statementOf, maxStatements)) : null;
        if (shapes.size >= maxStatements) shapes.clear();
        shapes.set(text, planned);
      }
      return planned ?? statementOf(text);
    },
    close() {
      beforeClose?.();
      statements.clear();
      shapes.clear();
      sqlite.close();
    },
  } as unknown as SqliteDatabase;
}

/**
 * Runs a statement now on the kept statements' connection, answering what Kysely's SQLite driver answers
 * (`SqliteConnection.executeQuery`), without its promises: for a transaction that holds the one connection
 * (`transaction.ts`).
 */
export function runNow(database: SqliteDatabase, { sql, parameters }: CompiledQuery): QueryResult<unknown> {
  const stmt = database.prepare(sql);
  if (stmt.reader) return { rows: stmt.all(parameters) };
  const { changes, lastInsertRowid } = stmt.run(parameters);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}

/**
 * Runs a reader now if nothing holds the connection in a transaction, else answers null (the caller goes through Kysely's
 * executor and waits its turn). For the database outside commit groups: a read then sees only committed rows, as it would
 * after waiting, and a write is never run this way (a connection held without a transaction, `inReadSnapshot`, must
 * see nothing written between its reads).
 */
export function runReaderNow(database: SqliteDatabase, sqlite: SQLite.Database, query: CompiledQuery): QueryResult<unknown> | null {
  if (sqlite.inTransaction) return null;
  const stmt = database.prepare(query.sql);
  return stmt.reader ? { rows: stmt.all(query.parameters) } : null;
}

/** How an executor runs a statement now (`runsNow`); null: it must go through Kysely's executor. */
type NowRunner = (query: CompiledQuery) => QueryResult<unknown> | null;

/** Per executor (a commit group's connection, the SQLite database): how it runs statements now. */
const nowRunners = new WeakMap<object, NowRunner>();

/**
 * SQLite: `ex`'s statements may run now, in this call (`run`), rather than through Kysely's executor, whose
 * connection provider, mutex and promises cost more than a small statement does (docs/PERFORMANCE.md,
 * twenty-seventh session). `prepared.ts` asks `runIfNow` before every statement it runs.
 */
export function runsNow(ex: object, run: NowRunner): void {
  nowRunners.set(ex, run);
}

/** The statement's result if `ex` runs it now (`runsNow`), else null: the caller runs it through `ex.executeQuery`. */
export function runIfNow(ex: object, query: CompiledQuery): QueryResult<unknown> | null {
  const run = nowRunners.get(ex);
  return run ? run(query) : null;
}

/** A row's object from its values, in the statement's column order. */
type RowMaker = (values: readonly unknown[]) => Record<string, unknown>;

/**
 * A function that makes a row's object from its values as an object literal of these column names, compiled once per
 * statement: every row of a statement then has one shape from the start. A column name that comes twice keeps its last
 * value, as better-sqlite3's own objects do. The names are the statement's own (written by the server), quoted as JSON.
 */
export function rowMaker(names: readonly string[]): RowMaker {
  return new Function('v', `return { ${names.map((name, i) => `${JSON.stringify(name)}: v[${i}]`).join(', ')} };`) as RowMaker;
}

/**
 * A kept statement as Kysely's driver calls it. A reader's rows come from better-sqlite3 as arrays (`raw`) and are made
 * into objects here (`rowMaker`): better-sqlite3 builds each row's object a property at a time, and for a ticket's 46
 * columns that cost ~22 µs a row against ~13 µs this way (docs/PERFORMANCE.md, twenty-second session).
 */
class KeptStatement {
  readonly reader: boolean;
  /** How many columns `make` was made for. */
  private width = -1;
  private make: RowMaker | null = null;

  constructor(private readonly stmt: SQLite.Statement) {
    this.reader = stmt.reader;
    if (this.reader) stmt.raw(true);
  }

  all(parameters: readonly unknown[]): unknown[] {
    const rows = this.stmt.all(parameters) as unknown[][];
    if (rows.length === 0) return rows;
    const make = this.makerFor(rows[0]!);
    return rows.map(make);
  }

  run(parameters: readonly unknown[]) {
    return this.stmt.run(parameters);
  }

  *iterate(parameters: readonly unknown[]): IterableIterator<unknown> {
    for (const row of this.stmt.iterate(parameters) as IterableIterator<unknown[]>) yield this.makerFor(row)(row);
  }

  /** The row maker, made again when a row's width differs from the names' (another process changed the table). */
  private makerFor(row: readonly unknown[]): RowMaker {
    if (this.make === null || row.length !== this.width) {
      const names = this.stmt.columns().map((c) => c.name);
      this.width = names.length;
      this.make = rowMaker(names);
    }
    return this.make;
  }
}

/** A statement whose planned values are written into its text at each run (what Kysely's driver calls of it). */
class PlannedStatement {
  constructor(
    readonly reader: boolean,
    private readonly resolve: (parameters: readonly unknown[]) => { made: KeptStatement; rest: unknown[] },
  ) {}
  all(parameters: readonly unknown[]) {
    const { made, rest } = this.resolve(parameters);
    return made.all(rest);
  }
  run(parameters: readonly unknown[]) {
    const { made, rest } = this.resolve(parameters);
    return made.run(rest);
  }
  iterate(parameters: readonly unknown[]) {
    const { made, rest } = this.resolve(parameters);
    return made.iterate(rest);
  }
}
