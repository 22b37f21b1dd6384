import type SQLite from 'better-sqlite3';
import { makeBackup, newestBackupAgeHours } from './backup';

export interface BackupScheduleOptions {
  sqlite: SQLite.Database;
  dir: string;
  keep: number;
  now?: () => Date;
  /** A backup is taken when the newest is older than this (default 24 h: daily). */
  everyHours?: number;
  /** How often to look (default hourly), so a server restarted often still backs up daily. */
  checkMs?: number;
  onBackup?: (file: string) => void;
  onError?: (error: unknown) => void;
}

/** Daily backups while the server runs: one at start when the newest is a day old, then whenever it is. */
export function scheduleBackups(options: BackupScheduleOptions): { stop(): void; due(): Promise<void> } {
  const now = options.now ?? (() => new Date());
  const everyHours = options.everyHours ?? 24;
  let inFlight: Promise<void> | null = null;
  const check = async () => {
    try {
      const age = newestBackupAgeHours(options.dir, now());
      if (age === null || age >= everyHours) {
        const made = await makeBackup(options.sqlite, { dir: options.dir, keep: options.keep, now: now() });
        options.onBackup?.(made.file);
      }
    } catch (error) {
      options.onError?.(error);
    }
  };
  // One check at a time; a caller arriving meanwhile waits for the one in flight.
  const due = (): Promise<void> => (inFlight ??= check().finally(() => (inFlight = null)));
  const timer = setInterval(() => void due(), options.checkMs ?? 3_600_000);
  timer.unref();
  void due();
  return { stop: () => clearInterval(timer), due };
}
