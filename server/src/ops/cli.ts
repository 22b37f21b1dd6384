import { loadEnv, type EnvConfig } from '../config';
import { openDatabase, type DatabaseHandle } from '../db/database';

/** The operator commands read the same environment as the server (DATABASE_URL, BACKUP_DIR…). */
export function cliEnv(): EnvConfig {
  return loadEnv(process.env);
}

export function sqliteFileOf(url: string): string | null {
  if (/^postgres(ql)?:\/\//.test(url) || url === ':memory:' || url === 'file::memory:') return null;
  return url.replace(/^file:/, '');
}

export async function withDatabase<T>(env: EnvConfig, fn: (database: DatabaseHandle) => Promise<T>): Promise<T> {
  const database = openDatabase({ url: env.DATABASE_URL, sqliteSynchronous: env.SQLITE_SYNCHRONOUS, postgresPreparedStatements: env.POSTGRES_PREPARED_STATEMENTS === 'on', postgresPipeline: env.POSTGRES_PIPELINE === 'on' });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

/** Runs a command's main; a failure prints its message (no stack) and exits 1. */
export function runCli(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`error: ${(error as Error).message ?? String(error)}`);
      process.exit(1);
    },
  );
}
