import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here. Dialect-neutral (SQLite and PostgreSQL).
// The control room (issue 21): a counter holds a ticket aside until `hold_until` (the ticket stays `waiting`,
// sent to that counter); from then on it is first of that counter's calls. The call order's SQL reads the
// column when it ranks a line, so the line's covering index carries it too (positions stay index-only).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tickets').addColumn('hold_until', 'varchar(30)').execute();
  await db.schema.dropIndex('tickets_line_idx').execute();
  await db.schema
    .createIndex('tickets_line_idx')
    .on('tickets')
    .columns(['center_id', 'service_id', 'queued_at', 'id', 'transfer_counter_id', 'hold_until', 'transfer_placement', 'appointment_at', 'priority'])
    .where(sql.ref('status'), '=', 'waiting')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('tickets_line_idx').execute();
  await db.schema
    .createIndex('tickets_line_idx')
    .on('tickets')
    .columns(['center_id', 'service_id', 'queued_at', 'id', 'transfer_counter_id', 'transfer_placement', 'appointment_at', 'priority'])
    .where(sql.ref('status'), '=', 'waiting')
    .execute();
  await db.schema.alterTable('tickets').dropColumn('hold_until').execute();
}
