import { CompiledQuery, PostgresDialect, type DatabaseConnection, type Driver, type QueryResult, type TransactionSettings } from 'kysely';
import type pgTypes from 'pg';

/**
 * PostgreSQL with the statements of a transaction pipelined (issue 18, docs/PERFORMANCE.md figure 8; off with
 * POSTGRES_PIPELINE=off, for a connection pooler that cannot relay a pipeline: then each waits for the one before).
 *
 * The pool's connections run in `pg`'s pipeline mode: a statement is sent without waiting for the answer to the
 * one before it (each still has its own Sync, so PostgreSQL runs them one after another, in order). This driver
 * uses that in two ways, so a command costs the round trips it must wait for and no others:
 * - `begin` is not sent on its own: it goes out with the transaction's first statement;
 * - a statement whose answer the command need not wait for (an audit event, an outbox row, a counter's new
 *   status: `sendLater`) is queued on the connection and goes out with the next statement the command waits
 *   for, at the latest with `commit`.
 * A queued statement that fails fails the statement it went out with (its own error, not PostgreSQL's "current
 * transaction is aborted" of the ones after it), so the command fails and rolls back as if it had waited.
 */

interface Queued {
  query: CompiledQuery;
  resolve: (result: QueryResult<unknown>) => void;
  reject: (error: unknown) => void;
  /** What its failure is to the command (a statement that fails on purpose: `sendOneRowChangeLater`). */
  meaning?: ((error: unknown) => unknown) | undefined;
}

const failureOf = (q: Queued, error: unknown): unknown => (q.meaning ? q.meaning(error) : error);

const toResult = (res: pgTypes.QueryResult): QueryResult<unknown> => {
  const { command, rowCount, rows } = res;
  if (command === 'ROLLBACK' || command === 'COMMIT') return { rows: [{ command }] };
  const changes = command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE';
  return { numAffectedRows: changes ? BigInt(rowCount ?? 0) : undefined, rows: rows ?? [] };
};

/** The socket under a `pg` client (`pg` corks it around each statement's messages; Node counts nested corks). */
const socketOf = (client: pgTypes.PoolClient): { cork(): void; uncork(): void } | undefined => {
  const stream = (client as unknown as { connection?: { stream?: { cork?: () => void; uncork?: () => void } } }).connection?.stream;
  return stream?.cork && stream.uncork ? (stream as { cork(): void; uncork(): void }) : undefined;
};

/** Ends a transaction no statement of which reached the database (only `begin` and later writes were queued). */
const nothingSent = Symbol('nothing sent');

export class PipelinedConnection implements DatabaseConnection {
  private queued: Queued[] = [];
  /** `begin` was queued and has not gone out yet. */
  private beginPending = false;
  discarded = false;

  constructor(readonly client: pgTypes.PoolClient) {}

  /** Queues `begin`: it goes out with the first statement of the transaction. */
  begin(text: string): void {
    this.queued.push({ query: CompiledQuery.raw(text), resolve: () => {}, reject: () => {} });
    this.beginPending = true;
  }

  /**
   * Queues a statement; its answer settles when the next statement waited for is answered. `meaning` turns its
   * failure into the error the command fails with.
   */
  later(query: CompiledQuery, meaning?: (error: unknown) => unknown): Promise<QueryResult<unknown>> {
    return new Promise((resolve, reject) => this.queued.push({ query, resolve, reject, meaning }));
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return (await this.sendQueued(query)) as QueryResult<R>;
  }

  /** Sends what is queued now, without a statement of its own (an answer of a queued one is needed). */
  async flush(): Promise<void> {
    if (this.queued.length > 0) await this.sendQueued(null);
  }

