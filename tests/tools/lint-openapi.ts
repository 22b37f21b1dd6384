// `npm run lint:openapi`: writes the OpenAPI document the app generates to a temporary file and lints it
// with Redocly CLI (recommended rules; see redocly.yaml). Exits with Redocly's status.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateOpenApiDocument } from '../support/openapi-document';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'navbat-openapi-'));
const file = path.join(dir, 'openapi.json');
fs.writeFileSync(file, JSON.stringify(await generateOpenApiDocument(), null, 2));

const redocly = path.join(root, 'node_modules/.bin/redocly');
const result = spawnSync(redocly, ['lint', file, ...process.argv.slice(2), '--config', path.join(root, 'redocly.yaml')], {
  stdio: 'inherit',
  cwd: root,
  // No usage reports or update checks from CI machines.
  env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
});
fs.rmSync(dir, { recursive: true, force: true });
process.exit(result.status ?? 1);
