import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { deployedLaunch } from '../support/deployed';

// docs/deploy.md's systemd unit runs the server as `npm run start:prod` does: the same environment and Node options
// (heap sizes, pretenuring), which the benchmarks and the built-server tests measure (tests/support/deployed.ts).
// A hall deployed from the docs must get what was measured.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const deployDoc = fs.readFileSync(path.join(repoRoot, 'docs/deploy.md'), 'utf8');

describe("docs/deploy.md's systemd unit", () => {
  it('runs the server with start:prod\'s Node options', () => {
    const execStarts = deployDoc.split('\n').filter((line) => line.startsWith('ExecStart='));
    expect(execStarts).toHaveLength(1);
    const words = execStarts[0]!.slice('ExecStart='.length).split(/\s+/).filter(Boolean);
    expect(words[0]).toMatch(/\/node$/);
    expect(words.at(-1)).toBe('server/dist/server.mjs');
    const options = words.slice(1, -1).filter((w) => w !== '--enable-source-maps');
    expect(options).toEqual(deployedLaunch().nodeArgs);
  });

  it("sets start:prod's environment", () => {
    const environment = Object.fromEntries(
      deployDoc
        .split('\n')
        .filter((line) => line.startsWith('Environment='))
        .map((line) => {
          const [name, ...value] = line.slice('Environment='.length).split('=');
          return [name!, value.join('=')];
        }),
    );
    expect(environment).toEqual(deployedLaunch().env);
  });
});
