import path from 'node:path';
import { buildApp } from '../../server/src/app';
import { testConfig } from '../../server/src/config';
import { openDatabase } from '../../server/src/db/database';
import { migrateToLatest } from '../../server/src/db/migrate';
import { timeStatements } from '../../server/src/db/sql-timing';
import { adminPassword, tempDir } from './support';

// The dev tools that measure one command in-process (issue-micro, lifecycle-micro) share this set-up.

/**
 * The demo hall on a fresh SQLite file (WAL, `synchronous=NORMAL`, checkpoints on a worker as the server runs them,
 * unless `backgroundCheckpoints` is false), the app built in this process, its admin's password `adminPassword`. With
 * SQL_TIMING=1, `sql` times every statement (see `timeStatements`).
 */
export async function demoAppInProcess(name: string, options: { backgroundCheckpoints?: boolean } = {}) {
  // The file goes with the process's other temporary directories (`tempDir`), when it exits.
  const file = path.join(tempDir(name), 'navbat.sqlite');
  const database = openDatabase({ url: file, sqliteSynchronous: 'NORMAL', backgroundCheckpoints: options.backgroundCheckpoints ?? true });
  const sql = process.env.SQL_TIMING === '1' ? timeStatements(database.sqlite!) : null;
  await migrateToLatest(database.db);
  const app = await buildApp({ config: testConfig(), database });
  await app.services.bootstrap.ensureAdmin(adminPassword);
  await app.services.bootstrap.seedDemo();
  await app.ready();
  return {
    app,
    database,
    file,
    sql,
    async dispose() {
      await app.close();
      await database.close();
    },
  };
}