  private async sendQueued(query: CompiledQuery | null): Promise<QueryResult<unknown> | null> {
    if (this.discarded) throw new Error('PostgreSQL connection has been discarded');
    const batch = this.queued;
    this.queued = [];
    this.beginPending = false;
    if (!this.client.pipeline) return this.sendInTurn(batch, query);
    // Every statement is handed to `pg` before any answer is awaited, and the socket is corked meanwhile: they
    // leave together, in one write (`pg` writes each statement's messages with a system call of its own).
    const stream = socketOf(this.client);
    stream?.cork();
    let sent: Promise<QueryResult<unknown>>[];
    let own: Promise<QueryResult<unknown>> | null;
    try {
      sent = batch.map((q) => this.send(q.query));
      own = query ? this.send(query) : null;
    } finally {
      stream?.uncork();
    }
    // Answers arrive in order and are read in order below; one may fail before the loop reaches it.
    for (const p of own ? [...sent, own] : sent) p.catch(() => {});
    let firstError: unknown = null;
    for (let i = 0; i < batch.length; i++) {
      try {
        batch[i]!.resolve(await sent[i]!);
      } catch (error) {
        const failure = failureOf(batch[i]!, error);
        firstError ??= failure;
        batch[i]!.reject(failure);
      }
    }
    const result = own
      ? await own.catch((error: unknown) => {
          throw firstError ?? error;
        })
      : null;
    if (firstError !== null) throw firstError;
    return result;
  }

  /** Without pipeline mode (POSTGRES_PIPELINE=off): the same statements, each sent once the one before is answered. */
  private async sendInTurn(batch: Queued[], query: CompiledQuery | null): Promise<QueryResult<unknown> | null> {
    for (const q of batch) {
      try {
        q.resolve(await this.send(q.query));
      } catch (error) {
        const failure = failureOf(q, error);
        for (const rest of batch.slice(batch.indexOf(q))) rest.reject(failure);
        throw failure;
      }
    }
    return query ? this.send(query) : null;
  }

  /**
   * Drops what is queued from `mark` on (a command of a commit group that failed: `transaction.ts`), or all that is
   * queued when `mark` was sent already. Answers whether `mark` was still queued: then nothing from it on went out.
   */
  dropFrom(mark: CompiledQuery): boolean {
    const at = this.queued.findIndex((q) => q.query === mark);
    const dropped = this.queued.splice(Math.max(0, at));
    for (const q of dropped) q.reject(new Error('the command was rolled back'));
    return at >= 0;
  }

  /** Ends the transaction without sending anything when nothing of it was sent; answers whether so. */
  dropUnsent(): typeof nothingSent | null {
    const unsent = this.beginPending;
    for (const q of this.queued) q.reject(new Error('the transaction was rolled back'));
    this.queued = [];
    this.beginPending = false;
    return unsent ? nothingSent : null;
  }

  // eslint-disable-next-line require-yield
  async *streamQuery(): AsyncIterableIterator<QueryResult<never>> {
    throw new Error('streaming is not used with PostgreSQL here');
  }

  private send(query: CompiledQuery): Promise<QueryResult<unknown>> {
    return (this.client.query(query.sql, [...query.parameters]) as Promise<pgTypes.QueryResult>).then(toResult);
  }
}

class PipelinedDriver implements Driver {
  private readonly connections = new WeakMap<pgTypes.PoolClient, PipelinedConnection>();

  constructor(private pool: pgTypes.Pool | null) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    if (!this.pool) throw new Error('driver has already been destroyed');
    const client = await this.pool.connect();
    let connection = this.connections.get(client);
    if (!connection) this.connections.set(client, (connection = new PipelinedConnection(client)));
    return connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const level = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : '';
    const mode = settings.accessMode ? ` ${settings.accessMode}` : '';
    (connection as PipelinedConnection).begin(level || mode ? `start transaction${level}${mode}` : 'begin');
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const { rows } = await connection.executeQuery<{ command: string }>(CompiledQuery.raw('commit'));
    // PostgreSQL answers COMMIT with ROLLBACK when a statement before it failed.
    if (rows[0]?.command === 'ROLLBACK') throw new Error('the transaction was aborted by an earlier error and rolled back');
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as PipelinedConnection;
    if (c.dropUnsent() === nothingSent) return;
    try {
      await c.executeQuery(CompiledQuery.raw('rollback'));
    } catch (error) {
      c.discarded = true;
      throw error;
    }
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const c = connection as PipelinedConnection;
    c.dropUnsent();
    c.client.release(c.discarded ? true : undefined);
    if (c.discarded) this.connections.delete(c.client);
  }

  async destroy(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.end();
  }
}

/** Kysely's PostgreSQL dialect with `PipelinedDriver` (it pipelines when the pool's clients are made with `pipeline: true`). */
export class PipelinedPostgresDialect extends PostgresDialect {
  constructor(private readonly pool: pgTypes.Pool) {
    super({ pool });
  }

  override createDriver(): Driver {
    return new PipelinedDriver(this.pool);
  }
}
