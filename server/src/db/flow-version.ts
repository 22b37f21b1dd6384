import { sql, SqliteAdapter } from 'kysely';
import type { Executor } from './database';
import { prepared, read, runRead } from './prepared';

// SQLite keeps one number, `flow_version`, that triggers raise whenever what the wait estimators read of a hall
// may change: a ticket updated or deleted (called, served, dropped…), a ticket inserted other than waiting, a
// counter or its services changed (migration 2026-12-02T0900-flow-version). Issuing raises nothing.

/** Rollbacks in this process, per database: a rolled-back raise would bring back a number already seen. */
const rollbacks = new WeakMap<object, number>();

/** The commit groups (db/transaction.ts) call this for every rollback, of a command or of a group. */
export function noteRollback(ex: Executor): void {
  const adapter = ex.getExecutor().adapter;
  rollbacks.set(adapter, (rollbacks.get(adapter) ?? 0) + 1);
}

const flowVersionQuery = sql<{ version: number }>`select version from flow_version`;
const selectFlowVersion = prepared((ex) => ({ compile: () => flowVersionQuery.compile(ex) }));

/**
 * What the hall's estimate inputs are at: equal values mean nothing they are read from has changed (in this
 * transaction's view). Null on PostgreSQL, which has no such number: read them each time.
 */
export async function flowVersion(ex: Executor): Promise<string | null> {
  const adapter = ex.getExecutor().adapter;
  if (!(adapter instanceof SqliteAdapter)) return null;
  const version = await runRead(ex, read(selectFlowVersion, {}, (rows) => rows[0]?.version ?? 0));
  return `${version}:${rollbacks.get(adapter) ?? 0}`;
}
