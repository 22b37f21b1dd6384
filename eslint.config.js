import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// The architecture's import rules (README, docs: STYLE habits 2, 6, 14). Each folder gets ONE list of
// restricted imports, because a later flat-config block replaces a rule's options rather than adding to
// them. Regexes match the import string, so relative ('../db/x'), absolute and package paths are all caught.

/** A regex for an import path that passes through one of the named folders or files. */
const through = (...names) => `(^|/)(${names.join('|')})(/|$)`;

const noKyselyValues = {
  regex: '^kysely(/.*)?$',
  allowTypeImports: true,
  message: 'Kysely query code lives in server/src/db/ (repositories); outside it import only Kysely types (`import type`).',
};
const noDb = (who) => ({
  regex: through('db'),
  message: `${who} do not import server/src/db/: they reach the data through the services.`,
});
const domainPatterns = [
  {
    group: ['fastify*', 'socket.io*', 'kysely*', 'better-sqlite3', 'pg', 'node:*'],
    message: 'server/src/domain/ is pure: no I/O libraries; the services hand it values.',
  },
  {
    regex: `${through('db', 'routes', 'realtime', 'services', 'plugins', 'seed', 'app', 'server', 'config')}|^@navbat/server`,
    message: 'server/src/domain/ is pure: it imports nothing of db, routes, realtime, services, plugins or the app.',
  },
];
const appCode = ['server', 'kiosk-ui', 'counter-ui', 'display-ui', 'tests'];
const sharedPatterns = [
  {
    regex: `^[./].*${through(...appCode, 'migrations')}|^@navbat/(server|migrations)(/|$)`,
    message: 'shared/ is below every app: it imports no server, app, migration or test code.',
  },
];
const migrationPatterns = [
  {
    regex: `^[./].*${through(...appCode, 'shared')}|^@navbat/(server|shared)(/|$)`,
    message: 'migrations/ are frozen in time: they import no server, shared, app or test code (use Kysely<any>).',
  },
];
const uiPatterns = [
  {
    regex: `^\\.\\.?/.*${through('server', 'shared', 'migrations', 'tests', 'kiosk-ui', 'counter-ui', 'display-ui')}|^/|^@navbat/(server|migrations)(/|$)`,
    message: 'The apps import only @navbat/shared and @navbat/shared/client of the project, never a path out of the app.',
  },
  {
    regex: '^@navbat/shared/(?!client$)',
    message: 'Import @navbat/shared or @navbat/shared/client, not a file inside the package.',
  },
];
const restrict = (patterns) => ({ '@typescript-eslint/no-restricted-imports': ['error', { patterns }] });

// Query builders start with these calls; outside server/src/db/ they mean a query in the wrong layer.
const kyselyQueryStarts = ['selectFrom', 'selectNoFrom', 'insertInto', 'replaceInto', 'updateTable', 'deleteFrom', 'mergeInto'];
const noQueryCode = {
  'no-restricted-syntax': [
    'error',
    {
      selector: `MemberExpression[property.name=/^(${kyselyQueryStarts.join('|')})$/]`,
      message: 'Queries live in server/src/db/ (repositories taking db | trx first); call a repository function.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'tests/e2e/output/**', 'data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['kiosk-ui/**/*.{ts,tsx}', 'counter-ui/**/*.{ts,tsx}', 'display-ui/**/*.{ts,tsx}', 'shared/src/client/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    // Every layer of the server but db/ and the domain: no query code.
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/db/**', 'server/src/domain/**'],
    rules: { ...restrict([noKyselyValues]), ...noQueryCode },
  },
  {
    // Routes call services. A type-only import stays allowed: ops.routes names the database handle whose ping
    // answers /readyz, and a type runs no query.
    files: ['server/src/routes/**/*.ts'],
    rules: restrict([noKyselyValues, { ...noDb('Routes'), allowTypeImports: true }]),
  },
  {
    // Realtime has one way in: the services' events and calls. Not even db/ types.
    files: ['server/src/realtime/**/*.ts'],
    rules: restrict([noKyselyValues, noDb('Realtime files')]),
  },
  {
    // The domain is pure: time comes in as `now`, and no I/O libraries or other layers are imported.
    files: ['server/src/domain/**/*.ts'],
    rules: {
      ...restrict(domainPatterns),
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'take `now` as an argument' }],
    },
  },
  { files: ['shared/**/*.ts'], rules: restrict(sharedPatterns) },
  { files: ['migrations/**/*.ts'], rules: restrict(migrationPatterns) },
  { files: ['kiosk-ui/src/**/*.{ts,tsx}', 'counter-ui/src/**/*.{ts,tsx}', 'display-ui/src/**/*.{ts,tsx}'], rules: restrict(uiPatterns) },
);
