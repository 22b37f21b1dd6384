import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here.
// - A ticket keeps its number and code when it is transferred to another service, so "one number per
//   service and day" cannot hold on `service_id` (the line it waits in now): the second ticket numbered 1
//   that reached a service failed the old index. What must stay unique is the code a centre gives out in
//   a day (prefixes are unique per centre, numbers come from `daily_sequences`).
// - Two partial indexes as small as what they serve, not as the history: the waiting tickets of a line
//   with every column the line order reads (a ticket's position is an index-only count), and the served
//   tickets of a service by finish time (the recent average service time behind wait estimates).
// - Two tiny ones for call-next: waiting tickets sent to one counter, and waiting front transfers and
//   appointments (everything else it needs is the first of a line).
// - The latest calls of a centre (displays' recent calls) by call time, instead of every ticket it ever had.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('tickets_service_day_number_uq').execute();
  await db.schema.createIndex('tickets_center_day_code_uq').on('tickets').columns(['center_id', 'service_day', 'code']).unique().execute();
  await db.schema
    .createIndex('tickets_line_idx')
    .on('tickets')
    .columns(['center_id', 'service_id', 'queued_at', 'id', 'transfer_counter_id', 'transfer_placement', 'appointment_at', 'priority'])
    .where(sql.ref('status'), '=', 'waiting')
    .execute();
  await db.schema.createIndex('tickets_done_idx').on('tickets').columns(['center_id', 'service_id', 'finished_at']).where(sql.ref('status'), '=', 'done').execute();
  await db.schema.createIndex('tickets_center_called_idx').on('tickets').columns(['center_id', 'called_at', 'id']).execute();
  await db.schema
    .createIndex('tickets_sent_to_counter_idx')
    .on('tickets')
    .columns(['transfer_counter_id', 'center_id'])
    .where(sql<boolean>`status = 'waiting' and transfer_counter_id is not null`)
    .execute();
  await db.schema
    .createIndex('tickets_waiting_special_idx')
    .on('tickets')
    .columns(['center_id', 'service_id', 'transfer_counter_id', 'transfer_placement', 'appointment_at'])
    .where(sql<boolean>`status = 'waiting' and (transfer_placement = 'front' or appointment_at is not null)`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('tickets_waiting_special_idx').execute();
  await db.schema.dropIndex('tickets_sent_to_counter_idx').execute();
  await db.schema.dropIndex('tickets_center_called_idx').execute();
  await db.schema.dropIndex('tickets_done_idx').execute();
  await db.schema.dropIndex('tickets_line_idx').execute();
  await db.schema.dropIndex('tickets_center_day_code_uq').execute();
  await db.schema.createIndex('tickets_service_day_number_uq').on('tickets').columns(['service_id', 'service_day', 'number']).unique().execute();
}
