import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'navbat-process-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the server process', () => {
  it('starts on an empty database with a printed admin password and the demo centre, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/server.ts'], {
      cwd: root,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `file:${path.join(dir, 'n.sqlite')}`, LOG_LEVEL: 'info', ADMIN_PASSWORD: '', REDIS_URL: '' },
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
      }, 100);
      void exited.then((code) => reject(new Error(`server exited ${code}: ${out}`)));
    });
    expect(out).toMatch(/created user "admin" with password: \S{12,}/);
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const centers = (await (await fetch(`${base}/api/v1/centers`)).json()) as { id: string }[];
    expect(centers.map((c) => c.id)).toEqual(['isb-g9']);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);
});
