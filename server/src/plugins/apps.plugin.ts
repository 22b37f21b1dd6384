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

const repoRoot = findRepoRoot();

/** The browser apps and the page each URL prefix opens. */
const apps = [
  { prefix: '/kiosk', dir: 'kiosk-ui' },
  { prefix: '/counter', dir: 'counter-ui' },
  { prefix: '/display', dir: 'display-ui' },
] as const;

/** Serves the built apps from one port: /kiosk, /counter, /display and the citizen's /t/:publicId. */
export const appsPlugin = fp(
  async (app) => {
    // One registration for the reply.sendFile decorator; each route names its own root.
    // preCompressed: a build may ship .br/.gz copies of its assets (kiosk-ui does, for phones on 3G).
    await app.register(fastifyStatic, { root: repoRoot, serve: false, preCompressed: true });
    for (const a of apps) {
      const root = path.join(repoRoot, a.dir, 'dist');
      const sendPage = (page: string) => async (_req: FastifyRequest, reply: FastifyReply) => {
        if (!fs.existsSync(path.join(root, page))) {
          return reply.code(503).type('text/plain').send(`${a.dir} is not built yet: run \`npm run build\`.`);
        }
        return reply.header('cache-control', 'no-cache').sendFile(page, root);
      };
      app.get(`${a.prefix}/assets/*`, async (req, reply) => {
        const file = (req.params as { '*': string })['*'];
        return reply.header('cache-control', 'public, max-age=31536000, immutable').sendFile(path.join('assets', file), root);
      });
      app.get(`${a.prefix}/*`, async (req, reply) => {
        const file = (req.params as { '*': string })['*'];
        if (file && /^[\w./-]+\.[a-z0-9]+$/i.test(file) && !file.includes('..') && fs.existsSync(path.join(root, file))) {
          return reply.sendFile(file, root);
        }
        return sendPage('index.html')(req, reply);
      });
      app.get(a.prefix, sendPage('index.html'));
      if (a.dir === 'kiosk-ui') {
        app.get('/t/:publicId', async (req, reply) => {
          const page = fs.existsSync(path.join(root, 'ticket.html')) ? 'ticket.html' : 'index.html';
          return sendPage(page)(req, reply);
        });
      }
    }
    app.get('/', async (_req, reply) => reply.redirect('/counter'));
  },
  { name: 'apps' },
);
