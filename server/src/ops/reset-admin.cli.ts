import { appliedMigrations } from '../db/backup.repository';
import { cliEnv, runCli, withDatabase } from './cli';
import { resetAdmin } from './reset-admin';
import { newerSchemaMessage, schemaState } from './schema-state';

/** `npm run reset-admin`: on the server, a new password for `admin`, printed once. */
runCli(async () => {
  const env = cliEnv();
  await withDatabase(env, async (database) => {
    const state = schemaState(await appliedMigrations(database.db));
    if (state.newer.length) throw new Error(newerSchemaMessage(state.newer));
    if (state.pending.length) throw new Error('the database is not migrated yet: start the server once first');
    const { password, created } = await resetAdmin(database.db, new Date());
    console.log(`${created ? 'created' : 'reset'} user "admin"; new password: ${password}\n(it is not shown again; every admin session was signed out)`);
  });
});
