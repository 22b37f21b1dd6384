import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// docs/API.md is the repository's copy of the public contract, whose master is ../shared/API.md beside the
// clone (always there in CI). A reader of the repository alone must find the same contract.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const master = path.resolve(repoRoot, '../shared/API.md');
const copy = path.join(repoRoot, 'docs/API.md');

describe('the public contract in the repository', () => {
  it.skipIf(!fs.existsSync(master))('docs/API.md is identical to ../shared/API.md (copy it again when this fails)', () => {
    expect(fs.readFileSync(copy, 'utf8')).toBe(fs.readFileSync(master, 'utf8'));
  });

  it('docs/API.md is the contract', () => {
    expect(fs.readFileSync(copy, 'utf8')).toMatch(/^# Navbat public contract, v\d+/);
  });
});
