import { CompiledQuery, PostgresDialect, type DatabaseConnection, type Driver, type QueryResult, type TransactionSettings } from 'kysely';
import { createRequire } from 'node:module';
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
 *
 * Statements that go out together are one batch with one Sync (`Batch`): PostgreSQL answers them with one write and
 * one ReadyForQuery instead of one each (a Sync makes it flush its socket: ~6 % of its CPU an issue went to those
 * writes, docs/PERFORMANCE.md figure 8). After a statement of a batch fails, PostgreSQL skips the rest of the batch;
 * they fail as they would have run, with "current transaction is aborted" (25P02).
 *
 * A named statement's columns are asked for (Describe) the first time it runs on a connection only: its row
 * description is kept and its answers read with it after that. PostgreSQL guarantees it stays true: a prepared
 * statement whose result would change (the schema changed under it) fails with "cached plan must not change result
 * type" (0A000) instead of answering, and `database.ts` then moves the connections to new names.
 */

interface Queued {
  query: CompiledQuery;
  /** Its place among the connection's statements (`PipelinedConnection.failedBefore`). */
  at: number;
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

/**
 * How a statement with arguments runs on one connection (`database.ts`'s named statements): its prepared name, and
 * its text and values with those PostgreSQL plans by written in; `failed` hears its error.
 */
export type StatementNamer = (text: string, values: unknown[]) => { name?: string; text: string; values: unknown[]; failed?: (error: unknown) => void };

const namers = new WeakMap<pgTypes.ClientBase, StatementNamer>();

/** Names the statements `client` runs, in a batch as one by one (`database.ts` installs it as a connection opens). */
export const nameStatementsOf = (client: pgTypes.ClientBase, namer: StatementNamer): void => void namers.set(client, namer);

/** A statement of a batch: what goes out, and what its answer settles. */
interface BatchItem {
  text: string;
  values: unknown[];
  /** Its prepared name ('' unnamed: parsed with it, as `pg` does for a statement without arguments). */
  name: string;
  /** The name this batch sends a Parse for (the connection has not prepared it yet). */
  parseName?: string | undefined;
  failed?: ((error: unknown) => void) | undefined;
  result?: pgTypes.QueryResult & { addFields(fields: unknown): void; parseRow(fields: unknown): unknown; addRow(row: unknown): void; addCommandComplete(msg: unknown): void };
  rowError?: unknown;
  /** Its Describe was sent (its columns were not known on the connection). */
  described?: boolean;
  settled?: boolean;
  resolve: (result: pgTypes.QueryResult) => void;
  reject: (error: unknown) => void;
}

/** The protocol messages `pg`'s connection writes (its `Connection`, not typed by `pg`). */
interface PgConnection {
  parsedStatements: Record<string, string>;
  submittedNamedStatements: Record<string, string>;
  stream: { cork?: () => void; uncork?: () => void };
  parse(q: { text: string; name: string }): void;
  bind(q: { portal: string; statement: string; values: unknown[]; binary: boolean; valueMapper: unknown }): void;
  describe(q: { type: 'P'; name: string }): void;
  execute(q: { portal: string }): void;
  sync(): void;
}

/** What a statement after a failed one in its batch fails with: PostgreSQL skipped it (it would have refused it). */
const skipped = () => Object.assign(new Error('current transaction is aborted, commands ignored until end of transaction block'), { code: '25P02' });

let batchClass: (new (items: BatchItem[]) => object) | undefined;

/**
 * What a result reads its rows with, made by `pg`'s `Result.addFields` from a row description (its own fields: `pg`
 * keeps no public way to reuse them). Kept once per statement and connection; shared by the results, which only read it.
 */
interface RowShape {
  fields: unknown[];
  _parsers: unknown;
  _prebuiltEmptyResultObject: unknown;
}

/** By connection, the row shape of each named statement it has run (`Batch`: its Describe is left out after that). */
const shapesOf = new WeakMap<PgConnection, Map<string, RowShape>>();

/** The shape `result` now reads rows with (after `addFields`), or null if `pg`'s `Result` no longer keeps it so. */
function shapeOf(result: object): RowShape | null {
  const r = result as Partial<RowShape>;
  return Array.isArray(r.fields) && '_parsers' in r && '_prebuiltEmptyResultObject' in r ? { fields: r.fields, _parsers: r._parsers, _prebuiltEmptyResultObject: r._prebuiltEmptyResultObject } : null;
}

/**
 * `pg` runs a batch as one query of its queue (pipeline mode accepts only its own `Query` class, so `Batch` is one):
 * every statement's Parse (when the connection has not prepared it), Bind, Describe (when its row shape is not known
 * on the connection) and Execute, then one Sync.
 * Answers arrive in order; each statement settles at its CommandComplete.
 */
function makeBatchClass(): new (items: BatchItem[]) => object {
  const require = createRequire(import.meta.url);
  const pg = require('pg') as typeof pgTypes & { Query: new (config: object) => object; Result: new (rowMode: undefined, types: unknown) => BatchItem['result'] };
  const { prepareValue } = require('pg/lib/utils') as { prepareValue: unknown };
  const Query = pg.Query as unknown as new (config: object) => { _result: { _types: unknown } };
  return class Batch extends Query {
    private items: BatchItem[] = [];
    /** The statement being answered. */
    private current = 0;
    /** The connection's known row shapes (set as the batch is written). */
    private shapes: Map<string, RowShape> | undefined;

    constructor(items: BatchItem[]) {
      super({ text: '-- a batch' });
      this.items = items;
    }

    // `pg` reads the active query's name and text when PostgreSQL has parsed a statement or refused one (`client.js`):
    // the statement being answered. Assignments (`Query`'s constructor) are ignored.
    get name(): string | undefined {
      return this.items?.[this.current]?.parseName;
    }
    set name(_: unknown) {}
    get text(): string | undefined {
      return this.items?.[this.current]?.text;
    }
    set text(_: unknown) {}
    // And its values, so whoever watches `client.query` sees a statement (a lone one is a batch of one) as `pg`'s own.
    get values(): unknown[] | undefined {
      return this.items?.[this.current]?.values;
    }
    set values(_: unknown) {}

    submit(connection: PgConnection): null {
      const { parsedStatements, submittedNamedStatements } = connection;
      let shapes = shapesOf.get(connection);
      if (!shapes) shapesOf.set(connection, (shapes = new Map()));
      this.shapes = shapes;
      connection.stream.cork?.();
      try {
        for (let i = 0; i < this.items.length; i++) {
          const item = this.items[i]!;
          item.result = new pg.Result(undefined, this._result._types);
          if (item.name === '' || (parsedStatements[item.name] ?? submittedNamedStatements[item.name]) === undefined) {
            connection.parse({ text: item.text, name: item.name });
            if (item.name !== '') submittedNamedStatements[(item.parseName = item.name)] = item.text;
          }
          try {
            connection.bind({ portal: '', statement: item.name, values: item.values, binary: false, valueMapper: prepareValue });
          } catch (error) {
            // A value that cannot be sent: it and the statements after it fail, those before it run and are answered.
            this.failFrom(i, error, error, connection);
            break;
          }
          const shape = item.name === '' ? undefined : shapes.get(item.name);
          if (shape) Object.assign(item.result!, shape);
          else {
            connection.describe({ type: 'P', name: '' });
            item.described = true;
          }
          connection.execute({ portal: '' });
        }
        connection.sync();
      } finally {
        connection.stream.uncork?.();
      }
      return null;
    }

    handleRowDescription(msg: { fields: unknown }): void {
      this.items[this.current]?.result?.addFields(msg.fields);
    }

    handleDataRow(msg: { fields: unknown }): void {
      const item = this.items[this.current];
      if (!item?.result || item.rowError) return;
      try {
        item.result.addRow(item.result.parseRow(msg.fields));
      } catch (error) {
        item.rowError = error;
      }
    }

    handleCommandComplete(msg: unknown): void {
      const item = this.items[this.current++];
      if (!item || item.settled) return;
      item.settled = true;
      // A named statement described in this batch: its shape is what its row description made (none after NoData).
      if (item.described && item.name !== '') {
        const shape = shapeOf(item.result!);
        if (shape) this.shapes?.set(item.name, shape);
      }
      item.result!.addCommandComplete(msg);
      if (item.rowError) item.reject(item.rowError);
      else item.resolve(item.result!);
    }

    handleEmptyQuery(): void {
      this.handleCommandComplete({ text: '' });
    }

    /** PostgreSQL refused the statement being answered (and skips the rest), or the connection failed. */
    handleError(error: unknown, connection: PgConnection): void {
      const refused = (error as { severity?: unknown }).severity !== undefined;
      this.failFrom(this.current, error, refused ? null : error, connection);
      this.current = this.items.length;
    }

    handleReadyForQuery(): void {
      // Every statement sent was answered before this (those not sent failed as the batch was written); a shorter
      // answer is a broken connection.
      if (this.items.some((item) => !item.settled)) this.failFrom(this.current, new Error('PostgreSQL answered fewer statements than were sent'), null, null);
    }

    /** Fails statement `at` with `error`, and those after it with `rest` (null: as PostgreSQL skipped them). */
    private failFrom(at: number, error: unknown, rest: unknown, connection: PgConnection | null): void {
      for (let i = at; i < this.items.length; i++) {
        const item = this.items[i]!;
        // A Parse skipped after the failure prepared nothing: the next use of the name parses it again.
        if (i > at && item.parseName && connection && connection.parsedStatements[item.parseName] === undefined) delete connection.submittedNamedStatements[item.parseName];
        if (item.settled) continue;
        item.settled = true;
        const failure = i === at ? error : (rest ?? skipped());
        if (i === at) item.failed?.(failure);
        item.reject(failure);
      }
    }
  } as unknown as new (items: BatchItem[]) => object;
}

/**
 * Sends `queries` as one batch on `client`; answers each one's result. A statement without arguments whose text holds
 * more than one statement cannot go in a batch (PostgreSQL parses a batch's statements one each): null then.
 */
function sendBatch(client: pgTypes.PoolClient, queries: readonly CompiledQuery[]): Promise<QueryResult<unknown>>[] | null {
  if (queries.some((q) => q.parameters.length === 0 && q.sql.includes(';'))) return null;
  const namer = namers.get(client);
  const sent: Promise<QueryResult<unknown>>[] = [];
  const items = queries.map((q): BatchItem => {
    const values = [...q.parameters];
    const named = values.length > 0 && namer ? namer(q.sql, values) : { text: q.sql, values };
    let settle!: Pick<BatchItem, 'resolve' | 'reject'>;
    sent.push(new Promise<pgTypes.QueryResult>((resolve, reject) => (settle = { resolve, reject })).then(toResult));
    return { text: named.text, values: named.values, name: named.name ?? '', failed: named.failed, ...settle };
  });
  batchClass ??= makeBatchClass();
  void client.query(new batchClass(items) as unknown as pgTypes.QueryConfig);
  return sent;
}

/** Ends a transaction no statement of which reached the database (only `begin` and later writes were queued). */
const nothingSent = Symbol('nothing sent');

/** Where a command began on a connection (`PipelinedConnection.mark`). */
export interface CommandMark {
  readonly sends: number;
  readonly queued: number;
  readonly at: number;
}

export class PipelinedConnection implements DatabaseConnection {
  private queued: Queued[] = [];
  /** `begin` was queued and has not gone out yet. */
  private beginPending = false;
  /** How many times queued statements have gone out: while it stays the same, nothing has reached the database. */
  private sends = 0;
  /** How many statements have been queued or sent: the next one's place. */
  private count = 0;
  /** The last statement that failed (not one skipped after it): in which send, its place, its failure. */
  private lastFailure: { sends: number; at: number; error: unknown } | null = null;
  discarded = false;

