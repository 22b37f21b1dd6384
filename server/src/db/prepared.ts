import { CompiledQuery, RawNode, SqliteAdapter, createQueryId, type Compilable, type QueryResult } from 'kysely';
import type { Executor } from './database';
import { PipelinedConnection } from './pg-pipeline';
import { runIfNow } from './sqlite-statements';

// Building and compiling a Kysely query costs more CPU than SQLite takes to run a small one. The hot
// commands' queries are built once per database (their SQL is dialect-specific) with a marker in place of
// every argument, and then run as that SQL with the arguments put where their markers were. The same
// builder code serves SQLite and PostgreSQL; only the compiling is skipped.

const markerPrefix = '\u0000navbat-arg:';

/** At most this many shapes are kept per query and database (a list argument makes one shape per length). */
const maxShapes = 256;

/** Where each parameter of a compiled query comes from: an argument (by name), or a constant of the query. */
type Slot = { arg: string; value: undefined } | { arg: null; value: unknown };

interface Template {
  sql: string;
  slots: Slot[];
  /** The statement as Kysely's node, made once: `CompiledQuery.raw` would make and freeze one at every run. */
  query: RawNode;
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
): PreparedQuery<P, R> {
  // Keyed by the database's adapter, which every transaction of that database shares.
  const templates = new WeakMap<object, Map<string, Template>>();
  const compileFor = (ex: Executor, args: P): CompiledQuery<R> => {
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
      // Into array literals, not by `map`: a statement without parameters made an empty array of small integers where
      // the others' were arrays of objects, and the code reading slots was deoptimised (docs/PERFORMANCE.md, forty-first
      // session). A literal that is pushed to makes every array of its site, empty or not, of the kind pushed.
      const slots: Slot[] = [];
      for (const v of compiled.parameters) slots.push(typeof v === 'string' && v.startsWith(markerPrefix) ? { arg: v.slice(markerPrefix.length), value: undefined } : { arg: null, value: v });
      if (byShape.size >= maxShapes) byShape.clear();
      byShape.set(shape, (template = { sql: text, slots, query: RawNode.createWithSql(text) }));
    }
    const values = args as Record<string, unknown>;
    // Into a literal too: one kind of elements, whatever the statement.
    const parameters: unknown[] = [];
    for (const s of template.slots) parameters.push(s.arg === null ? s.value : values[s.arg]);
    return { sql: template.sql, query: template.query, parameters, queryId: createQueryId() } satisfies CompiledQuery<R>;
  };
  return Object.assign(
    async (ex: Executor, args: P) => {
      const compiled = compileFor(ex, args);
      return (runIfNow(ex, compiled) as QueryResult<R> | null) ?? ex.executeQuery<R>(compiled);
    },
    { compileFor },
  );
}

/** The embedded engine: statements run in this process, so there is no round trip to save. */
export const onSqlite = (ex: Executor): boolean => ex.getExecutor().adapter instanceof SqliteAdapter;

/** A statement sent, whose answer the command reads when it needs it. */
export interface Sent<R> {
  /** Its answer; asking for it sends the statement now if it is still waiting for company. */
  result(): Promise<QueryResult<R>>;
}

/**
 * Runs a statement whose answer the command need not wait for (an audit event, an outbox row, a counter's
 * status). Inside a PostgreSQL transaction it is queued and goes out with the next statement the command waits
 * for, at the latest with `commit` (`pg-pipeline.ts`): no round trip of its own. Its failure fails that
 * statement, so the command rolls back as if it had waited. Elsewhere (SQLite, or no transaction) it runs now.
 */
export function sendLater<P, R>(ex: Executor, query: PreparedQuery<P, R>, args: P): Promise<Sent<R>> {
  return sendCompiledLater(ex, query.compileFor(ex, args));
}

/** `sendLater` for a query compiled by the caller. */
export async function sendCompiledLater<R>(ex: Executor, compiled: CompiledQuery<R>): Promise<Sent<R>> {
  // On SQLite it runs in this call (`runIfNow`); in a PostgreSQL transaction it is queued; elsewhere it runs now.
  const now = runIfNow(ex, compiled) as QueryResult<R> | null;
  const wrapped = now ? null : await queueInPipeline(ex, compiled);
  if (wrapped) {
    const { queued } = wrapped;
    let settled = false;
    void queued.then(
      () => (settled = true),
      () => (settled = true),
    );
    return {
      result: async () => {
        if (!settled) await ex.getExecutor().provideConnection((conn) => (conn as PipelinedConnection).flush());
        return queued as Promise<QueryResult<R>>;
      },
    };
  }
  const result = now ?? (await ex.executeQuery(compiled));
  return { result: () => Promise.resolve(result) };
}

