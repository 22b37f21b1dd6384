import crypto from 'node:crypto';
import { AppError } from '@navbat/shared';
import type { Executor } from '../db/database';
import { findIdempotentAnswer, storeIdempotentAnswer, type StoredAnswer } from '../db/idempotency.repository';

// Not a service module: the commands that take an Idempotency-Key (issuing, booking) call these inside
// their transaction (Stripe's semantics, API.md "Idempotency").

/** The hash a stored answer is tied to: the same key with another body is refused. */
export const hashRequest = (value: unknown) => crypto.hash('sha256', JSON.stringify(value), 'hex');

/** The answer stored for this key, or undefined; IDEMPOTENCY_KEY_REUSED when the key came with another body. */
export async function storedAnswer<T>(trx: Executor, scope: string, key: string | undefined, requestHash: string): Promise<T | undefined> {
  if (key === undefined) return undefined;
  return answerOf<T>(await findIdempotentAnswer(trx, scope, key), requestHash);
}

/** What a stored answer read (with others: `idempotentAnswerRead`) says: the answer, none, or IDEMPOTENCY_KEY_REUSED. */
export function answerOf<T>(stored: StoredAnswer | undefined, requestHash: string): T | undefined {
  if (!stored) return undefined;
  if (stored.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used with a different request');
  return JSON.parse(stored.response) as T;
}

/**
 * Stores the answer for the key (if any). A concurrent request that stored it first makes the key's primary key
 * refuse this one, and the command runs again, which answers with that request's result (`transaction.ts`).
 */
export async function rememberAnswer(trx: Executor, entry: { scope: string; key: string | undefined; requestHash: string; response: unknown; createdAt: string }): Promise<void> {
  if (entry.key === undefined) return;
  await storeIdempotentAnswer(trx, { scope: entry.scope, key: entry.key, requestHash: entry.requestHash, statusCode: 201, response: JSON.stringify(entry.response), createdAt: entry.createdAt });
}
