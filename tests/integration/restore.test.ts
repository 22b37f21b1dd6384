import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeBackup } from '../../server/src/ops/backup';
import { checkRestorable, RestoreRefused, restoreSqlite } from '../../server/src/ops/restore';
import { createTestApp } from '../support/test-app';
import { addFutureMigration, runOpsCommand, tempDir, withSqliteFile } from '../support/ops';

/** Restore replaces the database only with a sound backup no newer than the code, and says why it refuses. */
let tmp: ReturnType<typeof tempDir>;
let good: string;
let live: string;

beforeEach(async () => {
  tmp = tempDir('restore');
  live = path.join(tmp.dir, 'data', 'navbat.sqlite');
  const t = await createTestApp({ databaseUrl: `file:${live}` });
  try {
    for (let i = 0; i < 30; i++) await t.app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/tickets', payload: { serviceId: 1 } });
    good = (await makeBackup(t.database.sqlite!, { dir: path.join(tmp.dir, 'backups'), keep: 14, now: new Date('2026-11-24T06:00:00.000Z') })).file;
    await t.app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/tickets', payload: { serviceId: 2 } });
  } finally {
    await t.close();
  }
});
afterEach(() => tmp.remove());

const ticketCount = (file: string) => withSqliteFile(file, (db) => (db.prepare('select count(*) as n from tickets').get() as { n: number }).n);

/** A copy of the good backup with garbage written over pages inside its tables (not the header). */
function corruptCopy(): string {
  const file = path.join(tmp.dir, 'corrupt.sqlite');
  fs.copyFileSync(good, file);
  const size = fs.statSync(file).size;
  const fd = fs.openSync(file, 'r+');
  const pageSize = withSqliteFile(good, (db) => db.pragma('page_size', { simple: true }) as number);
  // Every other page from the third on: b-tree pages of tables and indexes become nonsense.
  for (let page = 2; page * pageSize < size; page += 2) fs.writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, page * pageSize);
  fs.closeSync(fd);
  return file;
}

function refusal(fn: () => unknown): RestoreRefused {
  try {
    fn();
  } catch (error) {
    if (error instanceof RestoreRefused) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('restore', () => {
  it('replaces the database with a good backup and keeps the replaced one beside it', async () => {
    expect(ticketCount(live)).toBe(31);
    const { replaced, pending } = restoreSqlite(good, live, new Date('2026-11-24T07:00:00.000Z'));
    expect(pending).toEqual([]);
    expect(ticketCount(live)).toBe(30);
    expect(replaced).toBe(`${live}.replaced-20261124T070000000Z`);
    expect(ticketCount(replaced!)).toBe(31);
    const t = await createTestApp({ databaseUrl: `file:${live}`, seed: 'none' });
    try {
      expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('refuses a corrupt file, and changes nothing', () => {
    const before = fs.readFileSync(live);
    const refused = refusal(() => restoreSqlite(corruptCopy(), live, new Date()));
    expect(refused.reason).toBe('INTEGRITY');
    expect(refused.message).toMatch(/fails PRAGMA integrity_check/);
    expect(fs.readFileSync(live).equals(before)).toBe(true);
    expect(fs.readdirSync(path.dirname(live)).filter((f) => /restoring|replaced/.test(f))).toEqual([]);
  });

  it('refuses a file that is not a database at all, or not Navbat’s', () => {
    const text = path.join(tmp.dir, 'notes.sqlite');
    fs.writeFileSync(text, 'this is not a database, only some words');
    expect(refusal(() => checkRestorable(text)).reason).toBe('NOT_SQLITE');
    const empty = path.join(tmp.dir, 'empty.sqlite');
    withSqliteFile(empty, (db) => db.exec('create table x (a)'));
    expect(refusal(() => checkRestorable(empty)).reason).toBe('NOT_NAVBAT');
    expect(refusal(() => checkRestorable(path.join(tmp.dir, 'missing.sqlite'))).reason).toBe('NOT_FOUND');
  });

  it('refuses a backup written by a newer Navbat (migrations this code does not know), and changes nothing', () => {
    const newer = path.join(tmp.dir, 'newer.sqlite');
    fs.copyFileSync(good, newer);
    addFutureMigration(newer);
    const before = fs.readFileSync(live);
    const refused = refusal(() => restoreSqlite(newer, live, new Date()));
    expect(refused.reason).toBe('NEWER_SCHEMA');
    expect(refused.message).toMatch(/2099-01-01T0000-from-the-future/);
    expect(fs.readFileSync(live).equals(before)).toBe(true);
  });

  it('`npm run restore` refuses with a message and exit code 1, and restores a good file', async () => {
    const env = { DATABASE_URL: `file:${live}` };
    const bad = await runOpsCommand('restore', [corruptCopy()], env);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/refused \(INTEGRITY\).*nothing was changed/);
    expect(ticketCount(live)).toBe(31);
    const ok = await runOpsCommand('restore', [good], env);
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toMatch(/restored .* → .*navbat\.sqlite/);
    expect(ticketCount(live)).toBe(30);
    const usage = await runOpsCommand('restore', [], env);
    expect(usage.code).toBe(1);
    expect(usage.out).toMatch(/usage: npm run restore -- <backup file>/);
  });
});
