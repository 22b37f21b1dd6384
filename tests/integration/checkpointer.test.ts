import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase } from '../../server/src/db/database';
import { inTransaction } from '../../server/src/db/transaction';
import { safetyNetPages } from '../../server/src/db/checkpointer';
import { tempDir } from '../support/ops';

/** Resolves when `check` holds, trying again every 20 ms for at most `ms` (a worker thread's work is awaited, not slept on). */
async function eventually(check: () => boolean, ms = 5000): Promise<boolean> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

describe('WAL checkpoints from a worker thread (SQLite)', () => {
  const dirs: { remove(): void }[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

  it('commits no longer checkpoint; the worker copies the WAL into the database file; closing leaves no WAL and loses nothing', async () => {
    const dir = tempDir('checkpointer');
    dirs.push(dir);
    const file = path.join(dir.dir, 'navbat.sqlite');
    const database = openDatabase({ url: `file:${file}`, sqliteSynchronous: 'NORMAL', backgroundCheckpoints: true });
    const sqlite = database.sqlite!;
    // The writer's own checkpoint is only the safety net, far above what this test writes.
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(safetyNetPages);

    sqlite.exec('create table rows (id integer primary key, body blob not null)');
    const sizeBefore = fs.statSync(file).size;
    const insert = sqlite.prepare('insert into rows (body) values (?)');
    // ~2,000 pages of 4 KiB, one transaction each: the file grows only as a checkpoint copies them in.
    for (let i = 0; i < 2000; i++) insert.run(Buffer.alloc(3000, i % 256));
    const walPages = fs.statSync(`${file}-wal`).size / 4096;
    expect(walPages).toBeGreaterThan(1000);
    expect(await eventually(() => fs.statSync(file).size > sizeBefore + 1000 * 4096), 'the worker checkpointed into the database file').toBe(true);

    await database.close();
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    const reopened = new SQLite(file, { readonly: true });
    expect(reopened.prepare('select count(*) as n from rows').get()).toEqual({ n: 2000 });
    reopened.close();
  });

  it('under commits that never pause, the writer holds for the worker, so the WAL starts again long before the safety net; nothing is lost', async () => {
    const dir = tempDir('checkpointer-hold');
    dirs.push(dir);
    const file = path.join(dir.dir, 'navbat.sqlite');
    // The server's timing scaled down: a pass every 10 ms, a hold asked past 200 pages.
    const database = openDatabase({ url: `file:${file}`, sqliteSynchronous: 'NORMAL', backgroundCheckpoints: true, checkpointTiming: { everyMs: 10, restartMarkPages: 200 } });
    database.sqlite!.exec('create table rows (id integer primary key, body blob not null)');
    // The WAL header's checkpoint sequence: one more each time a writer starts the WAL again from its beginning.
    const header = Buffer.alloc(32);
    const restarts = (() => {
      const fd = fs.openSync(`${file}-wal`, 'r');
      const read = () => (fs.readSync(fd, header, 0, 32, 0), header.readUInt32BE(12));
      const first = read();
      return { count: () => read() - first, close: () => fs.closeSync(fd) };
    })();
    // Commits back to back through the commit groups, three at a time, a page each: the worker's passes never find
    // the WAL without a commit landing, so only a hold (or the writer's safety net at 20,000 pages) starts it again.
    let written = 0;
    while (restarts.count() < 3 && written < 60_000) {
      await Promise.all(
        [0, 1, 2].map(() =>
          inTransaction(database, async (trx) => {
            await sql`insert into rows (body) values (${Buffer.alloc(3000, written++ % 256)})`.execute(trx);
          }),
        ),
      );
    }
    expect(restarts.count()).toBeGreaterThanOrEqual(3);
    // The WAL file keeps the length it reached: far below the safety net, so the holds started it again.
    expect(fs.statSync(`${file}-wal`).size / 4096).toBeLessThan(safetyNetPages / 4);
    restarts.close();
    await database.close();
    const reopened = new SQLite(file, { readonly: true });
    expect(reopened.prepare('select count(*) as n from rows').get()).toEqual({ n: written });
    reopened.close();
  });

  it('without the option (tests, the command line), SQLite checkpoints inside commits as it always did', async () => {
    const dir = tempDir('checkpointer-inline');
    dirs.push(dir);
    const database = openDatabase({ url: `file:${path.join(dir.dir, 'navbat.sqlite')}`, sqliteSynchronous: 'NORMAL' });
    expect(database.sqlite!.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await database.close();
  });
});
