import { sql, type Kysely } from 'kysely';
import { up as createPhoneIndex } from './2026-12-01T1200-near-candidates';

// Frozen in time: never import application code here. Dialect-neutral (SQLite and PostgreSQL).
// - tickets.push_subscribed: 1 while the ticket has a Web Push subscription (kept by db/messages.repository, the
//   only writer of push_subscriptions). Who can be told "your turn is near" (a phone number or a subscription) was
//   found by walking every waiting ticket of the centre and probing its subscriptions, after every batch of calls:
//   1.3 ms at 10,000 waiting (docs/PERFORMANCE.md, sixteenth session). Now one small partial index holds them.
// - tickets_waiting_reachable_idx replaces tickets_waiting_phone_idx: the waiting tickets with a phone or a
//   subscription, by centre and service.

const reachable = sql<boolean>`status = 'waiting' and (phone is not null or push_subscribed = 1)`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tickets').addColumn('push_subscribed', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await sql`update tickets set push_subscribed = 1 where id in (select ticket_id from push_subscriptions)`.execute(db);
  await db.schema.dropIndex('tickets_waiting_phone_idx').execute();
  // `status` is a column too (as in the index it replaces), or SQLite's planner prefers tickets_queue_idx's two equalities.
  await db.schema.createIndex('tickets_waiting_reachable_idx').on('tickets').columns(['center_id', 'status', 'service_id', 'id']).where(reachable).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('tickets_waiting_reachable_idx').execute();
  await createPhoneIndex(db);
  await db.schema.alterTable('tickets').dropColumn('push_subscribed').execute();
}
