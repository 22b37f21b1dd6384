import type { ErrorCode } from '@navbat/shared';

// PostgreSQL SQLSTATEs meaning "the database is not there right now": connection exceptions (08…),
// shutting down or starting up (57P01–57P03); 53100 is its disk full.
const pgUnavailable = /^(08...|57P0[123])$/;
const nodeNetwork = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const pgDriverMessages = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|database did not answer|Connection ended/i;

/**
 * The typed 503 for an error that says the database cannot take the command now (unreachable, restarting,
 * disk full), or null for any other error. The command's transaction did not commit, so nothing is half-done
 * and the client may try again.
 */
export function databaseUnavailableCode(error: unknown): ErrorCode | null {
  const e = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown[] } | null;
  if (!e || typeof e !== 'object') return null;
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  if (code === 'SQLITE_FULL' || code === '53100' || /database or disk is full/i.test(message)) return 'STORAGE_FULL';
  if (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN') return 'DATABASE_UNAVAILABLE';
  if (pgUnavailable.test(code) || nodeNetwork.has(code) || pgDriverMessages.test(message)) return 'DATABASE_UNAVAILABLE';
  // AggregateError (several addresses refused) and wrapped causes.
  for (const inner of [e.cause, ...(Array.isArray(e.errors) ? e.errors : [])]) {
    if (inner && inner !== error) {
      const found = databaseUnavailableCode(inner);
      if (found) return found;
    }
  }
  return null;
}

export const databaseUnavailableMessages: Partial<Record<ErrorCode, string>> = {
  STORAGE_FULL: 'the server’s disk is full: nothing was saved; tell the administrator',
  DATABASE_UNAVAILABLE: 'the database is not reachable right now: nothing was saved; try again in a moment',
};