  constructor(readonly client: pgTypes.PoolClient) {}

  /** Queues `begin`: it goes out with the first statement of the transaction. */
  begin(text: string): void {
    this.queued.push({ query: CompiledQuery.raw(text), at: this.count++, resolve: () => {}, reject: () => {} });
    this.beginPending = true;
  }

  /**
   * Queues a statement; its answer settles when the next statement waited for is answered. `meaning` turns its
   * failure into the error the command fails with.
   */
  later(query: CompiledQuery, meaning?: (error: unknown) => unknown): Promise<QueryResult<unknown>> {
    return new Promise((resolve, reject) => this.queued.push({ query, at: this.count++, resolve, reject, meaning }));
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
    this.sends++;
    const ownAt = query ? this.count++ : -1;
    if (!this.client.pipeline) return this.sendInTurn(batch, query, ownAt);
    // Every statement is handed to `pg` before any answer is awaited, and the socket is corked meanwhile: they
    // leave together, in one write (`pg` writes each statement's messages with a system call of its own).
    let sent: Promise<QueryResult<unknown>>[];
    let own: Promise<QueryResult<unknown>> | null;
    const queries = batch.map((q) => q.query);
    if (query) queries.push(query);
    // A lone statement with arguments goes as a batch of one too: a named statement's Describe is left out there.
    const together = queries.length > 1 || queries[0]?.parameters.length ? sendBatch(this.client, queries) : null;
    if (together) {
      own = query ? together.pop()! : null;
      sent = together;
    } else {
      const stream = socketOf(this.client);
      stream?.cork();
      try {
        sent = batch.map((q) => this.send(q.query));
        own = query ? this.send(query) : null;
      } finally {
        stream?.uncork();
      }
    }
    // Answers arrive in order and are read in order below; one may fail before the loop reaches it.
    for (const p of own ? [...sent, own] : sent) p.catch(() => {});
    let firstError: unknown = null;
    for (let i = 0; i < batch.length; i++) {
      try {
        batch[i]!.resolve(await sent[i]!);
      } catch (error) {
        const failure = failureOf(batch[i]!, error);
        if (firstError === null) this.noteFailure(batch[i]!.at, failure);
        firstError ??= failure;
        batch[i]!.reject(failure);
      }
    }
    const result = own
      ? await own.catch((error: unknown) => {
          if (firstError === null) this.noteFailure(ownAt, error);
          throw firstError ?? error;
        })
      : null;
    if (firstError !== null) throw firstError;
    return result;
  }

