import { describe, expect, it } from 'vitest';
import { crashRounds } from '../support/crash-rounds';

// Bounded: 25 rounds, each killed within a few dozen answers; about 2–4 s a round on a shared 2-core machine.
const rounds = 25;

describe('kill -9 at random moments, many rounds (SQLite)', () => {
  it(`${rounds} rounds: 0 acknowledged tickets lost, 0 duplicate numbers, integrity ok`, { timeout: 600_000 }, async () => {
    const totals = await crashRounds(rounds);
    expect(totals.answered).toBeGreaterThanOrEqual(rounds * 5);
    console.log(`crash rounds: ${rounds} rounds, ${totals.answered} acknowledged tickets, ${totals.called} calls, ${totals.done} completions; none lost`);
  });
});
