import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here. Dialect-neutral (SQLite and PostgreSQL).
// Index entries every new ticket wrote that no query looks up (docs/PERFORMANCE.md, eighteenth session: on SQLite
// the three together cost ~25 µs of a ticket's insert, its entries and its share of the pages a commit writes):
// - tickets_center_day_idx (center_id, service_day) is a prefix of the unique tickets_center_day_code_uq, which
//   answers the same lookups: dropped.
// - tickets_counter_called_idx (counter_id, called_at) and tickets_center_called_idx (center_id, called_at, id) took
//   an entry with a null counter, or a null call time, for every waiting ticket. Their queries (and the foreign key's
//   `set null` when a counter is deleted) name a counter or compare the call time, which implies not null: now
//   partial, holding the tickets that have been called.

const partial: [name: string, columns: string[], notNull: string][] = [
  ['tickets_counter_called_idx', ['counter_id', 'called_at'], 'counter_id'],
  ['tickets_center_called_idx', ['center_id', 'called_at', 'id'], 'called_at'],
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('tickets_center_day_idx').execute();
  for (const [name, columns, notNull] of partial) {
    await db.schema.dropIndex(name).execute();
    await db.schema.createIndex(name).on('tickets').columns(columns).where(sql.ref(notNull), 'is not', null).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name, columns] of partial) {
    await db.schema.dropIndex(name).execute();
    await db.schema.createIndex(name).on('tickets').columns(columns).execute();
  }
  await db.schema.createIndex('tickets_center_day_idx').on('tickets').columns(['center_id', 'service_day']).execute();
}
