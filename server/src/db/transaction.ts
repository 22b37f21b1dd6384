import { CompiledQuery, type Kysely, type QueryResult, type Transaction } from 'kysely';
import type { Database } from './schema';
import type { DatabaseHandle, Executor } from './database';
import { noteRollback } from './versions';
import { SeqOrder, trackSeqs } from './seq-order';
import { runsNow } from './sqlite-statements';
import type { PipelinedConnection } from './pg-pipeline';

const maxAttempts = 8;

/** Thrown by a command that lost a race it can only see inside its transaction; the whole command runs again. */
export class RetryCommand extends Error {
  readonly code = 'NAVBAT_RETRY';
  constructor(why: string) {
    super(why);
  }
}

/**
 * Another request stored the same Idempotency-Key first: the key's primary key refused this command's row
 * (`idempotency.repository.ts`). Running again reads the stored answer and answers it.
 */
function lostIdempotencyRace(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string; message?: string } | null;
  if (e?.code === '23505') return e.constraint === 'idempotency_keys_pk';
  return e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' && /\bidempotency_keys\./.test(e.message ?? '');
}

function isRetryable(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  if (code === 'NAVBAT_RETRY' || lostIdempotencyRace(error)) return true;
  // SQLite: another process holds the write lock past busy_timeout.
  // PostgreSQL: serialization failure, deadlock, or a concurrent insert of the same unique key.
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === '40001' || code === '40P01';
}

const rolledBack = Symbol('rolled back');

/** A command's answer that ends its transaction without writing anything (see `rollback`). */
export interface RolledBack<V> {
  readonly [rolledBack]: true;
  readonly value: V;
}

/**
 * Ends the transaction by rolling it back and answers `value`: for a command that found nothing to do
 * (an empty line, nothing to expire), which is an answer, not an error.
 */
export function rollback<V>(value: V): RolledBack<V> {
  return { [rolledBack]: true, value };
}

/** Whether a command's answer is `rollback(value)`. */
export const isRolledBack = (value: unknown): value is RolledBack<unknown> => typeof value === 'object' && value !== null && rolledBack in value;

/** Carries a rolled-back answer out of Kysely's transaction, which rolls back only when its callback throws. */
class RollbackSignal {
  constructor(readonly value: unknown) {}
}

/** Per PostgreSQL transaction: what to do once it has committed (`afterCommit`). */
const afterCommits = new WeakMap<Executor, (() => void)[]>();

/**
 * Runs `then` once the PostgreSQL transaction running in `ex` has committed (never when it rolls back); elsewhere
 * (SQLite, or no transaction) at once. For what the process keeps of the rows it changed (`setup-cache.ts`).
 */
export function afterCommit(ex: Executor, then: () => void): void {
  const list = afterCommits.get(ex);
  if (list) list.push(then);
  else then();
}

const seqOrders = new WeakMap<DatabaseHandle, SeqOrder>();

function seqOrderOf(handle: DatabaseHandle): SeqOrder {
  let order = seqOrders.get(handle);
  if (!order) seqOrders.set(handle, (order = new SeqOrder()));
  return order;
}

const backOff = (attempt: number) => new Promise((r) => setTimeout(r, Math.min(200, 5 * 2 ** attempt) * Math.random()));

/**
 * PostgreSQL: commands of one group (a centre's: `centerGroup`) that arrive while one of them runs share its
 * transaction, as every command does on SQLite (`inTransaction`): a centre's commands wait for each other on its
 * display sequence's row lock anyway; in one group, on one connection, they take it once and commit once, with no
 * queue of connections on the lock.
 */
export interface CommitGroupOf {
  readonly key: string;
  /**
   * Locks what the group's commands would otherwise lock one by one, first thing in its transaction: a group holds
   * its locks from one command to the next, so without it two instances' groups could take them in opposite orders.
   */
  readonly lock: (trx: Executor) => Promise<unknown>;
}

/** How `inTransaction` runs a command. */
export interface TransactionOptions {
  /** PostgreSQL: the commit group to run in (`CommitGroupOf`); without it, or on SQLite, the option changes nothing. */
  readonly group?: CommitGroupOf;
}

