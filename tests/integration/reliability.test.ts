import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';

/**
 * Crash safety: a child process issues and calls tickets as fast as it can and is killed with SIGKILL at
 * a random moment, several rounds on one SQLite file. Every ticket whose answer reached the client is in
 * the database, no number is used twice, and the database opens cleanly.
 *
 * The child is this very file run by Node with NAVBAT_CRASH_WORKER set (so the test needs no helper file).
 */
const workerDb = process.env.NAVBAT_CRASH_WORKER;

if (workerDb) {
  await runWorker(workerDb);
} else {
  await defineTests();
}

/** The child: issue, call, complete in a tight loop; print every answer the moment it arrives. */
async function runWorker(file: string): Promise<void> {
  const { createTestApp, login } = await import('../support/test-app');
  const t = await createTestApp({ databaseUrl: `file:${file}`, seed: 'none' });
  const cookie = await login(t.app, 'operator1', 'operator1-demo');
  const headers = { cookie };
  await t.app.inject({ method: 'POST', url: '/api/v1/counters/1/open', headers });
  const out = (line: string) => fs.writeSync(1, `${line}\n`);
  out('ready');
  for (let i = 0; ; i++) {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/tickets', payload: { serviceId: 1 + (i % 2) } });
    if (res.statusCode === 201) {
      const { ticket } = res.json() as { ticket: { id: number; code: string } };
      out(`issued ${ticket.id} ${ticket.code}`);
    }
    if (i % 3 === 0) {
      const call = await t.app.inject({ method: 'POST', url: '/api/v1/counters/1/call-next', headers });
      if (call.statusCode === 200) out(`called ${(call.json() as { ticket: { id: number } }).ticket.id}`);
      if (call.statusCode === 409) {
        // Holding a ticket from the round before the crash: finish it.
        await t.app.inject({ method: 'POST', url: '/api/v1/counters/1/complete', headers, payload: {} });
        continue;
      }
      const done = await t.app.inject({ method: 'POST', url: '/api/v1/counters/1/complete', headers, payload: {} });
      if (done.statusCode === 200) out(`done ${(done.json() as { ticket: { id: number } }).ticket.id}`);
    }
  }
}

async function defineTests(): Promise<void> {
  const { describe, expect, it } = await import('vitest');
  const { createTestApp } = await import('../support/test-app');
  const self = fileURLToPath(import.meta.url);

  function crashRound(file: string): Promise<string[]> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', self], {
        env: { ...process.env, NAVBAT_CRASH_WORKER: file, NAVBAT_TEST_DATABASE: 'sqlite' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      let killTimer: NodeJS.Timeout | undefined;
      const killAfter = 5 + Math.floor(Math.random() * 30);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        // A random moment in the middle of the work: after some answers (so the round does something on
        // a slow machine too), then a random few milliseconds more.
        if (!killTimer && (out.match(/^issued /gm)?.length ?? 0) >= killAfter) {
          killTimer = setTimeout(() => child.kill('SIGKILL'), Math.random() * 40);
        }
      });
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('error', reject);
      child.on('exit', (_code, signal) => {
        clearTimeout(killTimer);
        if (signal !== 'SIGKILL') return reject(new Error(`the worker ended by itself: ${err.slice(-2000)}`));
        // A line cut by the kill is not an answer that reached us.
        resolve(out.split('\n').slice(0, -1));
      });
    });
  }

  describe('crash safety (SIGKILL in the middle of issuing and calling)', () => {
    it('keeps every answered ticket, never reuses a number, and opens cleanly, round after round', { timeout: 180_000 }, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'navbat-crash-'));
      const file = path.join(dir, 'navbat.sqlite');
      try {
        // The database exists, migrated and seeded, before the first crash.
        const setup = await createTestApp({ databaseUrl: `file:${file}` });
        await setup.close();

        const answered = new Map<number, string>();
        const called = new Set<number>();
        const done = new Set<number>();
        const rounds = 3;
        for (let round = 0; round < rounds; round++) {
          const lines = await crashRound(file);
          expect(lines[0], `round ${round}`).toBe('ready');
          for (const line of lines.slice(1)) {
            const [kind, id, code] = line.split(' ');
            if (kind === 'issued') answered.set(Number(id), code as string);
            if (kind === 'called') called.add(Number(id));
            if (kind === 'done') done.add(Number(id));
          }

          const db = new SQLite(file);
          try {
            expect(db.pragma('integrity_check', { simple: true }), `round ${round}`).toBe('ok');
            const rows = db.prepare('select id, code, status, service_id, service_day, number from tickets').all() as { id: number; code: string; status: string; service_id: number; service_day: string; number: number }[];
            const byId = new Map(rows.map((r) => [r.id, r]));
            for (const [id, code] of answered) {
              expect(byId.get(id)?.code, `answered ticket ${id} ${code} lost after round ${round}`).toBe(code);
            }
            for (const id of called) expect(byId.get(id)?.status, `called ticket ${id}`).not.toBe('waiting');
            for (const id of done) expect(byId.get(id)?.status, `completed ticket ${id}`).toBe('done');
            const numbers = rows.map((r) => `${r.service_id}/${r.service_day}/${r.number}`);
            expect(new Set(numbers).size, 'a number used twice').toBe(numbers.length);
            const codes = rows.map((r) => `${r.service_day}/${r.code}`);
            expect(new Set(codes).size, 'a code used twice').toBe(codes.length);
            // Numbers are gapless: the daily sequence never ran ahead of the tickets it handed out.
            for (const s of db.prepare('select service_id, service_day, last_number from daily_sequences').all() as { service_id: number; service_day: string; last_number: number }[]) {
              const max = Math.max(0, ...rows.filter((r) => r.service_id === s.service_id && r.service_day === s.service_day).map((r) => r.number));
              expect(s.last_number).toBe(max);
            }
            const held = db.prepare("select counter_id, count(*) as n from tickets where status in ('called', 'serving') group by counter_id").all() as { n: number }[];
            for (const h of held) expect(h.n).toBe(1);
          } finally {
            db.close();
          }
        }
        // The rounds did real work (and answers did reach the parent before the kills).
        expect(answered.size).toBeGreaterThanOrEqual(rounds * 5);
        expect(called.size).toBeGreaterThan(0);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
