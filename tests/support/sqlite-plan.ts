import type SQLite from 'better-sqlite3';

/**
 * SQLite's plan for a statement, one line per step (`explain query plan`), as the text a test matches against.
 * Without parameters, each `?` is bound to null: the plan is chosen from the statement's text, not its values.
 */
export function planOf(sqlite: SQLite.Database, text: string, parameters?: readonly unknown[]): string {
  const values = parameters ?? Array.from({ length: (text.match(/\?/g) ?? []).length }, () => null);
  return (sqlite.prepare(`explain query plan ${text}`).all(...values) as { detail: string }[]).map((r) => r.detail).join('\n');
}
