import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here. PostgreSQL only (on SQLite it does nothing).
// Server instances keep a centre's setup between requests (server/src/db/setup-cache.ts) and must hear when it
// changes, whoever made the change: these triggers notify the channel with the centre's id when the change
// commits. A centre's display sequence moves with every call and is not setup: a change of it alone says nothing.

const channel = 'navbat_setup_changes';

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql
    .raw(
      `create function navbat_setup_changed() returns trigger language plpgsql as $$
begin
  if tg_table_name = 'centers' then
    if tg_op = 'DELETE' then perform pg_notify('${channel}', old.id); else perform pg_notify('${channel}', new.id); end if;
  else
    if tg_op = 'DELETE' then perform pg_notify('${channel}', old.center_id); else perform pg_notify('${channel}', new.center_id); end if;
    if tg_op = 'UPDATE' and old.center_id <> new.center_id then perform pg_notify('${channel}', old.center_id); end if;
  end if;
  return null;
end $$`,
    )
    .execute(db);
  for (const table of ['services', 'center_holidays']) {
    await sql.raw(`create trigger ${table}_setup_changed after insert or update or delete on ${table} for each row execute function navbat_setup_changed()`).execute(db);
  }
  await sql`create trigger centers_setup_changed after insert or delete on centers for each row execute function navbat_setup_changed()`.execute(db);
  // Checked before the function is called: the display sequence's bumps (every issue and call) cost no call.
  await sql`create trigger centers_setup_updated after update on centers for each row when ((to_jsonb(old) - 'display_seq') is distinct from (to_jsonb(new) - 'display_seq')) execute function navbat_setup_changed()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`drop trigger centers_setup_updated on centers`.execute(db);
  for (const table of ['centers', 'services', 'center_holidays']) await sql.raw(`drop trigger ${table}_setup_changed on ${table}`).execute(db);
  await sql`drop function navbat_setup_changed()`.execute(db);
}
