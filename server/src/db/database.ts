import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, type CompiledQuery, type QueryResult, type Transaction } from 'kysely';
import { createRequire } from 'node:module';
import type pgTypes from 'pg';
import type { Database } from './schema';
import { timeStatementsToFile } from './sql-timing';
import { keptStatements, runNow, runReaderNow, runsNow } from './sqlite-statements';
import { byPlanValues, planPlaceholders } from './plan-values';
import { safetyNetPages, startCheckpointer, type CheckpointTiming } from './checkpointer';
import { nameStatementsOf, PipelinedPostgresDialect, type StatementNamer } from './pg-pipeline';
import { DatabaseNews } from './news';
import { SessionCache } from './session-cache';
import { registerSetupCache, SetupCache } from './setup-cache';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;
/** A repository's first argument: the database or a transaction the caller owns. */
export type Executor = Kysely<Database> | Transaction<Database>;

export interface DatabaseHandle {
  db: Db;
  dialect: Dialect;
  /** The raw better-sqlite3 connection, for the few hot paths that prepare their own statements. */
  sqlite: SQLite.Database | null;
  /**
   * SQLite: runs a statement now on the one connection, for a transaction that holds it (`transaction.ts`'s commit
   * groups): no executor, mutex or promise of Kysely's between the command and the statement. Null on PostgreSQL.
   */
  runHeld: ((query: CompiledQuery) => QueryResult<unknown>) | null;
  /**
   * SQLite with the checkpoints on a worker: null, or what the next write transaction waits for first (the worker
   * copying the rest of the WAL so the next commit starts it again from its beginning: `checkpointer.ts`).
   */
  beforeWrite?: () => Promise<void> | null;
  /** PostgreSQL: the database's news of changes, which what is kept between requests is only as good as (`news.ts`); null on SQLite. */
  news: DatabaseNews | null;
  /** Signed-in sessions kept between requests while their ends are heard (PostgreSQL) or their version stays (SQLite): `session-cache.ts`. */
  sessions: SessionCache;
  /** Centres' setup kept between requests, as sessions: `setup-cache.ts`. */
  setup: SetupCache;
  /** Checks that the database answers (for /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  url: string;
  /** SQLite `synchronous`: FULL survives power loss; NORMAL survives process crashes only. */
  sqliteSynchronous?: 'FULL' | 'NORMAL';
  postgresPoolSize?: number;
  /** PostgreSQL: run queries as named prepared statements of their connection (default on; off behind a pooler that cannot keep them). */
  postgresPreparedStatements?: boolean;
  /** PostgreSQL: send a transaction's statements without waiting for each other's answers where they need not (default on; `pg-pipeline.ts`). */
  postgresPipeline?: boolean;
  /** SQLite file: WAL checkpoints from a worker thread instead of inside commits (see `checkpointer.ts`); the server turns it on. */
  backgroundCheckpoints?: boolean;
  /** With `backgroundCheckpoints`: the worker's timing, if not the server's (tests). */
  checkpointTiming?: CheckpointTiming;
}

