import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';

/**
 * The outbox under SIGKILL: a real app process (this file run by Node with NAVBAT_OUTBOX_WORKER set) issues
 * and calls tickets with the dispatcher delivering to a receiver in the test process, and is killed at a
 * random moment, round after round on one SQLite file. After a last restart, every event committed (one per
 * row of ticket_events, written in the same transaction) reached the receiver at least once, nothing that was
 * not committed did, and after de-duplication on webhook-id nothing is missing or doubled.
 */
const workerDb = process.env.NAVBAT_OUTBOX_WORKER;

if (workerDb) {
  await runWorker(workerDb, process.env.NAVBAT_OUTBOX_MODE ?? 'work');
} else {
  await defineTests();
}

async function runWorker(file: string, mode: string): Promise<void> {
  const { createTestApp, login } = await import('../support/test-app');
  const t = await createTestApp({ databaseUrl: `file:${file}`, seed: 'none', config: { dispatchOutbox: true, webhookAllowPrivateNetworks: true } });
  const out = (line: string) => fs.writeSync(1, `${line}\n`);
  out('ready');
  // The dispatcher delivers what is left; the test kills the process.
  if (mode === 'drain') return void setInterval(() => {}, 1000);
  const headers = { cookie: await login(t.app, 'operator1', 'operator1-demo') };
  await t.app.inject({ method: 'POST', url: '/api/v1/counters/1/open', headers });
  for (let i = 0; ; i++) {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/tickets', payload: { serviceId: 1 + (i % 2), phone: '+92 300 5550000' } });
    if (res.statusCode === 201) out('issued');
    if (i % 2 === 0) {
      const call = await t.app.inject({ method: 'POST', url: '/api/v1/counters/1/call-next', headers });
      if (call.statusCode === 409) await t.app.inject({ method: 'POST', url: '/api/v1/counters/1/complete', headers, payload: {} });
      else await t.app.inject({ method: 'POST', url: '/api/v1/counters/1/complete', headers, payload: {} });
    }
  }
}

async function defineTests(): Promise<void> {
  const { describe, expect, it } = await import('vitest');
  const { createTestApp, staffClient } = await import('../support/test-app');
  const { startReceiver } = await import('../support/webhook-receiver');
  const self = fileURLToPath(import.meta.url);

  /**
   * This file bundled into one module as the server is (npm packages external but a few), so each of the many restarts is a plain `node`
   * start rather than compiling TypeScript again.
   */
  async function bundleWorker(dir: string): Promise<string> {
    const { build } = await import('esbuild');
    const { nodeBundleOptions } = await import('../../server/scripts/node-bundle.mjs');
    const outfile = path.join(path.dirname(self), `.outbox-crash-worker-${process.pid}.mjs`);
    await build({ ...nodeBundleOptions, entryPoints: [self], outfile });
    // Kept beside this file so Node finds the npm packages; removed with the test's directory.
    const kept = path.join(dir, 'worker.mjs');
    fs.writeFileSync(kept, outfile);
    return outfile;
  }

  /** Starts the worker; resolves with it once it says `ready`, and `killed` once SIGKILL ended it. */
  function startWorker(worker: string, file: string, mode: 'work' | 'drain', killAfterIssued: number | null) {
    const child = spawn(process.execPath, [worker], {
      env: { ...process.env, NAVBAT_OUTBOX_WORKER: file, NAVBAT_OUTBOX_MODE: mode, NAVBAT_TEST_DATABASE: 'sqlite' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let killTimer: NodeJS.Timeout | undefined;
    const ready = new Promise<void>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.startsWith('ready')) resolve();
        if (killAfterIssued !== null && !killTimer && (out.match(/^issued/gm)?.length ?? 0) >= killAfterIssued) {
          killTimer = setTimeout(() => child.kill('SIGKILL'), Math.random() * 30);
        }
      });
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const killed = new Promise<void>((resolve, reject) => {
      child.on('exit', (_code, signal) => {
        clearTimeout(killTimer);
        if (signal !== 'SIGKILL') reject(new Error(`the worker ended by itself: ${err.slice(-2000)}`));
        else resolve();
      });
    });
    return { ready, killed, kill: () => child.kill('SIGKILL') };
  }

  const typeOf: Record<string, string> = { issued: 'ticket.issued', called: 'ticket.called', completed: 'ticket.completed' };

  describe('outbox crash safety (SIGKILL while issuing, calling and delivering)', () => {
    it('delivers every committed event at least once and nothing uncommitted; de-duplicated, nothing lost or doubled', { timeout: 300_000 }, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'navbat-outbox-crash-'));
      const file = path.join(dir, 'navbat.sqlite');
      const receiver = await startReceiver(() => ({ status: 200 }));
      try {
        const setup = await createTestApp({ databaseUrl: `file:${file}`, config: { webhookAllowPrivateNetworks: true } });
        const admin = await staffClient(setup.app, 'admin');
        expect((await admin('POST', '/api/v1/admin/webhooks', { url: receiver.url, events: ['ticket.issued', 'ticket.called', 'ticket.completed'] })).status).toBe(201);
        await setup.close();

        const worker = await bundleWorker(dir);
        const started = Date.now();
        const rounds = Number(process.env.NAVBAT_OUTBOX_CRASH_ROUNDS ?? 20);
        for (let round = 0; round < rounds; round++) {
          await startWorker(worker, file, 'work', 2 + Math.floor(Math.random() * 12)).killed;
        }
        // A last restart: what the kills left undelivered goes out within 10 s.
        const db = new SQLite(file, { readonly: true });
        const committed = db.prepare("select ticket_id, type from ticket_events where type in ('issued', 'called', 'completed')").all() as { ticket_id: number; type: string }[];
        const tickets = (db.prepare('select count(*) as n from tickets').get() as { n: number }).n;
        db.close();
        const expected = committed.map((e) => `${e.ticket_id} ${typeOf[e.type]}`).sort();
        const restarted = Date.now();
        const drain = startWorker(worker, file, 'drain', null);
        await drain.ready;
        const unique = () => new Map(receiver.received.map((r) => [r.headers['webhook-id'], r]));
        while (unique().size < expected.length && Date.now() - restarted < 10_000) await new Promise((r) => setTimeout(r, 50));
        const drainedIn = Date.now() - restarted;
        drain.kill();
        await drain.killed;

        const delivered = [...unique().values()].map((r) => {
          const body = JSON.parse(r.body) as { type: string; data: { id: number } };
          expect(r.body).not.toContain('5550000');
          return `${body.data.id} ${body.type}`;
        });
        expect(delivered.sort()).toEqual(expected);
        expect(tickets).toBeGreaterThanOrEqual(rounds * 2);
        console.log(
          `outbox crash: ${rounds} rounds in ${Date.now() - started} ms, ${tickets} tickets, ${expected.length} events, ${receiver.received.length} deliveries ` +
            `(${receiver.received.length - unique().size} repeated), drained ${drainedIn} ms after the restart`,
        );
      } finally {
        await receiver.close();
        const bundled = path.join(dir, 'worker.mjs');
        if (fs.existsSync(bundled)) fs.rmSync(fs.readFileSync(bundled, 'utf8'), { force: true });
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
