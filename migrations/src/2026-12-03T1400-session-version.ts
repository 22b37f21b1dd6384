import { sql, SqliteAdapter, type Kysely } from 'kysely';

// Frozen in time: never import application code here. SQLite only (on PostgreSQL it does nothing: there the
// triggers of 2026-12-03T0900-session-changes notify the instances instead).
// Who sent a staff request (its session and the session's user) changes when a session ends (logout, a password
// reset, a deactivation, the expired ones' clean-up, `npm run reset-admin`) or a user changes (role, name), not
// with the requests. `session_version` is one number that triggers raise on every such change, whoever makes it,
// so the server keeps signed-in sessions while it stays the same (server/src/db/session-cache.ts). A new session
// (signing in) is not such a change.

const bump = 'update session_version set version = version + 1';

const triggers: [name: string, on: string][] = [
  ['sessions_update', 'after update on sessions'],
  ['sessions_delete', 'after delete on sessions'],
  ['users_update', 'after update on users'],
  ['users_delete', 'after delete on users'],
];

const isSqlite = (db: Kysely<any>) => db.getExecutor().adapter instanceof SqliteAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  if (!isSqlite(db)) return;
  await sql`create table session_version (id integer primary key check (id = 1), version integer not null)`.execute(db);
  await sql`insert into session_version (id, version) values (1, 0)`.execute(db);
  for (const [name, on] of triggers) {
    await sql.raw(`create trigger session_version_${name} ${on} for each row begin ${bump}; end`).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isSqlite(db)) return;
  for (const [name] of triggers) await sql.raw(`drop trigger session_version_${name}`).execute(db);
  await sql`drop table session_version`.execute(db);
}
