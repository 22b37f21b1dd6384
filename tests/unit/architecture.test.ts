import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The layer rules live in eslint.config.js; these cases show that lint fails on a forbidden import, so a
// rule that stops matching (a typo in a regex, a block that overrides another) fails here and not in review.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: repoRoot });
});

/** Lints `code` as if it stood at `file` (relative to the repository root); returns its problems. */
async function lint(file: string, code: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, file) });
  return result!.messages;
}

const importRule = '@typescript-eslint/no-restricted-imports';

describe('lint enforces the architecture', () => {
  it.each([
    ['server/src/domain/x.ts', `import { findTicket } from '../db/tickets.repository';`, /domain\/ is pure/],
    ['server/src/domain/x.ts', `import { ticketsService } from '../services/tickets.service';`, /domain\/ is pure/],
    ['server/src/domain/x.ts', `import type { FastifyInstance } from 'fastify';`, /no I\/O libraries/],
    ['server/src/domain/rules/x.ts', `import { broadcast } from '../../realtime/broadcaster';`, /domain\/ is pure/],
    ['server/src/realtime/x.ts', `import type { DatabaseHandle } from '../db/database';`, /Realtime files do not import server\/src\/db\//],
    ['server/src/realtime/x.ts', `import { findTicketByPublicId } from '../db/tickets.repository';`, /Realtime files/],
    ['server/src/routes/x.ts', `import { findTicket } from '../db/tickets.repository';`, /Routes do not import/],
    ['server/src/services/x.ts', `import { sql } from 'kysely';`, /only Kysely types/],
    ['server/src/plugins/x.ts', `import { Kysely } from 'kysely';`, /only Kysely types/],
    ['kiosk-ui/src/x.ts', `import { buildApp } from '../../server/src/app';`, /only @navbat\/shared/],
    ['counter-ui/src/lib/x.ts', `import { ticketSchema } from '../../../shared/src/tickets.schema';`, /only @navbat\/shared/],
    ['display-ui/src/x.tsx', `import { buildApp } from '@navbat/server';`, /only @navbat\/shared/],
    ['display-ui/src/x.tsx', `import { ticketSchema } from '@navbat/shared/src/tickets.schema';`, /not a file inside the package/],
    ['shared/src/x.ts', `import { buildApp } from '../../server/src/app';`, /shared\/ is below every app/],
    ['migrations/src/x.ts', `import { buildApp } from '@navbat/server';`, /migrations\/ are frozen/],
    ['migrations/src/x.ts', `import { ticketSchema } from '@navbat/shared';`, /migrations\/ are frozen/],
  ])('%s: `%s` is refused', async (file, code, message) => {
    // Only the import rule counts here: the lone import is unused, which another rule reports.
    const problems = (await lint(file, code)).filter((m) => m.ruleId === importRule);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(message);
  });

  it('refuses Date.now in the domain and query code outside db/', async () => {
    expect((await lint('server/src/domain/x.ts', 'export const t = Date.now();')).map((m) => m.ruleId)).toEqual(['no-restricted-properties']);
    const query = `import type { Executor } from '../db/database';\nexport const q = (db: Executor) => db.selectFrom('tickets').selectAll().execute();`;
    const problems = await lint('server/src/services/x.ts', query);
    expect(problems.map((m) => m.ruleId)).toEqual(['no-restricted-syntax']);
    expect(problems[0]!.message).toMatch(/Queries live in server\/src\/db\//);
    expect(await lint('server/src/db/x.repository.ts', query)).toEqual([]);
  });

  it.each([
    ['server/src/domain/x.ts', `import { allow } from './decision';\nimport type { Ticket } from '@navbat/shared';\nexport const f = (t: Ticket) => allow({ t });`],
    ['server/src/services/x.ts', `import type { Transaction } from 'kysely';\nimport { findTicket } from '../db/tickets.repository';\nexport const f = (trx: Transaction<object>) => findTicket(trx as never, 1);`],
    ['server/src/routes/x.ts', `import type { DatabaseHandle } from '../db/database';\nexport type D = DatabaseHandle;`],
    ['kiosk-ui/src/kiosk/screens/x.tsx', `import { localize } from '../../i18n';\nimport { ticketSchema } from '@navbat/shared';\nimport { createHttpClient } from '@navbat/shared/client';\nexport const f = [localize, ticketSchema, createHttpClient];`],
    ['shared/src/client/x.ts', `import type { ApiError } from '../errors';\nexport type E = ApiError;`],
    ['migrations/src/x.ts', `import { sql, type Kysely } from 'kysely';\nexport const up = (db: Kysely<any>) => sql\`select 1\`.execute(db);`],
  ])('%s: allowed imports pass (%#)', async (file, code) => {
    expect(await lint(file, code)).toEqual([]);
  });
});
