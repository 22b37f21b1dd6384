import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here.
// A ticket's wait (first call − issue) and service time (finish − start, for served tickets) in whole
// milliseconds, written by the command that ends them. They are facts of the ticket row, computed once, so
// statistics over a month read integers instead of parsing four timestamps per ticket. Existing tickets are
// filled in from their timestamps.

export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.alterTable('tickets').addColumn('wait_ms', 'integer').execute();
  await db.schema.alterTable('tickets').addColumn('service_ms', 'integer').execute();
  const ms = (from: string, to: string) =>
    isPostgres
      ? sql`cast(round(extract(epoch from (cast(${sql.ref(to)} as timestamptz) - cast(${sql.ref(from)} as timestamptz))) * 1000) as integer)`
      : sql`cast(round((julianday(${sql.ref(to)}) - julianday(${sql.ref(from)})) * 86400000.0) as integer)`;
  await db.updateTable('tickets').set({ wait_ms: ms('issued_at', 'first_called_at') }).where('first_called_at', 'is not', null).execute();
  await db
    .updateTable('tickets')
    .set({ service_ms: ms('started_at', 'finished_at') })
    .where('status', '=', 'done')
    .where('started_at', 'is not', null)
    .where('finished_at', 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tickets').dropColumn('service_ms').execute();
  await db.schema.alterTable('tickets').dropColumn('wait_ms').execute();
}
