import type { AppConfig } from '../../server/src/config';
import { testConfig } from '../../server/src/config';
import { buildApp } from '../../server/src/app';
import { openDatabase } from '../../server/src/db/database';
import { migrateToLatest } from '../../server/src/db/migrate';
import { adminPassword, type TestClock } from './test-app';

/**
 * An app on a given database (a SQLite file or a PostgreSQL URL) whose log lines are kept in `logs`, for
 * tests that restart the app on the same data or read what it logged. Migrated and seeded with the demo
 * centre on first use.
 */
export async function startLoggedApp(url: string, clock: TestClock, logs: string[], config: Partial<AppConfig> = {}) {
  const database = openDatabase({ url });
  await migrateToLatest(database.db);
  const app = await buildApp({ config: testConfig(config), database, clock, logger: { level: 'debug', stream: { write: (line: string) => logs.push(line) } } });
  await app.services.bootstrap.ensureAdmin(adminPassword);
  await app.services.bootstrap.seedDemo();
  await app.ready();
  return {
    app,
    database,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
