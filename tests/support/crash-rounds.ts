import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { expect } from 'vitest';
import { createTestApp } from './test-app';

/**
 * Crash safety: a child process issues and calls tickets as fast as it can and is killed with SIGKILL at
 * a random moment, `rounds` times on one SQLite file. After every round: every ticket whose answer reached
 * the parent is in the database, no number or code is used twice, numbering is gapless, a counter holds at
 * most one ticket, and `integrity_check` is ok. tests/integration/reliability.test.ts runs a few rounds in
 * `npm test`; tests/faults/crash-rounds.test.ts runs many in `npm run test:faults`.
 */
export async function crashRounds(rounds: number): Promise<{ answered: number; called: number; done: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'navbat-crash-'));
  const file = path.join(dir, 'navbat.sqlite');
  try {
    // The database exists, migrated and seeded, before the first crash.
    const setup = await createTestApp({ databaseUrl: `file:${file}` });
    await setup.close();

    const answered = new Map<number, string>();
    const called = new Set<number>();
    const done = new Set<number>();
    for (let round = 0; round < rounds; round++) {
      const lines = await crashRound(file);
      expect(lines[0], `round ${round}`).toBe('ready');
      for (const line of lines.slice(1)) {
        const [kind, id, code] = line.split(' ');
        if (kind === 'issued') answered.set(Number(id), code as string);
        if (kind === 'called') called.add(Number(id));
        if (kind === 'done') done.add(Number(id));
      }
      checkAfterCrash(file, round, answered, called, done);
    }
    // The rounds did real work (and answers did reach the parent before the kills).
    expect(answered.size).toBeGreaterThanOrEqual(rounds * 5);
    expect(called.size).toBeGreaterThan(0);
    return { answered: answered.size, called: called.size, done: done.size };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const worker = path.join(path.dirname(fileURLToPath(import.meta.url)), 'crash-worker.ts');

/** One round: start the worker, kill it with SIGKILL at a random moment, return the answers it printed. */
function crashRound(file: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', worker, file], {
      env: { ...process.env, NAVBAT_TEST_DATABASE: 'sqlite' },
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

function checkAfterCrash(file: string, round: number, answered: Map<number, string>, called: Set<number>, done: Set<number>): void {
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
