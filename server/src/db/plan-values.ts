// The values a database plans by, written into a statement's text instead of bound, on both engines.
//
// A partial index says `"status" = 'waiting'`; a statement that binds the status (`"status" = ?` / `$1`) may be
// planned without knowing it, and then cannot use the index. SQLite plans such a statement anew at every run
// (`sqlite-statements.ts`); PostgreSQL, whose statements are prepared under a name per connection (`database.ts`),
// plans one after five runs for any value of its parameters (a generic plan), which walks a whole table where the
// partial index holds a few rows (docs/PERFORMANCE.md, thirty-first session). Such values are few (a status, a flag;
// on SQLite also a page size), so the texts with them written out are few statements, each prepared once.

/** Columns that partial indexes compare with a constant (`tests/integration/sqlite-statements.test.ts` and `take-plans.test.ts` check the list). */
export const planColumns = ['status', 'arrived', 'priority', 'transfer_placement', 'push_subscribed', 'fanned_out'] as const;

export type Engine = 'sqlite' | 'postgres';

const column = `(?:"\\w+"\\.)?"(?:${planColumns.join('|')})"`;
const placeholders: Record<Engine, string> = { sqlite: '\\?', postgres: '\\$\\d+' };

/**
 * A placeholder the engine plans by: a condition on a plan column (not a `set`), an item of its `in` list; on SQLite
 * also a limit (PostgreSQL's generic plan of a limit only guesses its size: writing each page size out would make a
 * statement per size).
 */
const plannedBy: Record<Engine, RegExp> = {
  sqlite: plannedByRegExp('sqlite', '|\\blimit\\s+'),
  postgres: plannedByRegExp('postgres', ''),
};

function plannedByRegExp(engine: Engine, more: string): RegExp {
  const p = placeholders[engine];
  return new RegExp(`(?:(?:\\bwhere|\\band|\\bor|\\bon|\\()\\s*${column}\\s*(?:=|<>|!=)\\s*|${column}\\s+(?:not\\s+)?in\\s*\\((?:${p}\\s*,\\s*)*${more})$`, 'i');
}

/** A statement's text cut at its placeholders, which of them the engine plans by, and the parameter each one reads. */
export interface PlanShape {
  engine: Engine;
  parts: string[];
  planned: boolean[];
  /** By placeholder, the index of its value in the statement's parameters (PostgreSQL's `$n` may come twice). */
  params: number[];
}

/**
 * The statement's text cut at its placeholders, and which of them the engine plans by; null when none is (the
 * statement runs as it is). Quoted names and strings are skipped.
 */
export function planPlaceholders(text: string, engine: Engine = 'sqlite'): PlanShape | null {
  const parts: string[] = [];
  const planned: boolean[] = [];
  const params: number[] = [];
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (engine === 'sqlite' ? ch === '?' : ch === '$' && isDigit(text.charCodeAt(i + 1))) {
      let end = i + 1;
      if (engine === 'postgres') while (isDigit(text.charCodeAt(end))) end++;
      parts.push(text.slice(start, i));
      planned.push(plannedBy[engine].test(text.slice(Math.max(0, i - 200), i)));
      params.push(engine === 'sqlite' ? params.length : Number(text.slice(i + 1, end)) - 1);
      start = end;
      i = end - 1;
    }
  }
  parts.push(text.slice(start));
  return planned.includes(true) ? { engine, parts, planned, params } : null;
}

const isDigit = (code: number) => code >= 48 && code <= 57;

/**
 * A value as SQLite literal text, or null to leave it bound: numbers, and short strings without a NUL (SQLite
 * reads a statement's text up to its first NUL; a status or a flag is short, anything else stays bound).
 */
export function sqliteLiteral(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'string' && value.length <= 64 && !value.includes('\u0000')) return `'${value.replaceAll("'", "''")}'`;
  return null;
}

/**
 * A value as PostgreSQL literal text, or null to leave it bound: numbers and short plain words (a status, a flag),
 * quoted, so that PostgreSQL reads them as the column's type as it reads a bound value (`"arrived" = '1'`).
 */
export function postgresLiteral(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return `'${value}'`;
  if (typeof value === 'bigint') return `'${value}'`;
  if (typeof value === 'string' && /^[\w-]{1,64}$/.test(value)) return `'${value}'`;
  return null;
}

const literalOf: Record<Engine, (value: unknown) => string | null> = { sqlite: sqliteLiteral, postgres: postgresLiteral };

/** One run's planned values as literals, by placeholder (null: the value stays bound). */
const literalsOf = (shape: PlanShape, parameters: readonly unknown[]): (string | null)[] =>
  shape.planned.map((planned, i) => (planned ? literalOf[shape.engine](parameters[shape.params[i]!]) : null));

/**
 * The text with these literals written in. On PostgreSQL the placeholders left are numbered anew, in the order of
 * the values left (`boundValues`).
 */
function writtenText(shape: PlanShape, literals: readonly (string | null)[]): string {
  const numbers = new Map<number, number>();
  const placeholder = (i: number) => {
    if (shape.engine === 'sqlite') return '?';
    let n = numbers.get(shape.params[i]!);
    if (n === undefined) numbers.set(shape.params[i]!, (n = numbers.size + 1));
    return `$${n}`;
  };
  return literals.reduce<string>((text, literal, i) => text + (literal ?? placeholder(i)) + shape.parts[i + 1]!, shape.parts[0]!);
}

/** The values left to bind, in the order of the written text's placeholders. */
function boundValues(shape: PlanShape, parameters: readonly unknown[], literals: readonly (string | null)[]): unknown[] {
  if (shape.engine === 'sqlite') return parameters.filter((_, i) => literals[i] === null);
  const used = new Set<number>();
  for (let i = 0; i < literals.length; i++) if (literals[i] === null) used.add(shape.params[i]!);
  return [...used].map((p) => parameters[p]);
}

/** The statement for one run: the text with its planned values written out, and the values left to bind. */
export function withPlanValues(shape: PlanShape, parameters: readonly unknown[]): { text: string; rest: unknown[] } {
  const literals = literalsOf(shape, parameters);
  return { text: writtenText(shape, literals), rest: boundValues(shape, parameters, literals) };
}

/**
 * What a shape's runs become, kept by their planned values: a run looks up its few literals, not its whole written
 * text (call-next's firsts of 22 lines are 10,000 characters; writing and hashing them took 6 µs a run).
 */
export function byPlanValues<T>(shape: PlanShape, make: (text: string) => T, max: number): (parameters: readonly unknown[]) => { made: T; rest: unknown[] } {
  const byValues = new Map<string, T>();
  return (parameters) => {
    const literals = literalsOf(shape, parameters);
    // Literals hold no NUL, and a string literal is never empty: the key names the values.
    const key = literals.join('\u0000');
    let made = byValues.get(key);
    if (made === undefined) {
      if (byValues.size >= max) byValues.clear();
      made = make(writtenText(shape, literals));
      byValues.set(key, made);
    }
    return { made, rest: boundValues(shape, parameters, literals) };
  };
}
