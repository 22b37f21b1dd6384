import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The checkout holding the apps' `dist` folders: up from this module (in `server/src` or bundled in `server/dist`). */
function findRepoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'kiosk-ui', 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
    dir = parent;
  }
  return dir;
}

const checkoutRoot = findRepoRoot();

/** The browser apps and the page each URL prefix opens. */
const apps = [
  { prefix: '/kiosk', dir: 'kiosk-ui' },
  { prefix: '/counter', dir: 'counter-ui' },
  { prefix: '/display', dir: 'display-ui' },
] as const;

/** Assets under `assets/` carry a content hash in their name: a changed file is a new URL, so keep it a year. */
const hashedAssetCaching = { maxAge: '1y', immutable: true } as const;
/** Pages and other unhashed files: the browser must ask again (a 304 when unchanged) so a new build is seen at once. */
const pageCaching = { cacheControl: false } as const;

/**
 * Sends a built file. sendFile's own options decide Cache-Control (a header set beforehand is overwritten),
 * and a file may exist as .br/.gz copies, so the answer varies with Accept-Encoding.
 */
function sendWithCaching(reply: FastifyReply, file: string, root: string, caching: typeof hashedAssetCaching | typeof pageCaching) {
  reply.header('vary', 'Accept-Encoding');
  if ('cacheControl' in caching) reply.header('cache-control', 'no-cache');
  return reply.sendFile(file, root, caching);
}

/** Serves the built apps from one port: /kiosk, /counter, /display and the citizen's /t/:publicId. */
export const appsPlugin = fp(
  async (app, opts: { repoRoot?: string } = {}) => {
    const repoRoot = opts.repoRoot ?? checkoutRoot;
    // One registration for the reply.sendFile decorator; each route names its own root.
    // preCompressed: a build may ship .br/.gz copies of its assets (kiosk-ui does, for phones on 3G).
    await app.register(fastifyStatic, { root: repoRoot, serve: false, preCompressed: true });
    for (const a of apps) {
      const root = path.join(repoRoot, a.dir, 'dist');
      const sendPage = (page: string) => async (_req: FastifyRequest, reply: FastifyReply) => {
        if (!fs.existsSync(path.join(root, page))) {
          return reply.code(503).type('text/plain').send(`${a.dir} is not built yet: run \`npm run build\`.`);
        }
        return sendWithCaching(reply, page, root, pageCaching);
      };
      app.get(`${a.prefix}/assets/*`, async (req, reply) => {
        const file = (req.params as { '*': string })['*'];
        return sendWithCaching(reply, path.join('assets', file), root, hashedAssetCaching);
      });
      app.get(`${a.prefix}/*`, async (req, reply) => {
        const file = (req.params as { '*': string })['*'];
        if (file && /^[\w./-]+\.[a-z0-9]+$/i.test(file) && !file.includes('..') && fs.existsSync(path.join(root, file))) {
          return sendWithCaching(reply, file, root, pageCaching);
        }
        return sendPage('index.html')(req, reply);
      });
      app.get(a.prefix, sendPage('index.html'));
      if (a.dir === 'kiosk-ui') {
        app.get('/t/:publicId', async (req, reply) => {
          const page = fs.existsSync(path.join(root, 'ticket.html')) ? 'ticket.html' : 'index.html';
          return sendPage(page)(req, reply);
        });
        app.get('/book', sendPage('book.html'));
      }
    }
    app.get('/', async (_req, reply) => reply.redirect('/counter'));
  },
  { name: 'apps' },
);
