// Bundles the server (and the workspace packages it imports) into one ES module, so production starts
// with plain `node` instead of compiling TypeScript at every start (which npm packages go in: node-bundle.mjs).
// `server.mjs` is small: it reads the config and binds the port, then imports the rest (a chunk), so the port
// is open while the app loads (src/server.ts).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { nodeBundleOptions } from './node-bundle.mjs';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const outdir = path.join(serverDir, 'dist');
fs.rmSync(outdir, { recursive: true, force: true });

await build({
  ...nodeBundleOptions,
  entryPoints: [path.join(serverDir, 'src/server.ts')],
  outdir,
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  splitting: true,
  sourcemap: true,
});

// A bundled package that finds its files from where it is would look in server/dist instead (and an ES module has
// no `__dirname`): such a package must stay external. tests/integration/server-process.test.ts runs the bundle.
const located = fs
  .readdirSync(outdir, { recursive: true })
  .filter((f) => String(f).endsWith('.mjs'))
  .filter((f) => /\b__(dirname|filename)\b/.test(fs.readFileSync(path.join(outdir, String(f)), 'utf8')));
if (located.length > 0) throw new Error(`bundled code refers to __dirname or __filename (${located.join(', ')}): keep its package external`);
