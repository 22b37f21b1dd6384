import { CompiledQuery, type Kysely, type QueryResult, type Transaction } from 'kysely';
import type { Database } from './schema';
import type { DatabaseHandle, Executor } from './database';
import { noteRollback } from './versions';
import { SeqOrder, trackSeqs } from './seq-order';
import { runsNow } from './sqlite-statements';

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
 * Runs `fn` as one write transaction: `BEGIN IMMEDIATE` on SQLite (so two processes never both read the
 * same queue state), an ordinary transaction on PostgreSQL (callers lock rows they decide on). Retries
 * when the database reports a conflict, so callers never see SQLITE_BUSY.
 *
 * On SQLite, commands that arrive while one runs share its commit (group commit): each runs in its own
 * savepoint, in arrival order, and all are answered after the one COMMIT, so the disk is synced once per
 * group rather than once per command. Nothing is answered before it is durable; a command that fails
 * is rolled back to its savepoint without touching the others. A command whose `fn` returns
 * `rollback(value)` is rolled back the same way and answers `value`.
 */
export async function inTransaction<T, V = never>(handle: DatabaseHandle, fn: (trx: Transaction<Database>) => Promise<T | RolledBack<V>>): Promise<T | V> {
  if (handle.dialect === 'sqlite') return commitGroupsOf(handle).run(fn) as Promise<T | V>;
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
      committed.forEach((then) => then());
      // A command that took a display seq answers after this process's commands with earlier ones (seq-order.ts),
      // and lets the next go once its caller has published (callers publish as soon as this answers).
      await order.after(taken);
      setImmediate(() => taken.forEach((t) => t.release()));
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

interface Job {
  fn: (trx: Transaction<Database>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  attempt: number;
}

/** At most this many commands share one commit, so the first of a group never waits long. */
const maxGroupSize = 32;

const groups = new WeakMap<DatabaseHandle, CommitGroups>();

function commitGroupsOf(handle: DatabaseHandle): CommitGroups {
  let g = groups.get(handle);
  if (!g) groups.set(handle, (g = new CommitGroups(handle)));
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

class CommitGroups {
  private readonly queue: Job[] = [];
  private draining = false;

  constructor(private readonly handle: DatabaseHandle) {}

  run<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (value: unknown) => void, reject, attempt: 1 });
      if (!this.draining) {
        this.draining = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const backOffFirst = await this.handle.db.connection().execute((conn) => this.group(runningNow(conn, this.handle.runHeld)));
        if (backOffFirst) await backOff(Math.max(1, ...this.queue.map((j) => j.attempt)));
        // Let reads waiting for the connection (and the answers just released) go before the next group.
        if (this.queue.length > 0) await new Promise((r) => setImmediate(r));
      }
    } catch (error) {
      // No connection to be had (the database was closed): nothing queued can run.
      for (const job of this.queue.splice(0)) job.reject(error);
    } finally {
      this.draining = false;
    }
  }

  /**
   * One transaction: as many queued commands as arrive until the queue stays empty for a turn. Answers
   * whether commands were put back after a conflict (the caller backs off, without the connection).
   */
  private async group(conn: Kysely<Database>): Promise<boolean> {
    try {
      await conn.executeQuery(beginImmediate);
    } catch (error) {
      // Another process kept the write lock past busy_timeout: every waiting command tries again later.
      return this.retryOrReject(this.queue.splice(0), error);
    }
    const done: { job: Job; value: unknown }[] = [];
    const failed: { job: Job; error: unknown }[] = [];
    const retry: Job[] = [];
    let current: Job | undefined;
    try {
      for (let ran = 0; ran < maxGroupSize; ran++) {
        current = this.queue.shift();
        if (!current) {
          // Requests already read from the network get one turn to join this commit.
          await new Promise((r) => setImmediate(r));
          current = this.queue.shift();
        }
        if (!current) break;
        await conn.executeQuery(savepoint);
        let value: unknown;
        try {
          value = await current.fn(conn as unknown as Transaction<Database>);
        } catch (error) {
          // SQLite may have rolled the whole transaction back itself (SQLITE_FULL, an I/O error): no savepoint
          // is left, and the group fails with the command's own error rather than "no such savepoint".
          noteRollback(conn);
          await conn.executeQuery(rollbackToSavepoint).catch(() => {
            throw error;
          });
          await conn.executeQuery(release);
          if (isRetryable(error) && current.attempt < maxAttempts) retry.push(current);
          else failed.push({ job: current, error });
          current = undefined;
          continue;
        }
        if (isRolledBack(value)) {
          noteRollback(conn);
          await conn.executeQuery(rollbackToSavepoint);
          value = value.value;
        }
        await conn.executeQuery(release);
        done.push({ job: current, value });
        current = undefined;
      }
      await conn.executeQuery(commit);
    } catch (error) {
      noteRollback(conn);
      await conn.executeQuery(rollbackAll).catch(() => {});
      // Nothing of this group was written: its commands may run again, or fail as a whole.
      const taken = [...done.map((d) => d.job), ...failed.map((f) => f.job), ...retry, ...(current ? [current] : [])];
      return this.retryOrReject(taken, error);
    }
    for (const { job, value } of done) job.resolve(value);
    for (const { job, error } of failed) job.reject(error);
    return this.retryOrReject(retry, null);
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
