import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorsPlugin } from '../../server/src/plugins/errors.plugin';
import { compressionPlugin } from '../../server/src/plugins/compression.plugin';
import { appsPlugin } from '../../server/src/plugins/apps.plugin';
import { createTestApp, issue, login, type TestApp } from '../support/test-app';

/** Caching and compression headers: hashed assets a year and immutable, pages no-cache, Vary, compressed JSON. */

describe('the built apps (a checkout with a fake build)', () => {
  let root: string;
  let app: FastifyInstance;
  const script = `console.log(${JSON.stringify('x'.repeat(4000))});\n`;
  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'navbat-apps-'));
    for (const dir of ['kiosk-ui', 'counter-ui', 'display-ui']) {
      const dist = path.join(root, dir, 'dist');
      fs.mkdirSync(path.join(dist, 'assets'), { recursive: true });
      fs.writeFileSync(path.join(root, dir, 'package.json'), '{}');
      fs.writeFileSync(path.join(dist, 'index.html'), `<!doctype html><title>${dir}</title>`);
      fs.writeFileSync(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
      fs.writeFileSync(path.join(dist, 'assets', 'index-AbC123.js'), script);
      fs.writeFileSync(path.join(dist, 'assets', 'index-AbC123.js.br'), zlib.brotliCompressSync(script));
      fs.writeFileSync(path.join(dist, 'assets', 'index-AbC123.js.gz'), zlib.gzipSync(script));
    }
    app = Fastify();
    await app.register(errorsPlugin);
    await app.register(compressionPlugin);
    await app.register(appsPlugin, { repoRoot: root });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('hashed assets are public for a year and immutable, whatever the encoding', async () => {
    for (const encoding of [undefined, 'br', 'gzip']) {
      const res = await app.inject({ method: 'GET', url: '/kiosk/assets/index-AbC123.js', headers: encoding ? { 'accept-encoding': encoding } : {} });
      expect(res.statusCode, encoding).toBe(200);
      expect(res.headers['cache-control'], encoding).toBe('public, max-age=31536000, immutable');
      expect(res.headers.vary, encoding).toMatch(/accept-encoding/i);
      expect(res.headers['content-encoding'], encoding).toBe(encoding);
    }
  });

  it('a pre-compressed asset is sent as the build made it, not compressed twice', async () => {
    const br = await app.inject({ method: 'GET', url: '/counter/assets/index-AbC123.js', headers: { 'accept-encoding': 'br, gzip' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(script);
    const gz = await app.inject({ method: 'GET', url: '/counter/assets/index-AbC123.js', headers: { 'accept-encoding': 'gzip' } });
    expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(script);
  });

  it('pages and unhashed files are no-cache (revalidated), with Vary', async () => {
    for (const url of ['/kiosk', '/counter/', '/display/anything/deep', '/t/abcdefghijklmnopqrst', '/kiosk/favicon.svg']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.headers.vary, url).toMatch(/accept-encoding/i);
    }
  });
});

describe('dynamic answers', () => {
  let t: TestApp;
  let cookie: string;
  beforeAll(async () => {
    t = await createTestApp();
    cookie = await login(t.app, 'supervisor', 'supervisor-demo');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('JSON above the threshold is compressed for a client that accepts it, with Vary', async () => {
    const plain = await t.app.inject({ method: 'GET', url: '/api/v1/centers/isb-g9/services' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(1024);
    for (const [encoding, decode] of [['br', zlib.brotliDecompressSync], ['gzip', zlib.gunzipSync]] as const) {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/centers/isb-g9/services', headers: { 'accept-encoding': encoding } });
      expect(res.headers['content-encoding']).toBe(encoding);
      expect(res.headers.vary).toMatch(/accept-encoding/i);
      expect(JSON.parse(decode(res.rawPayload).toString())).toEqual(plain.json());
      expect(res.rawPayload.length).toBeLessThan(plain.rawPayload.length);
    }
  });

  it('a polled answer served again is the same JSON, and a write changes it', async () => {
    const get = () => t.app.inject({ method: 'GET', url: '/api/v1/centers/isb-g9/services' });
    const first = await get();
    const again = await get();
    expect(again.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(again.body).toBe(first.body);
    const waitingOf = (body: string) => (JSON.parse(body) as { services: { id: number; waiting: number }[] }).services.find((s) => s.id === 1)!.waiting;
    expect((await issue(t.app, 1)).status).toBe(201);
    const after = await get();
    expect(waitingOf(after.body)).toBe(waitingOf(first.body) + 1);
    const display = await t.app.inject({ method: 'GET', url: '/api/v1/centers/isb-g9/display' });
    expect(display.headers['content-type']).toBe('application/json; charset=utf-8');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/centers/isb-g9/display' })).body).toBe(display.body);
  });

  it('polls racing with issues never see a count from the past once an issue has answered', async () => {
    const waiting = async () => (JSON.parse((await t.app.inject({ method: 'GET', url: '/api/v1/centers/isb-g9/services' })).body) as { services: { id: number; waiting: number }[] }).services.find((s) => s.id === 2)!.waiting;
    const before = await waiting();
    let answered = 0;
    const seen: { floor: number; value: number }[] = [];
    await Promise.all([
      ...Array.from({ length: 20 }, async () => {
        expect((await issue(t.app, 2)).status).toBe(201);
        answered++;
      }),
      ...Array.from({ length: 40 }, async () => {
        const floor = answered;
        seen.push({ floor, value: await waiting() });
      }),
    ]);
    for (const { floor, value } of seen) {
      expect(value).toBeGreaterThanOrEqual(before + floor);
      expect(value).toBeLessThanOrEqual(before + 20);
    }
    expect(await waiting()).toBe(before + 20);
  });

  it('small answers and errors stay plain', async () => {
    const small = await t.app.inject({ method: 'GET', url: '/healthz', headers: { 'accept-encoding': 'br, gzip' } });
    expect(small.headers['content-encoding']).toBeUndefined();
    const error = await t.app.inject({ method: 'GET', url: '/api/v1/tickets/nope', headers: { 'accept-encoding': 'gzip' } });
    expect(error.headers['content-encoding']).toBeUndefined();
    expect(error.json().error.code).toBeTruthy();
  });

  it('the CSV export is compressed too', async () => {
    for (let i = 0; i < 20; i++) expect((await issue(t.app, 1)).status).toBe(201);
    const url = '/api/v1/centers/isb-g9/reports/tickets.csv';
    const plain = await t.app.inject({ method: 'GET', url, headers: { cookie } });
    expect(plain.body.length).toBeGreaterThan(1024);
    const res = await t.app.inject({ method: 'GET', url, headers: { cookie, 'accept-encoding': 'gzip' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(res.rawPayload).toString()).toBe(plain.body);
  });

  it('Socket.IO traffic does not pass through the compressor', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.server.address() as { port: number }).port;
    const res = await fetch(`http://127.0.0.1:${port}/socket.io/?EIO=4&transport=polling`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(await res.text()).toMatch(/^0\{"sid"/);
  });
});