/** Opens the database named by a `DATABASE_URL` (`file:…`, `:memory:` or `postgres://…`). */
export function openDatabase(options: DatabaseOptions): DatabaseHandle {
  const { url } = options;
  if (/^postgres(ql)?:\/\//.test(url)) {
    // Loaded only for PostgreSQL, so a SQLite server does not load the driver at every start.
    const pg = createRequire(import.meta.url)('pg') as typeof pgTypes;
    // Integers of 64 bits (count(*), sums) come back as numbers, not strings.
    pg.types.setTypeParser(20, (v) => Number(v));
    const pool = new pg.Pool({
      connectionString: url,
      max: options.postgresPoolSize ?? 10,
      // A database that does not answer fails requests instead of hanging them forever; the wait
      // includes queueing for a free connection during a burst, so it is generous.
      connectionTimeoutMillis: 30_000,
      keepAlive: true,
      // A transaction's statements go out without waiting for each other's answers where they need not (pg-pipeline.ts).
      pipeline: options.postgresPipeline !== false,
    });
    // A dropped connection must not crash the process; the next query reconnects. The pool only
    // listens on idle clients: one checked out (mid-query) when the server goes away would otherwise
    // emit an unhandled 'error'. Its query fails, and the pool drops it on release.
    pool.on('error', () => {});
    const statements = { generation: 0 };
    pool.on('connect', (client) => {
      client.on('error', () => {});
      if (options.postgresPreparedStatements !== false) namedStatements(client, statements);
    });
    const db = new Kysely<Database>({ dialect: new PipelinedPostgresDialect(pool) });
    // Listens once the server starts (`buildApp`), or at a first use of what it keeps; operator commands and tools never do.
    const news = new DatabaseNews(() => new pg.Client({ connectionString: url, keepAlive: true, connectionTimeoutMillis: 10_000, application_name: 'navbat-news' }));
    const sessions = SessionCache.onPostgres(news);
    const setup = SetupCache.onPostgres(news);
    registerSetupCache(db, setup);
    return {
      db,
      dialect: 'postgres',
      sqlite: null,
      runHeld: null,
      news,
      sessions,
      setup,
      ping: async () => {
        // /readyz must answer quickly even when the database is unreachable (not refusing, just silent).
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('database did not answer within 3 s')), 3000);
        });
        try {
          await Promise.race([pool.query('select 1'), timeout]);
        } finally {
          clearTimeout(timer);
        }
      },
      close: async () => {
        await news.stop();
        await db.destroy();
      },
    };
  }
  const file = url === ':memory:' || url === 'file::memory:' ? ':memory:' : url.replace(/^file:/, '');
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${options.sqliteSynchronous ?? 'FULL'}`);
  sqlite.pragma('foreign_keys = ON');
  // A commit group runs each command in a savepoint (`transaction.ts`), so every page a command changes first is
  // copied to the transaction's sub-journal. Past 64 KiB (a few commands) SQLite spills that journal to a temporary
  // file: a `pwrite` per page, half of an issue's SQL time (docs/PERFORMANCE.md, twentieth session). In memory it
  // costs a copy; it only ever serves a rollback to a savepoint, never durability (the WAL is that).
  sqlite.pragma('temp_store = MEMORY');
  // Several processes may share the file: wait for a writer rather than fail with SQLITE_BUSY.
  sqlite.pragma('busy_timeout = 10000');
  const checkpointer =
    options.backgroundCheckpoints && file !== ':memory:'
      ? startCheckpointer({
          file,
          synchronous: options.sqliteSynchronous ?? 'FULL',
          onError: (message) => process.emitWarning(`WAL checkpoint failed: ${message}`),
          ...(options.checkpointTiming ? { timing: options.checkpointTiming } : {}),
        })
      : null;
  if (checkpointer) sqlite.pragma(`wal_autocheckpoint = ${safetyNetPages}`);
  const writeSqlTiming = timeStatementsToFile(sqlite);
  const statements = keptStatements(sqlite, writeSqlTiming);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: statements }) });
  runsNow(db, (query) => runReaderNow(statements, sqlite, query));
  return {
    db,
    dialect: 'sqlite',
    sqlite,
    runHeld: (query) => runNow(statements, query),
    ...(checkpointer ? { beforeWrite: checkpointer.beforeWrite } : {}),
    news: null,
    sessions: SessionCache.onSqlite(),
    setup: SetupCache.onSqlite(),
    ping: async () => {
      sqlite.prepare('select 1').get();
    },
    close: async () => {
      // The worker's connection goes first, so the last one to close (this one) checkpoints and removes the WAL.
      await checkpointer?.stop();
      await db.destroy();
      // Kysely opens its driver at the first query: a handle used only through `sqlite` is closed here.
      if (sqlite.open) sqlite.close();
    },
  };
}

/** At most this many statements are kept prepared on one connection; queries beyond run unnamed. */
const maxNamedStatements = 2000;

/** The hashes of statements' texts, worked out once per text (a SHA-1 at every statement otherwise). */
const textHashes = new Map<string, string>();
function textHash(text: string): string {
  let hash = textHashes.get(text);
  if (hash === undefined) {
    hash = crypto.createHash('sha1').update(text).digest('base64url');
    if (textHashes.size >= 4 * maxNamedStatements) textHashes.clear();
    textHashes.set(text, hash);
  }
  return hash;
}

/** By a statement's text: how its values PostgreSQL plans by are written in (`plan-values.ts`); null: it runs as it is. */
const planShapes = new Map<string, ((parameters: readonly unknown[]) => { made: string; rest: unknown[] }) | null>();

/** The text and values to run: with the values PostgreSQL plans by written into the text (`plan-values.ts`). */
function withPostgresPlanValues(text: string, values: unknown[]): { text: string; values: unknown[] } {
  let planned = planShapes.get(text);
  if (planned === undefined) {
    const shape = planPlaceholders(text, 'postgres');
    planned = shape ? byPlanValues(shape, (written) => written, maxNamedStatements) : null;
    if (planShapes.size >= 4 * maxNamedStatements) planShapes.clear();
    planShapes.set(text, planned);
  }
  if (!planned) return { text, values };
  const { made, rest } = planned(values);
  return { text: made, values: rest };
}

/**
 * Every query with arguments runs as a named prepared statement of its connection: PostgreSQL parses it once
 * per connection instead of at every run (its parse and plan were most of the database's CPU per command;
 * docs/PERFORMANCE.md, figure 8). The name is the text's hash and a generation: when the schema changes under a
 * running instance (a rolling upgrade migrating), a prepared `select *` fails once with "cached plan must not
 * change result type"; that moves every connection to new names, so the next attempt prepares afresh. A value a
 * partial index is compared with (`"status" = $2`) is written into the text: after five runs PostgreSQL plans a named
 * statement once for any value (its generic plan), which cannot use a partial index for a value it does not know.
 */
function namedStatements(client: pgTypes.PoolClient, statements: { generation: number }): void {
  let named = 0;
  const namer: StatementNamer = (sent, sentValues) => {
    if (sentValues.length === 0 || named >= maxNamedStatements) return { text: sent, values: sentValues };
    const { text, values } = withPostgresPlanValues(sent, sentValues);
    const generation = statements.generation;
    const name = `n${generation}_${textHash(text)}`;
    const prepared = (client as unknown as { connection?: { parsedStatements?: Record<string, string> } }).connection?.parsedStatements;
    if (prepared && !(name in prepared)) named++;
    const failed = (error: unknown) => {
      if ((error as { code?: string }).code === '0A000' && statements.generation === generation) statements.generation++;
    };
    return { name, text, values, failed };
  };
  nameStatementsOf(client, namer);
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (sent: unknown, sentValues?: unknown, callback?: unknown) => {
    if (typeof sent !== 'string' || !Array.isArray(sentValues) || sentValues.length === 0 || callback !== undefined) return query(sent, sentValues, callback);
    const { name, text, values, failed } = namer(sent, sentValues);
    if (name === undefined) return query(text, values);
    return (query({ name, text, values }) as Promise<unknown>).catch((error: unknown) => {
      failed?.(error);
      throw error;
    });
  };
}
