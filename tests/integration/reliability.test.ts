import { describe, it } from 'vitest';
import { crashRounds } from '../support/crash-rounds';

// A few SIGKILL rounds in every `npm test`; `npm run test:faults` runs 25 (tests/faults/crash-rounds.test.ts).
describe('crash safety (SIGKILL in the middle of issuing and calling)', () => {
  it('keeps every answered ticket, never reuses a number, and opens cleanly, round after round', { timeout: 180_000 }, async () => {
    await crashRounds(3);
  });
});
