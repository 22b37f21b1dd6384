import type SQLite from 'better-sqlite3';

/**
 * SQLite's plan for a statement, one line per step (`explain query plan`), as the text a test matches against.
 * Without parameters, each `?` is bound to null: the plan is chosen from the statement's text, not its values.
 */
export function planOf(sqlite: SQLite.Database, text: string, parameters?: readonly unknown[]): string {
  const values = parameters ?? Array.from({ length: (text.match(/\?/g) ?? []).length }, () => null);
  return (sqlite.prepare(`explain query plan ${text}`).all(...values) as { detail: string }[]).map((r) => r.detail).join('\n');
}

/**
 * Watches what `sqlite` prepares from now on until `restore()`: each text is added to `texts` in order, and `wrap`, when
 * given, sees each statement before it is returned (to record its runs). Navbat's statements layer prepares a text with
 * a plan column's value bound as it is, then the text with the value written in (`sqlite-statements.ts`): the last
 * text prepared is the one that runs.
 */
export function watchPrepared(sqlite: SQLite.Database, wrap?: (statement: SQLite.Statement, text: string) => void): { texts: string[]; restore(): void } {
  const prepare = sqlite.prepare;
  const texts: string[] = [];
  sqlite.prepare = ((text: string) => {
    texts.push(text);
    const statement = prepare.call(sqlite, text);
    wrap?.(statement, text);
    return statement;
  }) as typeof sqlite.prepare;
  return {
    texts,
    restore: () => {
      sqlite.prepare = prepare;
    },
  };
}
