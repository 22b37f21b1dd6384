import { sql, SqliteAdapter, type RawBuilder } from 'kysely';
import type { Executor } from './database';
import { prepared, read, runRead } from './prepared';

// SQLite keeps numbers that triggers raise whenever what the server keeps between requests may change, so it can
// keep reads while they stay the same (on PostgreSQL, one row raised by every instance's writes would serialize
// them all; there the instances hear of changes instead, `news.ts`):
// - `flow_version`: what the wait estimators read of a hall — a ticket updated or deleted (called, served,
//   dropped…), a ticket inserted other than waiting, a counter or its services changed (migration
//   2026-12-02T0900-flow-version). Issuing raises nothing.
// - `setup_version`: what issuing reads before it decides — a centre (but its display sequence), a service or a
//   holiday changed (migration 2026-12-03T1300-setup-version).
// - `session_version`: who a session is — a session ended (logout, expiry, a password reset) or a user changed
//   (migration 2026-12-03T1400-session-version).
// On PostgreSQL the hall's flow is kept by time and this process's own changes instead (`flowVersion`).

/** Rollbacks in this process, per database: a rolled-back raise would bring back a number already seen. */
const rollbacks = new WeakMap<object, number>();

/** The commit groups (db/transaction.ts) call this for every rollback, of a command or of a group; PostgreSQL's transactions too. */
export function noteRollback(ex: Executor): void {
  const adapter = ex.getExecutor().adapter;
  rollbacks.set(adapter, (rollbacks.get(adapter) ?? 0) + 1);
}

function versionOf(query: RawBuilder<{ version: number }>) {
  const statement = prepared((ex) => ({ compile: () => query.compile(ex) }));
  /** Equal values mean nothing it covers has changed (in this transaction's view); null on PostgreSQL. */
  return async (ex: Executor): Promise<string | null> => {
    const adapter = ex.getExecutor().adapter;
    if (!(adapter instanceof SqliteAdapter)) return null;
    const version = await runRead(ex, read(statement, {}, (rows) => rows[0]?.version ?? 0));
    return `${version}:${rollbacks.get(adapter) ?? 0}`;
  };
}

const sqliteFlowVersion = versionOf(sql<{ version: number }>`select version from flow_version`);

/** PostgreSQL: per database, how often this process has committed a change to what the estimators read (`noteFlowChange`). */
const flowChanges = new WeakMap<object, number>();

/**
 * PostgreSQL: how long a hall read is kept at most. No number is raised there (one row written by every command of
 * every instance would serialize them all), so what other instances and processes change reaches this process's
 * estimates within this time; this process's own changes (`noteFlowChange`) and rollbacks at once.
 */
export const pgFlowKeptMs = 1000;

/** This process committed a change to what the estimators read (PostgreSQL; SQLite's triggers raise `flow_version`). */
export function noteFlowChange(ex: Executor): void {
  const adapter = ex.getExecutor().adapter;
  flowChanges.set(adapter, (flowChanges.get(adapter) ?? 0) + 1);
}

/**
 * What the hall's estimate inputs are at: equal values mean a hall read then may be used now. On SQLite the
 * `flow_version` the triggers raise; on PostgreSQL this process's changes and rollbacks, and the time, to
 * `pgFlowKeptMs`.
 */
export async function flowVersion(ex: Executor): Promise<string> {
  const adapter = ex.getExecutor().adapter;
  if (adapter instanceof SqliteAdapter) return (await sqliteFlowVersion(ex))!;
  return `pg:${flowChanges.get(adapter) ?? 0}:${rollbacks.get(adapter) ?? 0}:${Math.floor(performance.now() / pgFlowKeptMs)}`;
}

/** What the centres' setup is at (SQLite). Null on PostgreSQL, where the instances hear of changes instead. */
export const setupVersion = versionOf(sql<{ version: number }>`select version from setup_version`);

/** What signed-in sessions and their users are at (SQLite). Null on PostgreSQL, where the instances hear of changes instead. */
export const sessionVersion = versionOf(sql<{ version: number }>`select version from session_version`);
