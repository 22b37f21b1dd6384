// Bundles the server (and the workspace packages it imports) into one ES module, so production starts
// with plain `node` instead of compiling TypeScript at every start. npm packages stay external, except a few
// pure-JavaScript ES-module packages of hundreds of small files each, which Node would otherwise resolve and
// compile one by one at every start (kysely alone took ~165 ms): a restart is that much shorter (figure 5).
// zod goes with its Fastify type provider, so both use one copy of zod (and of its schema registry).
// `server.mjs` is small: it reads the config and binds the port, then imports the rest (a chunk), so the port
// is open while the app loads (src/server.ts).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const bundled = /^(kysely|zod|fastify-type-provider-zod)(\/|$)/;

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const outdir = path.join(serverDir, 'dist');
fs.rmSync(outdir, { recursive: true, force: true });

await build({
  entryPoints: [path.join(serverDir, 'src/server.ts')],
  outdir,
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [
    {
      name: 'npm-packages-external',
      setup(b) {
        // Bare imports are npm packages, resolved by Node at run time; `@navbat/*` are our TypeScript sources.
        b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@navbat/') || bundled.test(args.path) ? undefined : { path: args.path, external: true }));
      },
    },
  ],
});
