import { sql, type Transaction } from 'kysely';
import type { Database } from './schema';
import type { DatabaseHandle } from './database';

const maxAttempts = 8;

function isRetryable(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  // SQLite: another process holds the write lock past busy_timeout.
  // PostgreSQL: serialization failure, deadlock, or a concurrent insert of the same unique key.
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === '40001' || code === '40P01';
}

/**
 * Runs `fn` as one write transaction: `BEGIN IMMEDIATE` on SQLite (so two processes never both read the
 * same queue state), an ordinary transaction on PostgreSQL (callers lock rows they decide on). Retries
 * when the database reports a conflict, so callers never see SQLITE_BUSY.
 */
export async function inTransaction<T>(handle: DatabaseHandle, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      if (handle.dialect === 'postgres') {
        return await handle.db.transaction().execute(fn);
      }
      return await handle.db.connection().execute(async (conn) => {
        await sql`begin immediate`.execute(conn);
        try {
          // A connection-bound Kysely behaves like a transaction for repositories.
          const result = await fn(conn as unknown as Transaction<Database>);
          await sql`commit`.execute(conn);
          return result;
        } catch (error) {
          await sql`rollback`.execute(conn).catch(() => {});
          throw error;
        }
      });
    } catch (error) {
      if (attempt >= maxAttempts || !isRetryable(error)) throw error;
      await new Promise((r) => setTimeout(r, Math.min(200, 5 * 2 ** attempt) * Math.random()));
    }
  }
}
