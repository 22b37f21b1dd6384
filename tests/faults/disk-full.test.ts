import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app';
import { tempDir } from '../support/ops';

/**
 * A full disk on SQLite: the database lives on a small loop-mounted ext4 image (as root), a filler file takes
 * the rest of it, and the hall keeps trying to issue. Commands answer a typed 503 STORAGE_FULL, nothing
 * acknowledged is lost, nothing is half-written, the file stays sound, and issuing resumes by itself once
 * space is freed. Where mounting is not possible (not root, no loop devices) the same path is taken with
 * SQLite's own size limit (`PRAGMA max_page_count`), which fails writes with the same SQLITE_FULL.
 */
let tmp: ReturnType<typeof tempDir>;
let mnt: string;
let mounted = false;
let t: TestApp | undefined;

function tryMount(image: string, at: string): boolean {
  if (process.getuid?.() !== 0 || process.env.NAVBAT_DISK_FULL_NO_MOUNT === '1') return false;
  try {
    execFileSync('dd', ['if=/dev/zero', `of=${image}`, 'bs=1M', 'count=24', 'status=none']);
    // -m 0: no blocks reserved for root (the test runs as root and must see the disk fill up).
    execFileSync('mkfs.ext4', ['-q', '-F', '-m', '0', image]);
    execFileSync('mount', ['-o', 'loop', image, at]);
    return true;
  } catch (error) {
    console.warn(`disk-full: mounting a loop image failed (${(error as Error).message.split('\n')[0]}); using PRAGMA max_page_count instead`);
    return false;
  }
}

beforeAll(() => {
  tmp = tempDir('disk-full');
  mnt = path.join(tmp.dir, 'mnt');
  fs.mkdirSync(mnt);
  mounted = tryMount(path.join(tmp.dir, 'disk.img'), mnt);
});
afterAll(async () => {
  await t?.close();
  if (mounted) execFileSync('umount', ['-l', mnt]);
  tmp.remove();
});

describe('disk full (SQLite)', () => {
  it('answers 503 STORAGE_FULL, loses and corrupts nothing, and resumes when space is freed', { timeout: 180_000 }, async () => {
    const file = path.join(mnt, 'navbat.sqlite');
    t = await createTestApp({ databaseUrl: `file:${file}` });
    const filler = path.join(mnt, 'filler');
    if (mounted) {
      // Leave a little room: the WAL grows into it, then the disk is full.
      const { bavail, bsize } = fs.statfsSync(mnt);
      fs.writeFileSync(filler, Buffer.alloc(Math.max(0, bavail * bsize - 512 * 1024)));
    } else {
      const pages = t.database.sqlite!.pragma('page_count', { simple: true }) as number;
      t.database.sqlite!.pragma(`max_page_count = ${pages + 8}`);
    }

    const acknowledged = new Map<number, string>();
    let refusal: { status: number; code: string } | null = null;
    for (let i = 0; i < 5000 && !refusal; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/tickets', payload: { serviceId: 1 + (i % 3) } });
      if (res.statusCode === 201) acknowledged.set(res.json().ticket.id, res.json().ticket.code);
      else refusal = { status: res.statusCode, code: res.json().error?.code };
    }
    expect(refusal, 'the disk never filled').not.toBeNull();
    expect(refusal).toEqual({ status: 503, code: 'STORAGE_FULL' });
    // Still full: still the typed 503; reads go on.
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/tickets', payload: { serviceId: 1 } });
    expect([again.statusCode, again.json().error?.code]).toEqual([503, 'STORAGE_FULL']);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/centers/isb-g9/display' })).statusCode).toBe(200);

    // Space freed: the next ticket is issued, with no restart.
    if (mounted) fs.rmSync(filler);
    else t.database.sqlite!.pragma('max_page_count = 1073741823');
    const resumed = await t.app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/tickets', payload: { serviceId: 1 } });
    expect(resumed.statusCode, resumed.body).toBe(201);
    acknowledged.set(resumed.json().ticket.id, resumed.json().ticket.code);
    await t.close();
    t = undefined;

    const db = new SQLite(file, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const rows = db.prepare('select id, code, service_id, service_day, number from tickets').all() as { id: number; code: string; service_id: number; service_day: string; number: number }[];
      const byId = new Map(rows.map((r) => [r.id, r.code]));
      expect([...acknowledged].filter(([id, code]) => byId.get(id) !== code)).toEqual([]);
      // Nothing half-done: the refused tickets left no row and no number behind.
      expect(rows).toHaveLength(acknowledged.size);
      for (const s of db.prepare('select service_id, service_day, last_number from daily_sequences').all() as { service_id: number; service_day: string; last_number: number }[]) {
        const numbers = rows.filter((r) => r.service_id === s.service_id && r.service_day === s.service_day).map((r) => r.number);
        expect(s.last_number).toBe(Math.max(0, ...numbers));
        expect(new Set(numbers).size).toBe(numbers.length);
      }
    } finally {
      db.close();
    }
    console.log(`disk full (${mounted ? 'loop-mounted 24 MB ext4' : 'PRAGMA max_page_count'}): ${acknowledged.size} tickets acknowledged, refused with ${refusal!.code}, resumed after space was freed`);
  });
});
