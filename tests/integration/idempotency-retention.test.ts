import { describe, expect, it } from 'vitest';
import { purgeIdempotencyKeys } from '../../server/src/db/idempotency.repository';
import { useTestApp } from '../support/test-app';

// Idempotency keys are kept at least 24 hours (the server purges those older than 48 every minute: server/src/app.ts).
// On SQLite the purge walks the rowid up to the first key young enough to keep; on PostgreSQL it reads the index of
// times. Runs on SQLite (integration) and PostgreSQL (integration-pg).

const hour = 3_600_000;
const at = (ms: number) => new Date(Date.UTC(2026, 11, 5) + ms).toISOString();

describe('the idempotency keys purge', () => {
  const t = useTestApp();
  const store = (key: string, createdAt: string) =>
    t.database.db.insertInto('idempotency_keys').values({ scope: 'test', key, request_hash: 'h', status_code: 201, response: '{}', created_at: createdAt }).execute();
  const kept = async () => (await t.database.db.selectFrom('idempotency_keys').select('key').where('scope', '=', 'test').orderBy('key').execute()).map((r) => r.key);

  it('forgets the keys older than the mark, keeps the younger, and takes a key stored by a clock that stepped back at the latest a run later', async () => {
    await store('a-old', at(0));
    await store('b-older', at(-hour));
    await store('c-young', at(50 * hour));
    // Stored after the young key by a clock that had stepped back: old, but after a key to keep.
    await store('d-stepped-back', at(hour));
    await purgeIdempotencyKeys(t.database.db, at(48 * hour));
    const afterFirst = await kept();
    expect(afterFirst).toContain('c-young');
    expect(afterFirst).not.toContain('a-old');
    expect(afterFirst).not.toContain('b-older');
    // A run once the young key is old too takes everything older than its mark, the stepped-back key with it.
    await store('e-young', at(100 * hour));
    await purgeIdempotencyKeys(t.database.db, at(98 * hour));
    expect(await kept()).toEqual(['e-young']);
    // Nothing young left: the purge takes every old key.
    await purgeIdempotencyKeys(t.database.db, at(200 * hour));
    expect(await kept()).toEqual([]);
  });
});
