import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A temporary directory removed by the returned function. */
export function tempDir(label: string): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `navbat-${label}-`));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Runs one of the operator commands (server/src/ops/*.cli.ts) as `npm run …` would; resolves with its exit code and output. */
export function runOpsCommand(name: 'backup' | 'restore' | 'reset-admin', args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `server/src/ops/${name}.cli.ts`, ...args], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out }));
  });
}

/** Runs `fn` on a SQLite file opened directly (outside the app), then closes it. */
export function withSqliteFile<T>(file: string, fn: (db: SQLite.Database) => T): T {
  const db = new SQLite(file);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** Marks a database as migrated by a newer Navbat: one applied migration this code does not know. */
export function addFutureMigration(file: string, name = '2099-01-01T0000-from-the-future'): void {
  withSqliteFile(file, (db) => db.prepare('insert into kysely_migration (name, timestamp) values (?, ?)').run(name, new Date().toISOString()));
}