/**
 * Queues a statement on the transaction's pipelined PostgreSQL connection (`PipelinedConnection.later`); null
 * where there is none (SQLite, or outside a transaction): the caller runs it now. Its failure, read or not, is
 * reported by the statement it goes out with.
 */
async function queueInPipeline(ex: Executor, compiled: CompiledQuery, meaning?: (error: unknown) => unknown): Promise<{ queued: Promise<QueryResult<unknown>> } | null> {
  if (!ex.isTransaction || onSqlite(ex)) return null;
  // Wrapped: a promise answered from an async function is awaited (by Kysely, by the caller), and it settles only when sent.
  const wrapped = await ex.getExecutor().provideConnection(async (conn) => (conn instanceof PipelinedConnection ? { queued: conn.later(compiled, meaning) } : null));
  wrapped?.queued.catch(() => {});
  return wrapped;
}

/**
 * A write that must change exactly one row, else the command fails with `lost()` (the row changed meanwhile: a
 * lost race). Inside a PostgreSQL transaction it is sent later (`sendLater`) as a statement that fails by itself
 * when it changes no row (`with "changed" as (… returning 1) select 1 / count(*) from "changed"`), and that failure
 * is reported as `lost()` by the statement it goes out with, so the command rolls back as if it had waited for the
 * count. Elsewhere it runs now and throws `lost()` at once.
 */
export async function sendOneRowChangeLater(ex: Executor, compiled: CompiledQuery, lost: () => Error): Promise<void> {
  const now = runIfNow(ex, compiled);
  if (!now) {
    const checked = CompiledQuery.raw(`with "changed" as (${compiled.sql} returning 1) select 1 / count(*) as "one" from "changed"`, [...compiled.parameters]);
    const meaning = (error: unknown) => ((error as { code?: unknown }).code === divisionByZero ? lost() : error);
    if (await queueInPipeline(ex, checked, meaning)) return;
  }
  const result = now ?? (await ex.executeQuery(compiled));
  if (Number(result.numAffectedRows ?? 0) !== 1) throw lost();
}

/** PostgreSQL's SQLSTATE for a division by zero: `sendOneRowChangeLater`'s statement when it changed no row. */
const divisionByZero = '22012';

/** A prepared query: run it with its arguments, or compile it to run with others (`readTogether`). */
export type PreparedQuery<P, R> = ((ex: Executor, args: P) => Promise<QueryResult<R>>) & {
  compileFor(ex: Executor, args: P): CompiledQuery<R>;
};

/** A read not yet run: a prepared query, its arguments, and what its rows mean to the caller. */
export interface Read<T> {
  compile(ex: Executor): CompiledQuery<unknown>;
  map(rows: unknown[]): T;
}

/** Describes a read of `query` with `args`, whose rows `map` turns into the caller's value. */
export function read<P, R, T>(query: PreparedQuery<P, R>, args: P, map: (rows: R[]) => T): Read<T> {
  return { compile: (ex) => query.compileFor(ex, args), map: (rows) => map(rows as R[]) };
}

/** Runs one read. */
export async function runRead<T>(ex: Executor, r: Read<T>): Promise<T> {
  const compiled = r.compile(ex);
  return r.map((runIfNow(ex, compiled) ?? (await ex.executeQuery(compiled))).rows as unknown[]);
}

type Values<T extends readonly Read<unknown>[]> = { [K in keyof T]: T[K] extends Read<infer V> ? V : never };

/**
 * Runs independent reads in one round trip on PostgreSQL: one `select` whose columns are each read's rows as
 * a JSON array (numbers, text and nulls come back as they would; our times are text). Each read keeps its own
 * order (the rows of a sorted subquery are aggregated in that order). On SQLite, in the same process, they
 * run one after another: there is no round trip to save.
 */
export async function readTogether<const T extends readonly Read<unknown>[]>(ex: Executor, reads: T): Promise<Values<T>> {
  if (onSqlite(ex) || reads.length <= 1) return runEach(ex, reads);
  const { rows } = await ex.executeQuery(togetherQuery(ex, reads));
  return valuesOf(reads, rows);
}

/**
 * `readTogether` of reads in parts, in one round trip on PostgreSQL: a fixed list, two groups the caller may each
 * leave out (null) and a list of any length. Answers the fixed list's values, then each group's (null when left
 * out) and the list's.
 */
