import type { Kysely } from 'kysely';

// Frozen in time: never import application code here.
// The accuracy ledger (issue 16): the estimate, its 80% range and the naive estimate a ticket was given at
// issue, in whole seconds, so accuracy is measured against what citizens were told. A pause may say when
// the counter is expected back, which the estimate counts the counter from. All nullable: tickets from
// before the ledger are not scored, and a pause without a length has no expected return.

export async function up(db: Kysely<any>): Promise<void> {
  for (const column of ['estimate_at_issue_s', 'estimate_low_s', 'estimate_high_s', 'naive_at_issue_s']) {
    await db.schema.alterTable('tickets').addColumn(column, 'integer').execute();
  }
  await db.schema.alterTable('counters').addColumn('pause_expected_until', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('counters').dropColumn('pause_expected_until').execute();
  for (const column of ['naive_at_issue_s', 'estimate_high_s', 'estimate_low_s', 'estimate_at_issue_s']) {
    await db.schema.alterTable('tickets').dropColumn(column).execute();
  }
}
