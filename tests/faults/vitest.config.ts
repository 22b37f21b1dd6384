import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// `npm run test:faults`: the long fault tests (many kill -9 rounds, a full disk, PostgreSQL and Redis restarted
// under two instances). Each is bounded in time and count; CI runs them after `npm test`. One file at a time:
// they start processes, mount a small filesystem and run a private PostgreSQL cluster.
export default defineConfig({
  root: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..'),
  test: {
    name: 'faults',
    include: ['tests/faults/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 120_000,
  },
});
