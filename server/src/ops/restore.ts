import fs from 'node:fs';
import path from 'node:path';
import { appliedMigrationsInFile, integrityCheckFile } from '../db/backup.repository';
import { knownMigrations, schemaState } from './schema-state';

/** Why a file may not be restored. */
export class RestoreRefused extends Error {
  constructor(
    readonly reason: 'NOT_FOUND' | 'NOT_SQLITE' | 'INTEGRITY' | 'NEWER_SCHEMA' | 'NOT_NAVBAT',
    message: string,
  ) {
    super(message);
  }
}

/** Checks a SQLite file before it replaces the live database: sound, Navbat's, and no newer than this code. */
export function checkRestorable(file: string, known = knownMigrations()): { applied: string[]; pending: string[] } {
  if (!fs.existsSync(file)) throw new RestoreRefused('NOT_FOUND', `${file} does not exist`);
  let problems: string[];
  try {
    problems = integrityCheckFile(file);
  } catch (error) {
    const message = (error as Error).message;
    // A damaged b-tree can stop integrity_check itself: that is a failed check, not a foreign file.
    if (/malformed|corrupt/i.test(message)) throw new RestoreRefused('INTEGRITY', `${file} fails PRAGMA integrity_check: ${message}`);
    throw new RestoreRefused('NOT_SQLITE', `${file} is not a readable SQLite database: ${message}`);
  }
  if (problems.join() !== 'ok') throw new RestoreRefused('INTEGRITY', `${file} fails PRAGMA integrity_check: ${problems.slice(0, 3).join('; ')}`);
  const applied = appliedMigrationsInFile(file);
  if (applied.length === 0) throw new RestoreRefused('NOT_NAVBAT', `${file} has no Navbat migrations: it is not a Navbat database`);
  const state = schemaState(applied, known);
  if (state.newer.length > 0) {
    throw new RestoreRefused('NEWER_SCHEMA', `${file} was written by a newer Navbat (migrations ${state.newer.join(', ')} are unknown to this version): restore it with that version`);
  }
  return { applied, pending: state.pending };
}

/**
 * Replaces the database file `target` with the backup `from`, after `checkRestorable`. The server must be
 * stopped. The replaced file (and its WAL) is kept beside it as `…replaced-<time>` until you delete it.
 */
export function restoreSqlite(from: string, target: string, now: Date): { replaced: string | null; pending: string[] } {
  const { pending } = checkRestorable(from);
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const incoming = `${target}.restoring`;
  fs.copyFileSync(from, incoming);
  let replaced: string | null = null;
  if (fs.existsSync(target)) {
    replaced = `${target}.replaced-${now.toISOString().replace(/[-:.]/g, '')}`;
    fs.renameSync(target, replaced);
  }
  for (const suffix of ['-wal', '-shm']) {
    if (fs.existsSync(target + suffix)) fs.renameSync(target + suffix, (replaced ?? target) + suffix);
  }
  fs.renameSync(incoming, target);
  return { replaced, pending };
}
