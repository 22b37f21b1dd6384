import type SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../server/src/db/database';
import { migrateToLatest } from '../../server/src/db/migrate';
import { listDueMessages } from '../../server/src/db/messages.repository';
import { takeUnfannedOutboxEvents } from '../../server/src/db/outbox.repository';
import { takeDueDeliveries } from '../../server/src/db/webhooks.repository';
import { planColumns } from '../../server/src/db/plan-values';
import { createPgDatabase, observePgQueries, postgresAvailable, type TestPgDatabase } from '../support/pg';
import { planOf, watchPrepared } from '../support/sqlite-plan';

// The background jobs' takes: each reads the few rows still to do of a table that grows all day (every event,
// delivery and message ever written), through a partial index of those rows. A condition bound as a parameter
// (`status = $1`) cannot use a partial index on `status = 'pending'`: PostgreSQL's generic plan (every statement is
// prepared under a name, `database.ts`; after a few runs PostgreSQL may plan it once for any value of its
// parameters) then walks the table whole (docs/PERFORMANCE.md, thirty-first session). Both engines' statement layers
// write such values into the text they run (`plan-values.ts`). Each take's plan, as it runs, must use its partial
// index on both engines, and so must a query that binds the value.

/** Each table filled with a day's worth done and a few still to do. */
const fill = [
  `insert into outbox_events (type, data, occurred_at, fanned_out) select 'ticket.issued', '{}', '2026-12-05T08:00:00.000Z', case when i <= 3 then 0 else 1 end from generate_series(1, 5000) as i`,
  `insert into webhooks (url, events, secret, created_at) values ('https://example.org/hook', '["*"]', 's', '2026-12-05T08:00:00.000Z')`,
  `insert into webhook_deliveries (id, webhook_id, event_id, type, status, next_attempt_at, created_at)
    select 'd' || i, 1, i, 'ticket.issued', case when i <= 3 then 'pending' else 'delivered' end, '2026-12-05T08:00:00.000Z', '2026-12-05T08:00:00.000Z' from generate_series(1, 5000) as i`,
  `insert into message_log (id, subject, subject_id, kind, center_id, language, params, status, send_after, created_at)
    select 'm' || i, 'ticket', i, 'near', 'isb-g9', 'en', '{}', case when i <= 3 then 'pending' else 'sent' end, '2026-12-05T08:00:00.000Z', '2026-12-05T08:00:00.000Z' from generate_series(1, 5000) as i`,
];

/**
 * The takes, each with the table it reads and how it must read it on each engine (on SQLite the outbox's take walks
 * the primary key from its cursor, migration 2026-12-05T1200-outbox-cursor; PostgreSQL locks what it takes).
 */
const takes: { what: string; table: string; sqlite: string; postgres: string; run: (db: DatabaseHandle['db'], lock: boolean) => Promise<unknown> }[] = [
  { what: "the outbox's take", table: 'outbox_events', sqlite: 'INTEGER PRIMARY KEY (rowid>?)', postgres: 'outbox_events_pending_idx', run: (db) => takeUnfannedOutboxEvents(db, 100) },
  { what: "the webhooks' take", table: 'webhook_deliveries', sqlite: 'webhook_deliveries_due_idx', postgres: 'webhook_deliveries_due_idx', run: (db, lock) => takeDueDeliveries(db, '2026-12-05T09:00:00.000Z', 50, lock) },
  { what: "the messages' take", table: 'message_log', sqlite: 'message_log_due_idx', postgres: 'message_log_due_idx', run: (db) => listDueMessages(db, '2026-12-05T09:00:00.000Z', 50) },
];

describe('the background takes on SQLite', () => {
  let handle: DatabaseHandle;
  let sqlite: SQLite.Database;
  beforeAll(async () => {
    handle = openDatabase({ url: ':memory:' });
    sqlite = handle.sqlite!;
    await migrateToLatest(handle.db);
    // SQLite has no generate_series here: the same rows from a recursive count.
    for (const statement of fill) {
      sqlite.exec(statement.replace(/ from generate_series\(1, 5000\) as i/, ' from (with recursive n(i) as (select 1 union all select i + 1 from n where i < 5000) select i from n)'));
    }
    sqlite.exec('analyze');
  });
  afterAll(() => handle?.close());

  /** The statements SQLite prepares while `run` runs (the kept statements are prepared at their first run). */
  const preparedDuring = async (run: () => Promise<unknown>) => {
    const watch = watchPrepared(sqlite);
    try {
      await run();
    } finally {
      watch.restore();
    }
    return watch.texts;
  };

  for (const { what, table, sqlite: plan, run } of takes) {
    it(`${what} reads ${table} by ${plan}`, async () => {
      const text = (await preparedDuring(() => run(handle.db, false))).findLast((t) => t.includes(`from "${table}"`));
      expect(text, `a statement reading ${table}`).toBeDefined();
      expect(planOf(sqlite, text!)).toContain(plan);
    });
  }
});

