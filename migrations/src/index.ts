import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './2026-11-24T0900-initial';

/** All migrations, in order; names are timestamps so they sort the way they were written. */
export const migrations: Record<string, Migration> = {
  '2026-11-24T0900-initial': initial,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
