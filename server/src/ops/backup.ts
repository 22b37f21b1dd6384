import fs from 'node:fs';
import path from 'node:path';
import type SQLite from 'better-sqlite3';
import { appliedMigrationsInFile, backupSqliteTo, integrityCheckFile } from '../db/backup.repository';

/** One backup file in BACKUP_DIR. */
export interface BackupFile {
  file: string;
  bytes: number;
  createdAt: string;
}

const pattern = /^navbat-(\d{8}T\d{6}(?:\d{3})?Z)\.sqlite$/;

/** `navbat-20261201T061500123Z.sqlite`: sorts by time, says when it was taken. */
export function backupFileName(now: Date): string {
  return `navbat-${now.toISOString().replace(/[-:.]/g, '')}.sqlite`;
}

function takenAt(name: string): string | null {
  const m = pattern.exec(name);
  if (!m) return null;
  const s = m[1]!;
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}.${s.length > 16 ? s.slice(15, 18) : '000'}Z`;
}

/** The backups in `dir`, newest first (only complete ones: a copy in progress has another name). */
export function listBackups(dir: string): BackupFile[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .map((name) => ({ name, at: takenAt(name) }))
    .filter((f): f is { name: string; at: string } => f.at !== null)
    .map(({ name, at }) => ({ file: path.join(dir, name), bytes: fs.statSync(path.join(dir, name)).size, createdAt: at }))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** Deletes all but the `keep` newest backups; returns the deleted files. */
export function pruneBackups(dir: string, keep: number): string[] {
  const old = listBackups(dir).slice(Math.max(keep, 1));
  for (const b of old) fs.rmSync(b.file, { force: true });
  return old.map((b) => b.file);
}

/**
 * Takes an online backup of the live database into `dir`, checks the copy with `integrity_check`, then keeps
 * the `keep` newest. The copy is written under a temporary name and renamed, so a crash mid-copy never leaves
 * a file that looks like a backup.
 */
export async function makeBackup(sqlite: SQLite.Database, options: { dir: string; keep: number; now: Date }): Promise<BackupFile> {
  fs.mkdirSync(options.dir, { recursive: true });
  const final = path.join(options.dir, backupFileName(options.now));
  const partial = `${final}.partial`;
  if (sqlite.memory) throw new Error('an in-memory database cannot be backed up');
  try {
    await backupSqliteTo(sqlite.name, partial);
    const problems = integrityCheckFile(partial);
    if (problems.join() !== 'ok') throw new Error(`the backup copy failed integrity_check: ${problems.slice(0, 3).join('; ')}`);
    // An empty file passes integrity_check too: the copy must hold the schema.
    if (appliedMigrationsInFile(partial).length === 0) throw new Error('the backup copy holds no Navbat schema');
    fs.renameSync(partial, final);
  } finally {
    for (const leftover of [partial, `${partial}-wal`, `${partial}-shm`]) fs.rmSync(leftover, { force: true });
  }
  pruneBackups(options.dir, options.keep);
  return { file: final, bytes: fs.statSync(final).size, createdAt: options.now.toISOString() };
}

/** Age of the newest backup in hours, or null when there is none. */
export function newestBackupAgeHours(dir: string, now: Date): number | null {
  const newest = listBackups(dir)[0];
  return newest ? (now.getTime() - Date.parse(newest.createdAt)) / 3_600_000 : null;
}