export async function readTogetherInParts<
  const F extends readonly Read<unknown>[],
  const G extends readonly Read<unknown>[],
  const H extends readonly Read<unknown>[],
  L,
>(ex: Executor, fixed: F, group: G | null, second: H | null, rest: readonly Read<L>[]): Promise<[...Values<F>, Values<G> | null, Values<H> | null, L[]]> {
  const all: readonly Read<unknown>[] = [...fixed, ...(group ?? []), ...(second ?? []), ...rest];
  const values = (await readTogether(ex, all)) as unknown[];
  const groupEnd = fixed.length + (group?.length ?? 0);
  const secondEnd = groupEnd + (second?.length ?? 0);
  const parts: unknown[] = [
    ...values.slice(0, fixed.length),
    group ? values.slice(fixed.length, groupEnd) : null,
    second ? values.slice(groupEnd, secondEnd) : null,
    values.slice(secondEnd),
  ];
  return parts as [...Values<F>, Values<G> | null, Values<H> | null, L[]];
}

/**
 * `readTogether` sent with the command's next statement on PostgreSQL (`sendLater`): for reads the command
 * needs only after a statement it waits for anyway. Answers how to read their values then. On SQLite they run now.
 */
export async function readTogetherLater<const T extends readonly Read<unknown>[]>(ex: Executor, reads: T): Promise<() => Promise<Values<T>>> {
  if (onSqlite(ex)) {
    const values = await runEach(ex, reads);
    return () => Promise.resolve(values);
  }
  const { result } = await sendCompiledLater(ex, togetherQuery(ex, reads));
  return async () => valuesOf(reads, (await result()).rows);
}

async function runEach<const T extends readonly Read<unknown>[]>(ex: Executor, reads: T): Promise<Values<T>> {
  const values: unknown[] = [];
  for (const r of reads) values.push(await runRead(ex, r));
  return values as Values<T>;
}

/** PostgreSQL: the reads as one `select` of one row, a JSON array per read (`r0`, `r1`, …). */
function togetherQuery(ex: Executor, reads: readonly Read<unknown>[]): CompiledQuery<Record<string, unknown[]>> {
  const parts: string[] = [];
  const parameters: unknown[] = [];
  reads.forEach((r, i) => {
    const compiled = r.compile(ex);
    const offset = parameters.length;
    // PostgreSQL's placeholders are $1…$n in each query: numbered on after the queries before it.
    const text = offset === 0 ? compiled.sql : compiled.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
    parameters.push(...compiled.parameters);
    parts.push(`(select coalesce(json_agg(q), '[]'::json) from (${text}) as q) as "r${i}"`);
  });
  return CompiledQuery.raw(`select ${parts.join(', ')}`, parameters);
}

function valuesOf<const T extends readonly Read<unknown>[]>(reads: T, rows: readonly Record<string, unknown[]>[]): Values<T> {
  const row = rows[0] ?? {};
  return reads.map((r, i) => r.map(row[`r${i}`] ?? [])) as Values<T>;
}

function withIndexes(text: string, indexes: Readonly<Record<string, string>>): string {
  for (const [alias, index] of Object.entries(indexes)) {
    const from = new RegExp(`(from "\\w+" as "${alias}")(?= |\\)|$)`, 'g');
    if (!from.test(text)) throw new Error(`prepared query: no table aliased "${alias}" for its index hint`);
    text = text.replace(from, `$1 indexed by "${index}"`);
  }
  return text;
}

/**
 * The shape of a row written as it is (an insert's values, an update's columns): its defined columns, as the
 * `shapeOf` of one query. A row with the same columns as one of that query's last few answers that shape without
 * building it again (an issue's ticket row has ~40 columns; building its shape was ~1 % of an issue's CPU).
 */
export function columnsShape(): (row: object) => string {
  const known: { columns: string[]; shape: string }[] = [];
  const sameColumns = (values: Record<string, unknown>, keys: string[], columns: string[]) => {
    let n = 0;
    for (const k of keys) {
      if (values[k] === undefined) continue;
      if (columns[n] !== k) return false;
      n++;
    }
    return n === columns.length;
  };
  return (row) => {
    const values = row as Record<string, unknown>;
    const keys = Object.keys(values);
    for (const k of known) if (sameColumns(values, keys, k.columns)) return k.shape;
    const columns = keys.filter((k) => values[k] !== undefined);
    const shape = columns.map((k) => k + ',').join('');
    if (known.length >= 8) known.pop();
    known.unshift({ columns, shape });
    return shape;
  };
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
