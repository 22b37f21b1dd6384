import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here. Dialect-neutral (SQLite and PostgreSQL).
// The minute job that erases phone numbers once a visit ended long enough ago (PHONE_RETENTION_DAYS) read every
// ticket ever issued to find the few that still hold one. This index holds those only: a ticket enters it when
// issued with a number and leaves it when the number is erased (a ticket without one never enters it).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('tickets_phone_kept_idx').on('tickets').column('finished_at').where(sql.ref('phone'), 'is not', null).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('tickets_phone_kept_idx').execute();
}