/**
 * Runs `fn` as one write transaction: `BEGIN IMMEDIATE` on SQLite (so two processes never both read the
 * same queue state), an ordinary transaction on PostgreSQL (callers lock rows they decide on). Retries
 * when the database reports a conflict, so callers never see SQLITE_BUSY.
 *
 * On SQLite, commands that arrive while one runs share its commit (group commit): each runs in its own
 * savepoint (the first needs none), in arrival order, and all are answered after the one COMMIT, so the disk is
 * synced once per group rather than once per command. Nothing is answered before it is durable; a command that
 * fails is rolled back to its savepoint without touching the others. A command whose `fn` returns
 * `rollback(value)` is rolled back the same way and answers `value`. On PostgreSQL commands of one `group` do
 * the same (`TransactionOptions`), without savepoints while none is undone (`CommitGroups.commands`).
 */
export async function inTransaction<T, V = never>(
  handle: DatabaseHandle,
  fn: (trx: Transaction<Database>) => Promise<T | RolledBack<V>>,
  options: TransactionOptions = {},
): Promise<T | V> {
  if (handle.dialect === 'sqlite') return commitGroupsOf(handle, '', null).run(fn) as Promise<T | V>;
  if (options.group) return commitGroupsOf(handle, options.group.key, options.group.lock).run(fn) as Promise<T | V>;
  const order = seqOrderOf(handle);
  for (let attempt = 1; ; attempt++) {
    let taken: ReturnType<typeof trackSeqs> = [];
    const committed: (() => void)[] = [];
    try {
      const value = await handle.db.transaction().execute(async (trx) => {
        taken = trackSeqs(trx, order);
        afterCommits.set(trx, committed);
        const value = await fn(trx);
        if (isRolledBack(value)) throw new RollbackSignal(value.value);
        return value;
      });
      await afterPostgresCommit(order, [{ committed, taken }]);
      return value;
    } catch (error) {
      noteRollback(handle.db);
      taken.forEach((t) => t.release());
      if (error instanceof RollbackSignal) return error.value as V;
      if (attempt >= maxAttempts || !isRetryable(error)) throw error;
      await backOff(attempt);
    }
  }
}

/**
 * Once a PostgreSQL transaction has committed, before its commands are answered: their after-commit work, then the
 * wait for this process's commands with earlier display seqs (seq-order.ts); the seqs they took let the next ones go
 * on the next turn, once their callers have published (callers publish as soon as they are answered).
 */
async function afterPostgresCommit(order: SeqOrder, commands: readonly { committed: (() => void)[]; taken: ReturnType<typeof trackSeqs> }[]): Promise<void> {
  for (const c of commands) c.committed.forEach((then) => then());
  const taken = commands.flatMap((c) => c.taken);
  await order.after(taken);
  if (taken.length > 0) setImmediate(() => taken.forEach((t) => t.release()));
}

