import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here. PostgreSQL only (on SQLite it does nothing).
// Server instances keep signed-in sessions between requests (server/src/db/session-cache.ts) and must hear when
// one ends or its user changes, whoever made the change (another instance, `npm run reset-admin`, an operator's
// SQL): these triggers notify the channel with the user's id, when the change commits.

const channel = 'navbat_session_changes';

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql
    .raw(
      `create function navbat_session_changed() returns trigger language plpgsql as $$
begin
  if tg_table_name = 'users' then
    if tg_op = 'DELETE' then perform pg_notify('${channel}', old.id::text); else perform pg_notify('${channel}', new.id::text); end if;
  else
    perform pg_notify('${channel}', old.user_id::text);
  end if;
  return null;
end $$`,
    )
    .execute(db);
  await sql`create trigger sessions_changed after update or delete on sessions for each row execute function navbat_session_changed()`.execute(db);
  await sql`create trigger users_changed after update or delete on users for each row execute function navbat_session_changed()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`drop trigger users_changed on users`.execute(db);
  await sql`drop trigger sessions_changed on sessions`.execute(db);
  await sql`drop function navbat_session_changed()`.execute(db);
}
