import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here. Dialect-neutral (SQLite and PostgreSQL).
// - The waiting tickets with a phone number, by centre: who could be told "your turn is near" is read from
//   this small index instead of every waiting ticket of the centre at each outbox fan-out.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('tickets_waiting_phone_idx')
    .on('tickets')
    .columns(['center_id', 'status', 'service_id', 'id'])
    .where(sql<boolean>`status = 'waiting' and phone is not null`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('tickets_waiting_phone_idx').execute();
}
