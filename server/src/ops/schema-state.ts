import { migrations } from '@navbat/migrations';

/** What the code knows against what a database has applied. */
export interface SchemaState {
  /** Known to the code, not yet applied: run the migrations (the server does at start). */
  pending: string[];
  /** Applied, unknown to the code: the database was upgraded by a newer Navbat. */
  newer: string[];
}

export const knownMigrations = (): string[] => Object.keys(migrations).sort();

/** Compares applied migration names with the ones this code carries. */
export function schemaState(applied: string[], known = knownMigrations()): SchemaState {
  const appliedSet = new Set(applied);
  const knownSet = new Set(known);
  return { pending: known.filter((m) => !appliedSet.has(m)), newer: applied.filter((m) => !knownSet.has(m)) };
}

/** The message an older instance stops with when a newer one has migrated the shared database. */
export function newerSchemaMessage(newer: string[]): string {
  return (
    `the database has migrations this Navbat version does not know (${newer.join(', ')}): it was upgraded by a newer version. ` +
    'Run that version (or a newer one) on every instance; rolling upgrades with old and new side by side are not supported — stop the old instances first.'
  );
}
