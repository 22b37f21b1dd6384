import { sql } from 'kysely';
import type { Executor } from './database';
import { onSqlite, prepared, read, runRead, sendLater, type Read } from './prepared';

export interface StoredAnswer {
  requestHash: string;
  statusCode: number;
  response: string;
}

const selectAnswer = prepared((ex, a: { scope: string; key: string }) =>
  ex.selectFrom('idempotency_keys').select(['request_hash', 'status_code', 'response']).where('scope', '=', a.scope).where('key', '=', a.key),
);

export function findIdempotentAnswer(ex: Executor, scope: string, key: string): Promise<StoredAnswer | undefined> {
  return runRead(ex, idempotentAnswerRead(scope, key));
}

/** `findIdempotentAnswer` as a read to run with others. */
export const idempotentAnswerRead = (scope: string, key: string): Read<StoredAnswer | undefined> =>
  read(selectAnswer, { scope, key }, (rows) => {
    const row = rows[0];
    return row && { requestHash: row.request_hash, statusCode: row.status_code, response: row.response };
  });

// No `on conflict`: a key another request stored first is refused by the primary key, which fails the command
// (at its commit on PostgreSQL, where the row goes out with it), and the command runs again (`transaction.ts`).
const insertAnswer = prepared((ex, a: { scope: string; key: string; requestHash: string; statusCode: number; response: string; createdAt: string }) =>
  ex
    .insertInto('idempotency_keys')
    .values({ scope: a.scope, key: a.key, request_hash: a.requestHash, status_code: a.statusCode, response: a.response, created_at: a.createdAt }),
);

/** Stores the answer for a key; sent with the command's next statement on PostgreSQL. */
export async function storeIdempotentAnswer(
  ex: Executor,
  entry: { scope: string; key: string; requestHash: string; statusCode: number; response: string; createdAt: string },
): Promise<void> {
  await sendLater(ex, insertAnswer, entry);
}

/**
 * Forgets keys older than `beforeIso` (kept at least 24 hours). On PostgreSQL through the index of their times. On
 * SQLite, which has none (each issue would write an entry to it, migration `2026-12-05T0500-idempotency-keys-by-rowid`),
 * a key's rowid grows with the time it was stored: the walk goes up the rowid from the oldest key to the first one young
 * enough to keep, and the delete takes the old keys below it. A clock that stepped back only leaves an old key for a
 * later run. `created_at` is still checked: with no young key found, a key stored between the two statements is young.
 */
export async function purgeIdempotencyKeys(ex: Executor, beforeIso: string): Promise<void> {
  if (!onSqlite(ex)) {
    await ex.deleteFrom('idempotency_keys').where('created_at', '<', beforeIso).execute();
    return;
  }
  const first = await sql<{ rowid: number }>`select rowid from idempotency_keys where created_at >= ${beforeIso} order by rowid limit 1`.execute(ex);
  const below = first.rows[0]?.rowid;
  await sql`delete from idempotency_keys where created_at < ${beforeIso}${below === undefined ? sql`` : sql` and rowid < ${below}`}`.execute(ex);
}
