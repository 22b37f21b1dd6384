import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

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
    // The domain is pure: time comes in as `now`, and no I/O libraries are imported.
    files: ['server/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['fastify*', 'socket.io*', 'kysely*', 'better-sqlite3', 'pg', 'node:*'] }],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'take `now` as an argument' }],
    },
  },
);
