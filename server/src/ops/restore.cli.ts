import { RestoreRefused, restoreSqlite } from './restore';
import { cliEnv, runCli, sqliteFileOf } from './cli';

/** `npm run restore -- <backup file>`: with the server stopped, replaces the SQLite database by a checked backup. */
runCli(async () => {
  const env = cliEnv();
  const from = process.argv[2];
  if (!from) throw new Error('usage: npm run restore -- <backup file>   (stop the server first)');
  const target = sqliteFileOf(env.DATABASE_URL);
  if (!target) throw new Error('DATABASE_URL is not a SQLite file: restore PostgreSQL with pg_restore (docs/deploy.md, "Restore")');
  try {
    const { replaced, pending } = restoreSqlite(from, target, new Date());
    console.log(`restored ${from} → ${target}`);
    if (replaced) console.log(`the previous database is kept as ${replaced} (delete it when the restore is confirmed)`);
    if (pending.length) console.log(`the server will apply ${pending.length} newer migration(s) at its next start: ${pending.join(', ')}`);
  } catch (error) {
    if (error instanceof RestoreRefused) throw new Error(`refused (${error.reason}): ${error.message}; nothing was changed`);
    throw error;
  }
});