interface Job {
  fn: (trx: Transaction<Database>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  attempt: number;
  /** PostgreSQL: what to do once the group has committed (`afterCommit`), and the display seqs the command took. */
  committed: (() => void)[];
  taken: ReturnType<typeof trackSeqs>;
}

/** What a commit group has run so far: all of it is undone if the group fails. */
interface Ran {
  /** Answered: committed with the group, or (`undone`) answered `rollback(value)` and undone, having written nothing. */
  done: { job: Job; value: unknown; undone?: true }[];
  failed: { job: Job; error: unknown }[];
  retry: Job[];
  current: Job | undefined;
}

/** At most this many commands share one commit, so the first of a group never waits long. */
const maxGroupSize = 32;

/** Per database: SQLite's one queue of commands (key ''), PostgreSQL's one per group key while it has commands. */
const groups = new WeakMap<DatabaseHandle, Map<string, CommitGroups>>();

function commitGroupsOf(handle: DatabaseHandle, key: string, lock: CommitGroupOf['lock'] | null): CommitGroups {
  let byKey = groups.get(handle);
  if (!byKey) groups.set(handle, (byKey = new Map()));
  let g = byKey.get(key);
  if (!g) byKey.set(key, (g = new CommitGroups(handle, lock, () => byKey.delete(key))));
  return g;
}

/** The commit group's statements, written once (a `sql` template is built and compiled at every run). */
const beginImmediate = CompiledQuery.raw('begin immediate');
const savepoint = CompiledQuery.raw('savepoint command');
const rollbackToSavepoint = CompiledQuery.raw('rollback to command');
const release = CompiledQuery.raw('release command');
const commit = CompiledQuery.raw('commit');
const rollbackAll = CompiledQuery.raw('rollback');

/**
 * A commit group's connection, whose statements run now (`DatabaseHandle.runHeld`): the group holds SQLite's one
 * connection from `begin` to `commit`, so Kysely's executor has nothing to guard, and its connection provider,
 * mutex and promises cost more than a small statement (docs/PERFORMANCE.md, eighteenth session). Every query made
 * through the connection, built or prepared, takes this path; the connection is the group's alone and ends with it.
 */
function runningNow(conn: Kysely<Database>, runHeld: DatabaseHandle['runHeld']): Kysely<Database> {
  if (runHeld) {
    conn.getExecutor().executeQuery = async <R>(query: CompiledQuery<R>) => runHeld(query) as QueryResult<R>;
    // The prepared statements (`prepared.ts`) skip even that: they run in the call that makes them.
    runsNow(conn, runHeld);
  }
  return conn;
}

/** How a commit group puts a command in a savepoint of its own. */
interface Savepoints {
  /** Before the command. */
  open(conn: Executor): Promise<void>;
  /** After the command failed (with `error`) or answered `rollback(…)`: undoes what it wrote, and ends its savepoint. */
  undo(conn: Executor, error: unknown): Promise<void>;
  /** After the command succeeded. */
  close(conn: Executor): Promise<void>;
}

/** SQLite: each statement runs now. */
const sqliteSavepoints: Savepoints = {
  open: async (conn) => {
    await conn.executeQuery(savepoint);
  },
  undo: async (conn, error) => {
    // SQLite may have rolled the whole transaction back itself (SQLITE_FULL, an I/O error): no savepoint is left,
    // and the group fails with the command's own error rather than "no such savepoint".
    await conn.executeQuery(rollbackToSavepoint).catch((e: unknown) => {
      throw error ?? e;
    });
    await conn.executeQuery(release);
  },
  close: async (conn) => {
    await conn.executeQuery(release);
  },
};

const pipelineOf = (conn: Executor) => conn.getExecutor().provideConnection(async (c) => c as PipelinedConnection);

/**
 * PostgreSQL: a savepoint and its release cost no round trip of their own; they go out with the command's next
 * statement (`pg-pipeline.ts`).
 */
const pipelinedSavepoints: Savepoints = {
  open: async (conn) => {
    (await pipelineOf(conn)).later(savepoint).catch(() => {});
  },
  undo: async (conn, error) => {
    await conn.executeQuery(rollbackToSavepoint).catch((e: unknown) => {
      throw error ?? e;
    });
    (await pipelineOf(conn)).later(release).catch(() => {});
  },
  close: async (conn) => {
    (await pipelineOf(conn)).later(release).catch(() => {});
  },
};

/** How a command ended that is undone: it failed, or it answered `rollback(value)`. */
type Undone = { error: unknown } | { value: unknown };

/**
 * Thrown out of a group's transaction: a command without a savepoint was undone after some of it reached the
 * database, so the whole transaction is rolled back (`CommitGroups.afterUndone`).
 */
class GroupUndone {
  constructor(
    readonly job: Job,
    readonly how: Undone,
  ) {}
}

class CommitGroups {
  private readonly queue: Job[] = [];
  private draining = false;
  /** PostgreSQL: where its commands' display seqs are ordered (seq-order.ts); SQLite answers in order anyway. */
  private readonly order: SeqOrder | null;
  /**
   * PostgreSQL: every command after a group's first in a savepoint, from a group that had to be undone (`afterUndone`)
   * until a group in which no command was undone.
   */
  private careful = false;

