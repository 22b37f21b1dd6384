import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here. Dialect-neutral (SQLite and PostgreSQL).
// Journeys and fees (issue 17):
// - services: the default journey after a service (`next_service_ids`, a JSON array), its fee (JSON
//   `{ amountPkr, label }` or null) and whether an unpaid ticket waits without being called.
// - tickets: the journey (JSON array of stops), when the ticket entered the line of its current stop (null:
//   at issue), the current stop's payment, and `awaiting_payment` (1 while the stop's fee must be paid
//   before a call), the one column call-next filters on.
// - payment_notices: the `webhook-id` of each fee authority notice taken, so a repeated one changes nothing.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('services').addColumn('next_service_ids', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await db.schema.alterTable('services').addColumn('fee', 'text').execute();
  await db.schema.alterTable('services').addColumn('pay_before_call', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  await db.schema.alterTable('tickets').addColumn('journey', 'text').execute();
  await db.schema.alterTable('tickets').addColumn('stop_entered_at', 'varchar(30)').execute();
  await db.schema.alterTable('tickets').addColumn('payment_amount_pkr', 'integer').execute();
  await db.schema.alterTable('tickets').addColumn('psid', 'varchar(17)').execute();
  await db.schema.alterTable('tickets').addColumn('payment_status', 'varchar(10)').execute();
  await db.schema.alterTable('tickets').addColumn('paid_at', 'varchar(30)').execute();
  await db.schema.alterTable('tickets').addColumn('receipt_ref', 'varchar(100)').execute();
  await db.schema.alterTable('tickets').addColumn('awaiting_payment', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createIndex('tickets_psid_uq').on('tickets').column('psid').unique().where(sql.ref('psid'), 'is not', null).execute();

  await db.schema
    .createTable('payment_notices')
    .addColumn('webhook_id', 'varchar(255)', (c) => c.primaryKey())
    .addColumn('ticket_id', 'integer', (c) => c.notNull())
    .addColumn('received_at', 'varchar(30)', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('payment_notices').execute();
  await db.schema.dropIndex('tickets_psid_uq').execute();
  for (const column of ['awaiting_payment', 'receipt_ref', 'paid_at', 'payment_status', 'psid', 'payment_amount_pkr', 'stop_entered_at', 'journey']) {
    await db.schema.alterTable('tickets').dropColumn(column).execute();
  }
  for (const column of ['pay_before_call', 'fee', 'next_service_ids']) {
    await db.schema.alterTable('services').dropColumn(column).execute();
  }
}
