import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import type { Executor } from './database';

/**
 * An online, consistent copy of a live SQLite database file: `VACUUM INTO` on a connection of its own, one
 * read transaction, so the copy is the database as of one moment (WAL: writers go on meanwhile, and nothing
 * of a transaction still open on the server's connection gets in). It runs synchronously: measured 0.3 s for
 * a file of 10,000 tickets (docs/deploy.md). SQLite's incremental backup API is not used: stepped on the
 * server's own connection while group commits were open, it produced empty copies under load.
 */
export async function backupSqliteTo(sourceFile: string, file: string): Promise<void> {
  const reader = new SQLite(sourceFile, { readonly: true, fileMustExist: true });
  try {
    reader.pragma('busy_timeout = 10000');
    reader.prepare('VACUUM INTO ?').run(file);
  } finally {
    reader.close();
  }
  // A backup is one self-contained file, with no -wal/-shm beside it.
  const copy = new SQLite(file);
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

/** `PRAGMA integrity_check` on a file, opened read-only: `['ok']` when sound, else SQLite's findings. */
export function integrityCheckFile(file: string): string[] {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    return (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
  } finally {
    db.close();
  }
}

/** Names of the migrations a SQLite file has applied (empty when it has none). */
export function appliedMigrationsInFile(file: string): string[] {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'").get();
    if (!table) return [];
    return (db.prepare('select name from kysely_migration order by name').all() as { name: string }[]).map((r) => r.name);
  } finally {
    db.close();
  }
}

/** Names of the migrations the connected database has applied (empty before the first migration). */
export async function appliedMigrations(ex: Executor): Promise<string[]> {
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(ex);
    return rows.map((r) => r.name);
  } catch (error) {
    if (/kysely_migration/.test(String((error as Error).message))) return [];
    throw error;
  }
}
