import type { Kysely } from 'kysely';

// Frozen in time: never import application code here. Dialect-neutral (SQLite and PostgreSQL).
// The control room (issue 21): a supervisor changes what a counter serves for the rest of the centre's day.
// counters.day_services holds that change as JSON `{ day, services: [{ serviceId, weight }], reason, since, by }`
// (null: the usual services of counter_services). A change made for an earlier day is no longer in force, so
// the counter is back on its usual services the next day without a job having to run.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('counters').addColumn('day_services', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('counters').dropColumn('day_services').execute();
}
