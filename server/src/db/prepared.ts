import { CompiledQuery, SqliteAdapter, type Compilable, type QueryResult } from 'kysely';
import type { Executor } from './database';

// Building and compiling a Kysely query costs more CPU than SQLite takes to run a small one. The hot
// commands' queries are built once per database (their SQL is dialect-specific) with a marker in place of
// every argument, and then run as that SQL with the arguments put where their markers were. The same
// builder code serves SQLite and PostgreSQL; only the compiling is skipped.

const markerPrefix = '\u0000navbat-arg:';

/** At most this many shapes are kept per query and database (a list argument makes one shape per length). */
const maxShapes = 256;

/** Where each parameter of a compiled query comes from: an argument (by name), or a constant of the query. */
type Slot = { arg: string } | { value: unknown };

interface Template {
  sql: string;
  slots: Slot[];
}

/**
 * A query compiled once per database and per shape, run with new arguments each time. `build` receives
 * markers, not values: it may place them anywhere a value goes, but must not look at them (a decision on
 * a value is a different shape: name it with `shapeOf`, which `build` is also given).
 */
export function prepared<P extends object, R>(
  build: (ex: Executor, args: P, shape: string) => Compilable<R>,
  shapeOf: (args: P) => string = () => '',
  /**
   * SQLite only: the index a table alias must be read through (`from "tickets" as "alias"` becomes `… indexed
   * by "index"`). For partial indexes SQLite's planner passes over without statistics (a fresh day's file has
   * none); a statement whose index cannot be used fails loudly instead of running slowly.
   */
  sqliteIndexes: Readonly<Record<string, string>> | ((shape: string) => Readonly<Record<string, string>>) = {},
): (ex: Executor, args: P) => Promise<QueryResult<R>> {
  // Keyed by the database's adapter, which every transaction of that database shares.
  const templates = new WeakMap<object, Map<string, Template>>();
  return async (ex, args) => {
    const adapter = ex.getExecutor().adapter;
    let byShape = templates.get(adapter);
    if (!byShape) templates.set(adapter, (byShape = new Map()));
    const shape = shapeOf(args);
    let template = byShape.get(shape);
    if (!template) {
      // Arguments left undefined stay undefined (an insert leaves such a column out): the shape must say so.
      const markers = Object.fromEntries(Object.entries(args).map(([k, v]) => [k, v === undefined ? undefined : markerPrefix + k])) as P;
      const compiled = build(ex, markers, shape).compile();
      const text = adapter instanceof SqliteAdapter ? withIndexes(compiled.sql, typeof sqliteIndexes === 'function' ? sqliteIndexes(shape) : sqliteIndexes) : compiled.sql;
      const slots = compiled.parameters.map((v): Slot => (typeof v === 'string' && v.startsWith(markerPrefix) ? { arg: v.slice(markerPrefix.length) } : { value: v }));
      if (byShape.size >= maxShapes) byShape.clear();
      byShape.set(shape, (template = { sql: text, slots }));
    }
    const values = args as Record<string, unknown>;
    const parameters = template.slots.map((s) => ('arg' in s ? values[s.arg] : s.value));
    return ex.executeQuery<R>(CompiledQuery.raw(template.sql, parameters));
  };
}

function withIndexes(text: string, indexes: Readonly<Record<string, string>>): string {
  for (const [alias, index] of Object.entries(indexes)) {
    const from = new RegExp(`(from "\\w+" as "${alias}")(?= |\\)|$)`, 'g');
    if (!from.test(text)) throw new Error(`prepared query: no table aliased "${alias}" for its index hint`);
    text = text.replace(from, `$1 indexed by "${index}"`);
  }
  return text;
}

/** The shape of a row written as it is (an insert's values, an update's columns): its defined columns. */
export function columnsOf(row: object): string {
  let shape = '';
  for (const [k, v] of Object.entries(row)) if (v !== undefined) shape += k + ',';
  return shape;
}

/**
 * A list argument (`in (…)`) as one argument per item, `name0`, `name1`…: a query takes one shape per
 * length of the list. `markersOf` gives the built query the items' markers back.
 */
export function listArgs(name: string, values: readonly unknown[]): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  values.forEach((v, i) => (args[name + i] = v));
  return args;
}

/** The markers of a list argument given with `listArgs` (`length` is the query's shape). */
export function markersOf<T>(args: object, name: string, length: number): T[] {
  const all = args as Record<string, T>;
  return Array.from({ length }, (_, i) => all[name + i]!);
}