const ready = await postgresAvailable();

/**
 * The statements `pg` sends while `run` runs (text and values). The patch is on `pg.Client`'s prototype before any
 * connection is made: `database.ts` binds each connection's `query` when it connects.
 */
let capture: { text: string; values: unknown[] }[] | null = null;
const captureStatements = () =>
  observePgQueries((_, args) => {
    const [config, values] = args as [string | { text: string; values?: unknown[] }, unknown];
    const listed = Array.isArray(values) ? values : [];
    capture?.push(typeof config === 'string' ? { text: config, values: listed } : { text: config.text, values: config.values ?? listed });
  });

async function statementsOf(run: () => Promise<unknown>): Promise<{ text: string; values: unknown[] }[]> {
  capture = [];
  try {
    await run();
    return capture;
  } finally {
    capture = null;
  }
}

describe.runIf(ready)('the background takes on PostgreSQL', () => {
  let database: TestPgDatabase;
  let handle: DatabaseHandle;
  let client: pg.Client;
  let uncapture: (() => void) | undefined;
  beforeAll(async () => {
    uncapture = captureStatements();
    database = await createPgDatabase('plans');
    handle = openDatabase({ url: database.url });
    await migrateToLatest(handle.db);
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    for (const statement of fill) await client.query(statement);
    await client.query('analyze');
  });
  afterAll(async () => {
    await client?.end();
    await handle?.close();
    await database?.drop();
    uncapture?.();
  });

  /** The generic plan (one for any parameter values) of the statement `run` sends to `table`. */
  const genericPlan = async (table: string, run: () => Promise<unknown>) => {
    const statement = (await statementsOf(run)).find((s) => s.text.includes(`from "${table}"`));
    expect(statement, `a statement reading ${table}`).toBeDefined();
    const name = `plan_${table}`;
    await client.query(`prepare ${name} as ${statement!.text}`);
    try {
      await client.query('set plan_cache_mode = force_generic_plan');
      const literals = statement!.values.map((v) => (typeof v === 'number' ? String(v) : client.escapeLiteral(String(v))));
      const plan = await client.query<{ 'QUERY PLAN': string }>(`explain execute ${name}${literals.length > 0 ? `(${literals.join(', ')})` : ''}`);
      return plan.rows.map((r) => r['QUERY PLAN']).join('\n');
    } finally {
      await client.query(`deallocate ${name}`);
      await client.query('reset plan_cache_mode');
    }
  };

  for (const { what, table, postgres: plan, run } of takes) {
    it(`${what}'s generic plan reads ${table} by ${plan}`, async () => {
      expect(await genericPlan(table, () => run(handle.db, true))).toContain(plan);
    });
  }

  // Queries written with the value bound, as any new query may be: `database.ts` writes it in (`plan-values.ts`).
  const bound = [
    {
      table: 'outbox_events',
      plan: 'outbox_events_pending_idx',
      written: `"fanned_out" = '0'`,
      run: () => handle.db.selectFrom('outbox_events').select('id').where('fanned_out', '=', 0).orderBy('id').limit(100).execute(),
    },
    {
      table: 'message_log',
      plan: 'message_log_due_idx',
      written: `"status" = 'pending'`,
      run: () => handle.db.selectFrom('message_log').select('id').where('send_after', '<=', '2026-12-05T09:00:00.000Z').where('status', '=', 'pending').orderBy('send_after').limit(50).execute(),
    },
  ];
  for (const { table, plan, written, run } of bound) {
    it(`a query binding the value of ${table}'s partial index runs with it written in, and its generic plan reads ${plan}`, async () => {
      const [statement] = (await statementsOf(run)).filter((s) => s.text.includes(`from "${table}"`));
      expect(statement!.text).toContain(written);
      expect(await genericPlan(table, run)).toContain(plan);
      expect((await run()).length).toBe(3);
    });
  }

  it('knows every column a partial index compares with a value', async () => {
    const { rows } = await client.query<{ indexdef: string }>(`select indexdef from pg_indexes where schemaname = current_schema() and indexdef like '% WHERE %'`);
    expect(rows.length).toBeGreaterThan(5);
    const compared = new Set(rows.flatMap((r) => [...r.indexdef.slice(r.indexdef.lastIndexOf(' WHERE ')).matchAll(/(\w+)\)?(?:::[a-z ]+?)?\s*(?:=|<>|!=)\s*(?:ANY\s*\(+ARRAY\[)?['\d]/gi)].map((m) => m[1]!)));
    expect([...compared].sort()).toEqual([...compared].filter((c) => (planColumns as readonly string[]).includes(c)).sort());
    expect([...compared].sort()).toEqual(['arrived', 'fanned_out', 'priority', 'push_subscribed', 'status', 'transfer_placement']);
  });
});
