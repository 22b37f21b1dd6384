// Bundles the server (and the workspace packages it imports) into one ES module, so production starts
// with plain `node` instead of compiling TypeScript at every start. npm packages stay external.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

await build({
  entryPoints: [path.join(serverDir, 'src/server.ts')],
  outfile: path.join(serverDir, 'dist/server.mjs'),
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
        b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@navbat/') ? undefined : { path: args.path, external: true }));
      },
    },
  ],
});
