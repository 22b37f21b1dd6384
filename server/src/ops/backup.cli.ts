import path from 'node:path';
import { makeBackup } from './backup';
import { cliEnv, runCli, sqliteFileOf, withDatabase } from './cli';

/** `npm run backup [-- <dir>]`: an online backup now, while the server runs, into <dir> or BACKUP_DIR. */
runCli(async () => {
  const env = cliEnv();
  if (!sqliteFileOf(env.DATABASE_URL)) {
    throw new Error('DATABASE_URL is not a SQLite file: back PostgreSQL up with pg_dump or continuous archiving (docs/deploy.md, "Backups")');
  }
  const dir = process.argv[2] ?? env.BACKUP_DIR ?? path.join(path.dirname(path.resolve(sqliteFileOf(env.DATABASE_URL)!)), 'backups');
  const made = await withDatabase(env, (database) => makeBackup(database.sqlite!, { dir, keep: env.BACKUP_KEEP, now: new Date() }));
  console.log(`backup written: ${made.file} (${made.bytes} bytes, integrity ok; keeping the ${env.BACKUP_KEEP} newest in ${dir})`);
});
