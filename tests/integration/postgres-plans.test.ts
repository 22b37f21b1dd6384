import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../server/src/db/database';
import { migrateToLatest } from '../../server/src/db/migrate';
import { listDueMessages } from '../../server/src/db/messages.repository';
import { takeUnfannedOutboxEvents } from '../../server/src/db/outbox.repository';
import { takeDueDeliveries } from '../../server/src/db/webhooks.repository';
import { createPgDatabase, postgresAvailable, type TestPgDatabase } from '../support/pg';

// The background jobs' takes on PostgreSQL: each reads the few rows still to do of a table that grows all day
// (every event, delivery and message ever written), through a partial index of those rows. Every statement is
// prepared under a name (`database.ts`), and after a few runs PostgreSQL may plan it once for any value of its
// parameters (a generic plan): a condition bound as a parameter (`status = $1`) cannot use a partial index on
// `status = 'pending'`, and the take walks the whole table (docs/PERFORMANCE.md, thirty-first session). Each take's
// generic plan must use its partial index.

const ready = await postgresAvailable();

/**
 * The statements `pg` sends while `run` runs (text and values). The patch is on `pg.Client`'s prototype before any
 * connection is made: `database.ts` binds each connection's `query` when it connects.
 */
let capture: { text: string; values: unknown[] }[] | null = null;
function captureStatements(): () => void {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const query = proto.query;
  proto.query = function (this: pg.Client, ...args: unknown[]) {
    const [config, values] = args as [string | { text: string; values?: unknown[] }, unknown];
    const listed = Array.isArray(values) ? values : [];
    capture?.push(typeof config === 'string' ? { text: config, values: listed } : { text: config.text, values: config.values ?? listed });
    return query.apply(this, args);
  };
  return () => {
    proto.query = query;
  };
}

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
    // A day's worth done, and a few still to do.
    await client.query(`insert into outbox_events (type, data, occurred_at, fanned_out) select 'ticket.issued', '{}', '2026-12-05T08:00:00.000Z', case when i <= 3 then 0 else 1 end from generate_series(1, 5000) as i`);
    await client.query(`insert into webhooks (url, events, secret, created_at) values ('https://example.org/hook', '["*"]', 's', '2026-12-05T08:00:00.000Z')`);
    await client.query(`insert into webhook_deliveries (id, webhook_id, event_id, type, status, next_attempt_at, created_at)
      select 'd' || i, 1, i, 'ticket.issued', case when i <= 3 then 'pending' else 'delivered' end, '2026-12-05T08:00:00.000Z', '2026-12-05T08:00:00.000Z' from generate_series(1, 5000) as i`);
    await client.query(`insert into message_log (id, subject, subject_id, kind, center_id, language, params, status, send_after, created_at)
      select 'm' || i, 'ticket', i, 'near', 'isb-g9', 'en', '{}', case when i <= 3 then 'pending' else 'sent' end, '2026-12-05T08:00:00.000Z', '2026-12-05T08:00:00.000Z' from generate_series(1, 5000) as i`);
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

  it("the outbox's take reads the events not fanned out from outbox_events_pending_idx", async () => {
    expect(await genericPlan('outbox_events', () => takeUnfannedOutboxEvents(handle.db, 100))).toContain('outbox_events_pending_idx');
  });

  it("the webhooks' take reads the pending deliveries from webhook_deliveries_due_idx", async () => {
    expect(await genericPlan('webhook_deliveries', () => takeDueDeliveries(handle.db, '2026-12-05T09:00:00.000Z', 50, true))).toContain('webhook_deliveries_due_idx');
  });

  it("the messages' take reads the pending messages from message_log_due_idx", async () => {
    expect(await genericPlan('message_log', () => listDueMessages(handle.db, '2026-12-05T09:00:00.000Z', 50))).toContain('message_log_due_idx');
  });
});