  /** Without pipeline mode (POSTGRES_PIPELINE=off): the same statements, each sent once the one before is answered. */
  private async sendInTurn(batch: Queued[], query: CompiledQuery | null, ownAt: number): Promise<QueryResult<unknown> | null> {
    for (const q of batch) {
      try {
        q.resolve(await this.send(q.query));
      } catch (error) {
        const failure = failureOf(q, error);
        this.noteFailure(q.at, failure);
        for (const rest of batch.slice(batch.indexOf(q))) rest.reject(failure);
        throw failure;
      }
    }
    return query
      ? this.send(query).catch((error: unknown) => {
          this.noteFailure(ownAt, error);
          throw error;
        })
      : null;
  }

  private noteFailure(at: number, error: unknown): void {
    this.lastFailure = { sends: this.sends, at, error };
  }

  /** Where a command begins: `dropSince` drops what it queues, if nothing went out meanwhile. */
  mark(): CommandMark {
    return { sends: this.sends, queued: this.queued.length, at: this.count };
  }

  /**
   * The failure of a statement queued before `mark` (a command before it: its writes go out with this one's
   * statements) that failed since `mark`, if one did: then it is not the failure of the command that began at `mark`.
   */
  failedBefore(mark: CommandMark): { error: unknown } | null {
    const f = this.lastFailure;
    return f && f.sends > mark.sends && f.at < mark.at ? { error: f.error } : null;
  }

  /**
   * A command that failed (`transaction.ts`): when nothing went out since its `mark`, drops what it queued and answers
   * true; else drops nothing and answers false (some of it reached the database).
   */
  dropSince(mark: CommandMark): boolean {
    if (this.sends !== mark.sends) return false;
    for (const q of this.queued.splice(mark.queued)) q.reject(new Error('the command was rolled back'));
    return true;
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
