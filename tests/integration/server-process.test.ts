import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtServer, deployedLaunch } from '../support/deployed';
import { createPgDatabase } from '../support/pg';
import { connectRecording } from '../support/sockets';
import { staffSession } from '../support/staff-http';

// The process `npm start` runs: the server's bundle (server/scripts/build.mjs, npm packages partly bundled into
// it) with start:prod's options. Each path a bundled package takes at run time is used once here: the tests of the
// sources (tsx) cannot see a package that breaks only when bundled.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'navbat-process-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

beforeAll(() => {
  // Built here so the bundle tested is the sources' (`npm test` builds it too; a run of this file alone may not have).
  const build = spawnSync(process.execPath, ['server/scripts/build.mjs'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`the server's build failed: ${build.stderr}`);
}, 60_000);

async function startBuilt(env: Record<string, string>) {
  const deployed = deployedLaunch();
  const child = spawn(process.execPath, [...deployed.nodeArgs, builtServer], {
    cwd: root,
    env: { ...process.env, ...deployed.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ADMIN_PASSWORD: '', REDIS_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = out.match(/listening at http:\/\/127\.0\.0\.1:(\d+)/);
      if (m) {
        clearInterval(timer);
        resolve(Number(m[1]));
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`server exited ${code}: ${out}`));
    });
  });
  const stop = async () => {
    child.kill('SIGTERM');
    return exited;
  };
  return { base: `http://127.0.0.1:${port}`, output: () => out, stop };
}

/** A kiosk issues, an operator opens and calls, and a display (a WebSocket) is told. */
async function visit(base: string) {
  const display = await connectRecording(base, '/display', { centerId: 'isb-g9' });
  try {
    const snapshot = await display.next('display:snapshot');
    const issued = await fetch(`${base}/api/v1/centers/isb-g9/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serviceId: 1 }) });
    expect(issued.status).toBe(201);
    const { ticket } = (await issued.json()) as { ticket: { code: string; publicId: string } };
    const operator = await staffSession(base, 'operator1', 'operator1-demo');
    expect((await operator.call('POST', '/api/v1/counters/1/open', {})).status).toBe(200);
    expect((await operator.call('POST', '/api/v1/counters/1/call-next', {})).status).toBe(200);
    const called = await display.until('ticket:called', (e: { ticketCode: string }) => e.ticketCode === ticket.code, 10_000);
    expect(called.seq).toBeGreaterThan(snapshot.seq);
  } finally {
    display.close();
  }
}

describe('the server process, as `npm start` runs it', () => {
  it('starts on an empty SQLite file with a printed admin password and the demo centre, serves a visit, its docs and metrics, and stops cleanly on SIGTERM', async () => {
    const server = await startBuilt({ DATABASE_URL: `file:${path.join(dir, 'n.sqlite')}` });
    try {
      expect(server.output()).toMatch(/created user "admin" with password: \S{12,}/);
      expect((await fetch(`${server.base}/readyz`)).status).toBe(200);
      const centers = (await (await fetch(`${server.base}/api/v1/centers`)).json()) as { id: string }[];
      expect(centers.map((c) => c.id)).toEqual(['isb-g9']);
      await visit(server.base);
      // The OpenAPI document (compressed when asked), its browsable page and its assets, metrics, Web Push's key.
      const document = await fetch(`${server.base}/api/openapi.json`, { headers: { 'accept-encoding': 'gzip' } });
      expect(document.status).toBe(200);
      expect(document.headers.get('content-encoding')).toBe('gzip');
      expect(((await document.json()) as { openapi: string }).openapi).toMatch(/^3\./);
      const page = await fetch(`${server.base}/api/docs/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/swagger/i);
      expect((await fetch(`${server.base}/api/docs/static/swagger-ui-bundle.js`)).status).toBe(200);
      expect(await (await fetch(`${server.base}/metrics`)).text()).toMatch(/^navbat_tickets_issued_total\{[^}]*\} 1$/m);
      expect(((await (await fetch(`${server.base}/api/v1/push/vapid-public-key`)).json()) as { publicKey: string }).publicKey).toMatch(/^[A-Za-z0-9_-]{80,}$/);
      // A browser app's page from its build (`npm test` builds them; without a build the server says so).
      const kiosk = await fetch(`${server.base}/kiosk/`);
      if (fs.existsSync(path.join(root, 'kiosk-ui/dist/index.html'))) {
        expect(kiosk.status).toBe(200);
        expect(kiosk.headers.get('content-type')).toMatch(/text\/html/);
      } else expect(kiosk.status).toBe(503);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  }, 60_000);

  it('runs on PostgreSQL with Redis (the scale-out path) and stops cleanly', async () => {
    const database = await createPgDatabase('process');
    try {
      const server = await startBuilt({ DATABASE_URL: database.url, REDIS_URL: 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: `navbat-process-${process.pid}` });
      try {
        expect((await fetch(`${server.base}/readyz`)).status).toBe(200);
        await visit(server.base);
      } finally {
        expect(await server.stop()).toBe(0);
      }
    } finally {
      await database.drop();
    }
  }, 60_000);
});
