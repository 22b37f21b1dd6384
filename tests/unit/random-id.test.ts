import { describe, expect, it } from 'vitest';
import { publicIdSchema } from '@navbat/shared';
import { randomId } from '../../server/src/services/random-id';

describe('randomId (public ids from a pool of random bytes)', () => {
  it('answers 22 base64url characters, each id new, across refills of the pool', () => {
    const ids = Array.from({ length: 1000 }, () => randomId());
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(publicIdSchema.safeParse(id).success).toBe(true);
    }
    expect(new Set(ids).size).toBe(ids.length);
    // Every position takes many values: no slice of the pool is handed out twice or left unfilled.
    for (let i = 0; i < 21; i++) expect(new Set(ids.map((id) => id[i])).size).toBeGreaterThan(40);
  });
});
