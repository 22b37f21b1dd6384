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

// A bundled package that finds its files from where it is would look in server/dist instead (and an ES module has
// no `__dirname`): such a package must stay external. tests/integration/server-process.test.ts runs the bundle.
const located = fs
  .readdirSync(outdir, { recursive: true })
  .filter((f) => String(f).endsWith('.mjs'))
  .filter((f) => /\b__(dirname|filename)\b/.test(fs.readFileSync(path.join(outdir, String(f)), 'utf8')));
if (located.length > 0) throw new Error(`bundled code refers to __dirname or __filename (${located.join(', ')}): keep its package external`);