  constructor(
    private readonly handle: DatabaseHandle,
    private readonly lock: CommitGroupOf['lock'] | null,
    private readonly onIdle: () => void,
  ) {
    this.order = handle.dialect === 'postgres' ? seqOrderOf(handle) : null;
  }

  run<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (value: unknown) => void, reject, attempt: 1, committed: [], taken: [] });
      if (!this.draining) {
        this.draining = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        // SQLite: the checkpointer may ask the next transaction to wait while it copies the rest of the WAL.
        const held = this.handle.beforeWrite?.();
        if (held) await held;
        const backOffFirst = await this.group();
        if (backOffFirst) await backOff(Math.max(1, ...this.queue.map((j) => j.attempt)));
        // Let reads waiting for the connection (and the answers just released) go before the next group.
        if (this.queue.length > 0) await new Promise((r) => setImmediate(r));
      }
    } catch (error) {
      // No connection to be had (the database was closed): nothing queued can run.
      for (const job of this.queue.splice(0)) job.reject(error);
    } finally {
      this.draining = false;
      this.onIdle();
    }
  }

  /**
   * One transaction: as many queued commands as arrive until the queue stays empty for a turn. Answers
   * whether commands were put back after a conflict (the caller backs off, without the connection).
   */
  private async group(): Promise<boolean> {
    const ran: Ran = { done: [], failed: [], retry: [], current: undefined };
    try {
      if (this.handle.dialect === 'postgres') {
        await this.handle.db.transaction().execute((trx) => this.commands(trx, ran, pipelinedSavepoints));
      } else {
        const began = await this.handle.db.connection().execute((conn) => this.sqliteGroup(runningNow(conn, this.handle.runHeld), ran));
        // Another process kept the write lock past busy_timeout: every waiting command tries again later.
        if (began !== true) return this.retryOrReject(this.queue.splice(0), began.error);
      }
    } catch (error) {
      if (error instanceof GroupUndone) return this.afterUndone(ran, error);
      // Nothing of this group was written: its commands may run again, or fail as a whole.
      const taken = [...ran.done.map((d) => d.job), ...ran.failed.map((f) => f.job), ...ran.retry, ...(ran.current ? [ran.current] : [])];
      // Before any command ran (no connection to be had, or what a group locks first failed): the database's
      // failure, for every queued command (`drain`).
      if (taken.length === 0) throw error;
      noteRollback(this.handle.db);
      taken.forEach(untrack);
      return this.retryOrReject(taken, error);
    }
    if (ran.failed.length === 0 && ran.retry.length === 0 && !ran.done.some((d) => d.undone)) this.careful = false;
    if (this.order) await afterPostgresCommit(this.order, ran.done.map((d) => d.job));
    for (const { job, value } of ran.done) job.resolve(value);
    for (const { job, error } of ran.failed) job.reject(error);
    return this.retryOrReject(ran.retry, null);
  }

  /** SQLite's transaction around the commands; answers the error of a `begin` that could not take the write lock. */
  private async sqliteGroup(conn: Kysely<Database>, ran: Ran): Promise<true | { error: unknown }> {
    try {
      await conn.executeQuery(beginImmediate);
    } catch (error) {
      return { error };
    }
    try {
      await this.commands(conn, ran, sqliteSavepoints);
      await conn.executeQuery(commit);
    } catch (error) {
      await conn.executeQuery(rollbackAll).catch(() => {});
      throw error;
    }
    return true;
  }

  /**
   * Runs queued commands into `ran`. The group's first command has nothing before it to keep: it runs without a
   * savepoint. On PostgreSQL so do the others while this queue is not `careful` (a savepoint and its release cost
   * PostgreSQL a subtransaction each command: docs/PERFORMANCE.md, fortieth session). A command without a savepoint
   * that is undone after some of it reached the database rolls the whole transaction back (`GroupUndone`); one
   * whose statements were all still queued only drops them, on PostgreSQL.
   */
  private async commands(conn: Kysely<Database>, ran: Ran, savepoints: Savepoints): Promise<void> {
    if (this.lock) await this.lock(conn);
    const pipeline = this.handle.dialect === 'postgres' ? await pipelineOf(conn) : null;
    for (let n = 0; n < maxGroupSize; n++) {
      let job = this.queue.shift();
      if (!job) {
        // Requests already read from the network get one turn to join this commit.
        await new Promise((r) => setImmediate(r));
        job = this.queue.shift();
      }
      if (!job) return;
      ran.current = job;
      if (this.order) {
        afterCommits.set(conn, (job.committed = []));
        job.taken = trackSeqs(conn, this.order);
      }
      const start = pipeline?.mark();
      const inSavepoint = n > 0 && (pipeline === null || this.careful);
      if (inSavepoint) await savepoints.open(conn);
      let how: Undone;
      try {
        const value = await job.fn(conn as unknown as Transaction<Database>);
        if (!isRolledBack(value)) {
          if (inSavepoint) await savepoints.close(conn);
          ran.done.push({ job, value });
          ran.current = undefined;
          // A command with after-commit work (what this process keeps goes stale) ends its group: the next command
          // must not read what is kept while the group's own writes are not yet committed.
          if (job.committed.length > 0) return;
          continue;
        }
        how = { value: value.value };
      } catch (error) {
        how = { error };
      }
      noteRollback(conn);
      untrack(job);
      // A write an earlier command queued failed as it went out with this one's statements: that command has failed,
      // and its savepoint (if any) is no longer this one's to roll back to. The whole group fails (`group`).
      const earlier = start && pipeline!.failedBefore(start);
      if (earlier) throw earlier.error;
      const error = 'error' in how ? how.error : undefined;
      if (start && pipeline!.dropSince(start)) {
        // Nothing of it went out: nothing to undo.
      } else if (inSavepoint) {
        await savepoints.undo(conn, error);
      } else {
        throw new GroupUndone(job, how);
      }
      if ('value' in how) ran.done.push({ job, value: how.value, undone: true });
      else if (isRetryable(error) && job.attempt < maxAttempts) ran.retry.push(job);
      else ran.failed.push({ job, error });
      ran.current = undefined;
    }
  }

  /**
   * After `GroupUndone`: the group's transaction was rolled back. The commands that had succeeded run again, in the
   * next group, and the undone command after them (what it read may have been their writes: a repeated
   * Idempotency-Key's stored answer), each in a savepoint while this queue stays `careful`; so a command undone again
   * costs the others nothing more. Undone with no command before it to run again, it answers (or runs again, when its
   * failure is worth retrying). The commands dropped before anything of them went out answer as they ended: they
   * read nothing of the group.
   */
  private afterUndone(ran: Ran, { job, how }: GroupUndone): boolean {
    noteRollback(this.handle.db);
    const again: Job[] = [];
    for (const d of ran.done) {
      if (d.undone) d.job.resolve(d.value);
      else again.push(d.job);
    }
    for (const { job: failed, error } of ran.failed) failed.reject(error);
    const retried = this.retryOrReject(ran.retry, null);
    if (again.length > 0) {
      again.forEach(untrack);
      this.careful = true;
      this.queue.unshift(...again, job);
      return retried;
    }
    if ('value' in how) {
      job.resolve(how.value);
      return retried;
    }
    return this.retryOrReject([job], how.error) || retried;
  }

  /** Puts jobs that may run again back at the head of the queue; rejects the rest with `error`. */
  private retryOrReject(jobs: Job[], error: unknown): boolean {
    const again: Job[] = [];
    for (const job of jobs) {
      if (error === null || (isRetryable(error) && job.attempt < maxAttempts)) {
        job.attempt++;
        again.push(job);
      } else {
        job.reject(error);
      }
    }
    this.queue.unshift(...again);
    return again.length > 0;
  }
}

/** A command rolled back: the seqs it took are free, and it has nothing to do after a commit. */
function untrack(job: Job): void {
  job.taken.forEach((t) => t.release());
  job.taken = [];
  job.committed = [];
}
