/**
 * Dev tool: runs an in-process bench tool (lifecycle-micro, issue-micro, …) bundled as the server is built
 * (`server/scripts/node-bundle.mjs`), on plain node. Through tsx every closure the server makes also gets its name
 * set (`__name`), so small steps measure differently from the server `npm start` runs; bundled, one process repeats
 * within ~0.5–2 % (docs/PERFORMANCE.md, twenty-seventh session).
 *   node --import tsx tests/bench/bundled.ts [--root <checkout>] <tool.ts> [tool's arguments]
 * `--root` bundles another checkout's tool and server (a `git worktree` of an earlier commit, with `node_modules`
 * linked to this one's): alternate the two to measure a change.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { nodeBundleOptions } from '../../server/scripts/node-bundle.mjs';
import { repoRoot } from './support';

const args = process.argv.slice(2);
let root = repoRoot;
if (args[0] === '--root') {
  root = path.resolve(args[1]!);
  args.splice(0, 2);
}
const [tool, ...toolArgs] = args;
if (!tool) throw new Error('usage: bundled.ts [--root <checkout>] <tool.ts> [arguments]');

// Inside `root`'s node_modules, so that Node resolves the external packages from there (ES modules ignore NODE_PATH).
const outdir = path.join(root, 'node_modules', '.cache', 'navbat-bundled');
fs.mkdirSync(outdir, { recursive: true });
const outfile = path.join(outdir, `${path.basename(tool, '.ts')}-${crypto.hash('sha1', root).slice(0, 8)}.mjs`);
await build({ ...nodeBundleOptions, entryPoints: [path.resolve(root, tool)], outfile, absWorkingDir: root });
const run = spawnSync(process.execPath, [outfile, ...toolArgs], { cwd: root, stdio: 'inherit' });
process.exitCode = run.status ?? 1;
