import type { Executor } from './database';

export interface StoredAnswer {
  requestHash: string;
  statusCode: number;
  response: string;
}

export async function findIdempotentAnswer(ex: Executor, scope: string, key: string): Promise<StoredAnswer | undefined> {
  const row = await ex
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'status_code', 'response'])
    .where('scope', '=', scope)
    .where('key', '=', key)
    .executeTakeFirst();
  return row && { requestHash: row.request_hash, statusCode: row.status_code, response: row.response };
}

/** Stores the answer for a key; false when another request stored one for the same key first. */
export async function storeIdempotentAnswer(
  ex: Executor,
  entry: { scope: string; key: string; requestHash: string; statusCode: number; response: string; createdAt: string },
): Promise<boolean> {
  const stored = await ex
    .insertInto('idempotency_keys')
    .values({
      scope: entry.scope,
      key: entry.key,
      request_hash: entry.requestHash,
      status_code: entry.statusCode,
      response: entry.response,
      created_at: entry.createdAt,
    })
    .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  return stored !== undefined;
}

/** Forgets keys older than `beforeIso` (kept at least 24 hours). */
export async function purgeIdempotencyKeys(ex: Executor, beforeIso: string): Promise<void> {
  await ex.deleteFrom('idempotency_keys').where('created_at', '<', beforeIso).execute();
}
