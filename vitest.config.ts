import net from 'node:net';
import { defineConfig } from 'vitest/config';

/** Whether PostgreSQL answers at 127.0.0.1 (or NAVBAT_TEST_PG_URL), checked once per run. */
function postgresReachable(): Promise<boolean> {
  const url = new URL(process.env.NAVBAT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  return new Promise((resolve) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port || 5432) });
    socket.setTimeout(1000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });
}

// Tests written for one engine only: they pick their database themselves.
const engineSpecific = [
  'tests/integration/concurrency.test.ts',
  'tests/integration/reliability.test.ts',
  'tests/integration/server-process.test.ts',
  'tests/integration/postgres*.test.ts',
  'tests/integration/take-plans.test.ts',
  'tests/integration/scale-out*.test.ts',
  'tests/integration/multi-instance*.test.ts',
  'tests/integration/sqlite-statements.test.ts',
  'tests/integration/sqlite-kept.test.ts',
];

// One root config; projects split fast tests from browser tests.
export default defineConfig(async () => {
  // The integration suite runs a second time on PostgreSQL. In CI it always does (and fails when
  // PostgreSQL is missing); locally it is left out, with a message, when PostgreSQL is not running.
  const withPostgres = !!process.env.CI || (process.env.NAVBAT_SKIP_PG !== '1' && (await postgresReachable()));
  if (!withPostgres) console.warn('\n  integration-pg left out: PostgreSQL is not reachable (it runs in CI)\n');
  return {
    test: {
      projects: [
        { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' } },
        {
          test: {
            name: 'integration',
            include: ['tests/integration/**/*.test.ts'],
            environment: 'node',
            testTimeout: 60_000,
            hookTimeout: 60_000,
          },
        },
        ...(withPostgres
          ? [
              {
                test: {
                  name: 'integration-pg',
                  include: ['tests/integration/**/*.test.ts'],
                  exclude: engineSpecific,
                  environment: 'node',
                  // createTestApp gives each app a fresh PostgreSQL database and drops it on close.
                  env: { NAVBAT_TEST_DATABASE: 'postgres' },
                  testTimeout: 60_000,
                  hookTimeout: 60_000,
                },
              },
            ]
          : []),
        {
          test: {
            name: 'e2e',
            include: ['tests/e2e/**/*.test.ts'],
            environment: 'node',
            testTimeout: 120_000,
            hookTimeout: 120_000,
            // One browser at a time on a 2-core machine.
            fileParallelism: false,
          },
        },
      ],
    },
  };
});
