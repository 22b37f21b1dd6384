import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { centerColumns } from './2026-12-03T1300-setup-version';

// Frozen in time: never import application code here (another migration's frozen list is fine). PostgreSQL only
// (on SQLite it does nothing). `centers_setup_updated` (migration 2026-12-03T1000-setup-changes) compared the whole
// row before and after, as JSON without `display_seq`, at every update of a centre: every command bumps the centre's
// display sequence, so every command paid two `to_jsonb` of the row (docs/PERFORMANCE.md, forty-sixth session). The
// trigger now names the columns it is for, as SQLite's does: an update that sets none of them (the sequence's bump
// sets `display_seq` alone) is passed over before its condition is read; one that sets any is still checked for a
// real change. A later migration that adds a column to `centers` recreates the trigger with it
// (tests/integration/postgres-setup.test.ts fails until it does).

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

// SQLite's trigger's columns (migration 2026-12-03T1300-setup-version): every one but `display_seq`, then and now.
const setupColumns = centerColumns;
const changed = `when ((to_jsonb(old) - 'display_seq') is distinct from (to_jsonb(new) - 'display_seq'))`;

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`drop trigger centers_setup_updated on centers`.execute(db);
  await sql
    .raw(`create trigger centers_setup_updated after update of ${setupColumns.join(', ')} on centers for each row ${changed} execute function navbat_setup_changed()`)
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`drop trigger centers_setup_updated on centers`.execute(db);
  await sql.raw(`create trigger centers_setup_updated after update on centers for each row ${changed} execute function navbat_setup_changed()`).execute(db);
}
