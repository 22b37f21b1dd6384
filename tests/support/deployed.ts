import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The bundle `npm start` runs (`npm run build -w server` makes it). */
export const builtServer = 'server/dist/server.mjs';

/**
 * How `npm start` runs the server (package.json `start:prod`, the same as docs/deploy.md's systemd unit): its
 * environment (glibc's malloc arenas) and Node's heap options, so a test or a figure runs the deployed process.
 */
export function deployedLaunch(): { env: Record<string, string>; nodeArgs: string[] } {
  const script = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['start:prod'] ?? '';
  const words = script.split(/\s+/).filter(Boolean);
  const node = words.indexOf('node');
  const env = Object.fromEntries(words.slice(0, node).map((w) => w.split('=', 2) as [string, string]));
  const nodeArgs = words.slice(node + 1).filter((w) => w.startsWith('--') && w !== '--enable-source-maps');
  return { env, nodeArgs };
}
