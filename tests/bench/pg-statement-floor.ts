/**
 * Figure 8's floor on PostgreSQL's side (issue 18, a dev tool, not part of `npm run bench`): PostgreSQL's CPU for the
 * statements one walk-in issue runs, without Navbat. A fresh database is migrated and seeded with the demo centre,
 * then `pgbench` (one client, pipelined, prepared, `synchronous_commit=off` so no run waits on a flush) runs three
 * scripts for a few seconds each: the raw `pg` route's one insert (`pg-baseline.server.ts`), an issue's statements as
 * Navbat sends them (copied from what PostgreSQL logs with `log_statement = 'all'`, the values written in; two made
 * simpler: the first read leaves out the centre's holidays, and the line's count counts the tickets queued after the
 * new one where Navbat reads the line's kept size first), and an empty transaction; the CPU of all PostgreSQL
 * processes over each run (ended backends included) per transaction.
 *   node --import tsx tests/bench/pg-statement-floor.ts [seconds]
 * The issue's statements are copied, not generated: when issuing changes its statements, change them here. pgbench
 * reads a colon before a name or number as a variable (`::` casts are left alone), so the texts hold no other colon
 * (timestamps with '.' in their place, the same length; the JSON with '=').
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createPgDatabase } from '../support/pg';
import { pgBaselineTable } from './baseline-app';
import { prepareNavbatDatabase } from './pg.bench';
import { cpuOfProcessesNamed, tempDir } from './support';

const seconds = Number(process.argv[2] ?? 6);
const at = "'2026-12-07T05.41.22.139Z'";
const answer = `'${'x'.repeat(540)}'`; // the stored answer and the outbox event: ~540 bytes of JSON each
const uuid = 'cast(gen_random_uuid() as text)';

const scripts: Record<string, string[]> = {
  'raw insert route (one insert, autocommit)': [
    `insert into raw.tickets (public_id, service_id, priority, status, issued_at) values (${uuid}, 1, 'none', 'waiting', ${at}) returning id;`,
  ],
  "an issue's statements": [
    'begin;',
    `select "id" from "centers" where "id" = 'isb-g9' for no key update;`,
    `select (select coalesce(json_agg(q), '[]'::json) from (select * from "centers" where "id" = 'isb-g9') as q) as "r0", (select coalesce(json_agg(q), '[]'::json) from (select * from "services" where "id" = 1) as q) as "r1", (select coalesce(json_agg(q), '[]'::json) from (select "request_hash", "status_code", "response" from "idempotency_keys" where "scope" = 'tickets.isb-g9' and "key" = 'absent') as q) as "r2";`,
    `insert into "daily_sequences" ("service_id", "service_day", "last_number") values (1, '2026-12-07', 1) on conflict ("service_id", "service_day") do update set "last_number" = "daily_sequences"."last_number" + 1 returning "last_number";`,
    `update "centers" set "display_seq" = "display_seq" + 1 where "id" = 'isb-g9' returning "id", "display_seq";`,
    `select nextval('tickets_id_seq') as "id";`,
    `select count(*) as "n" from "tickets" where "center_id" = 'isb-g9' and status = 'waiting' and "service_id" = 1 and "transfer_counter_id" is null and "queued_at" > ${at};`,
    `insert into "tickets" ("id", "public_id", "center_id", "service_id", "service_day", "number", "code", "status", "priority", "channel", "language", "phone", "issued_at", "queued_at", "appointment_at", "first_called_at", "called_at", "started_at", "finished_at", "counter_id", "first_counter_id", "operator_id", "transfer_counter_id", "transfer_placement", "recall_count", "outcome", "rating", "feedback_comment", "wait_ms", "service_ms", "estimate_at_issue_s", "estimate_low_s", "estimate_high_s", "naive_at_issue_s", "arrived", "arrival_due_at", "journey", "stop_entered_at", "payment_amount_pkr", "psid", "payment_status", "paid_at", "receipt_ref", "awaiting_payment", "hold_until", "push_subscribed") values (currval('tickets_id_seq'), substr(${uuid}, 1, 22), 'isb-g9', 1, '2026-12-07', 1, 'A' || currval('tickets_id_seq'), 'waiting', 'none', 'kiosk', 'en', null, ${at}, ${at}, null, null, null, null, null, null, null, null, null, null, 0, null, null, null, null, null, 160, 73, 350, null, 1, null, null, null, null, null, null, null, null, 0, null, 0);`,
    `insert into "ticket_events" ("ticket_id", "center_id", "type", "at", "actor_id", "counter_id", "data") values (currval('tickets_id_seq'), 'isb-g9', 'issued', ${at}, null, null, '{"code"="A001","serviceId"=1,"priority"="none","channel"="kiosk"}');`,
    `insert into "idempotency_keys" ("scope", "key", "request_hash", "status_code", "response", "created_at") values ('tickets.isb-g9', ${uuid}, '4f170a517261d546b092512c86fa8355b303997cc711c116795089a4ea6d37d9', 201, ${answer}, ${at});`,
    `insert into "outbox_events" ("type", "center_id", "ticket_id", "data", "occurred_at") values ('ticket.issued', 'isb-g9', currval('tickets_id_seq'), ${answer}, ${at});`,
    'commit;',
  ],
  'an empty transaction (begin, commit)': ['begin;', 'commit;'],
};

const database = await createPgDatabase('pgfloor');
try {
  await prepareNavbatDatabase(database.url);
  const url = new URL(database.url);
  const connection = ['-h', url.hostname, '-p', url.port || '5432', '-U', url.username];
  // The raw route's own table, in a schema of its own beside Navbat's `tickets`.
  execFileSync('psql', [...connection, '-d', database.name, '-q', '-c', 'create schema raw', '-c', 'set search_path = raw', '-c', pgBaselineTable]);
  const dir = tempDir('pg-floor');
  for (const [name, statements] of Object.entries(scripts)) {
    const file = path.join(dir, 'script.sql');
    fs.writeFileSync(file, ['\\startpipeline', ...statements, '\\endpipeline', ''].join('\n'));
    const before = cpuOfProcessesNamed('postgres', { endedChildren: true });
    const out = execFileSync('pgbench', [...connection, '-n', '-M', 'prepared', '-c', '1', '-T', String(seconds), '-f', file, database.name], {
      encoding: 'utf8',
      env: { ...process.env, PGOPTIONS: '-c synchronous_commit=off' },
    });
    // The backend has ended with pgbench's connection: its CPU is in the postmaster's reaped children.
    const cpuMs = cpuOfProcessesNamed('postgres', { endedChildren: true }) - before;
    const done = Number(/number of transactions actually processed: (\d+)/.exec(out)?.[1]);
    if (!(done > 0)) throw new Error(`pgbench ran no transaction of "${name}":\n${out}`);
    console.log(`${name.padEnd(44)} ${(cpuMs / done).toFixed(3)} ms of PostgreSQL's CPU a transaction (${done} in ${seconds} s)`);
  }
} finally {
  await database.drop();
}
process.exit(0);
