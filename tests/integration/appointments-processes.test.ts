import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/test-app';
import { enableBooking } from '../support/booking';
import { createPgDatabase, onPostgres } from '../support/pg';

// Several OS processes booking the last seats of one slot at once, on a shared SQLite file (integration)
// or one PostgreSQL database (integration-pg): never over capacity; one Idempotency-Key, one booking.
const here = path.dirname(fileURLToPath(import.meta.url));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'navbat-booking-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const slot = '2026-11-24T06:00:00.000Z';

type Outcome = { ok: string } | { error: string };

function runWorker(url: string, attempts: number, key = '', phone = ''): Promise<Outcome[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'workers/book-worker.ts'), url, slot, String(attempts), key, phone], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!)) : reject(new Error(`worker exited ${code}: ${err}`))));
  });
}

async function sharedDatabase() {
  const pg = onPostgres ? await createPgDatabase('booking') : null;
  const url = pg?.url ?? `file:${path.join(dir, `navbat-${Date.now()}.sqlite`)}`;
  const t = await createTestApp({ databaseUrl: url });
  return { t, url, drop: async () => pg?.drop() };
}

describe(`4 processes booking one slot (${onPostgres ? 'PostgreSQL' : 'SQLite file'})`, () => {
  it('the last seats: exactly the free seats are booked, the rest SLOT_FULL', async () => {
    const { t, url, drop } = await sharedDatabase();
    try {
      await enableBooking(t.app, 10);
      // 7 of 10 seats are taken already; 4 processes × 10 requests race for the last 3.
      for (let i = 0; i < 7; i++) await t.app.services.appointments.book('isb-g9', { serviceId: 1, start: slot }, undefined);
      const outcomes = (await Promise.all([0, 1, 2, 3].map(() => runWorker(url, 10)))).flat();
      expect(outcomes.filter((o) => 'ok' in o)).toHaveLength(3);
      expect(new Set(outcomes.flatMap((o) => ('error' in o ? [o.error] : [])))).toEqual(new Set(['SLOT_FULL']));
      const rows = await t.database.db.selectFrom('appointments').select('id').where('start_at', '=', slot).execute();
      expect(rows).toHaveLength(10);
      const seats = await t.database.db.selectFrom('appointment_slots').select('booked').executeTakeFirstOrThrow();
      expect(seats.booked).toBe(10);
    } finally {
      await t.close();
      await drop();
    }
  });

  it('the same Idempotency-Key from 4 processes at once: one appointment, the same answer everywhere', async () => {
    const { t, url, drop } = await sharedDatabase();
    try {
      await enableBooking(t.app, 10);
      const outcomes = (await Promise.all([0, 1, 2, 3].map(() => runWorker(url, 5, 'one-tap')))).flat();
      expect(outcomes.every((o) => 'ok' in o)).toBe(true);
      expect(new Set(outcomes.map((o) => ('ok' in o ? o.ok : '')))).toHaveProperty('size', 1);
      expect(await t.database.db.selectFrom('appointments').select('id').execute()).toHaveLength(1);
    } finally {
      await t.close();
      await drop();
    }
  });

  it('one phone booking from 4 processes at once: never more than perPhonePerDay bookings (issue 14)', async () => {
    const { t, url, drop } = await sharedDatabase();
    try {
      // Plenty of seats, so only the per-phone limit (2 a day by default) can refuse.
      await enableBooking(t.app, 40);
      const outcomes = (await Promise.all([0, 1, 2, 3].map(() => runWorker(url, 4, '', '03001234567')))).flat();
      expect(outcomes.filter((o) => 'ok' in o)).toHaveLength(2);
      expect(new Set(outcomes.flatMap((o) => ('error' in o ? [o.error] : [])))).toEqual(new Set(['BOOKING_LIMIT_REACHED']));
      const rows = await t.database.db.selectFrom('appointments').select('id').where('phone', '=', '03001234567').execute();
      expect(rows).toHaveLength(2);
      const seats = await t.database.db.selectFrom('appointment_slots').select('booked').executeTakeFirstOrThrow();
      expect(seats.booked).toBe(2);
    } finally {
      await t.close();
      await drop();
    }
  });
});
