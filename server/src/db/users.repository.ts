import type { Executor } from './database';
import { listArgs, markersOf, prepared, read, runRead, type Read } from './prepared';
import type { UserRow } from './schema';

export function findUserByUsername(ex: Executor, username: string): Promise<UserRow | undefined> {
  return ex.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

const selectUser = prepared((ex, a: { id: number }) => ex.selectFrom('users').selectAll().where('id', '=', a.id));

export function findUser(ex: Executor, id: number): Promise<UserRow | undefined> {
  return runRead(ex, userRead(id));
}

/** `findUser` as a read to run with others. */
export const userRead = (id: number): Read<UserRow | undefined> => read(selectUser, { id }, (rows) => rows[0]);

const selectOperators = prepared(
  (ex, a: { counterId: number } & Record<string, unknown>, shape) =>
    ex
      .selectFrom('users')
      .selectAll()
      .where((eb) => {
        const now = eb('id', '=', eb.selectFrom('counters').select('operator_id').where('counters.id', '=', a.counterId));
        const ids = markersOf<number>(a, 'id', Number(shape));
        return ids.length > 0 ? eb.or([now, eb('id', 'in', ids)]) : now;
      }),
  (a) => String(Object.keys(a).length - 1),
);

/** The counter's operator now and the users of `userIds` (who may be its operator after a command), to run with others. */
export const operatorsRead = (counterId: number, userIds: readonly number[]): Read<UserRow[]> => read(selectOperators, { counterId, ...listArgs('id', userIds) }, (rows) => rows);

export function listUsers(ex: Executor): Promise<UserRow[]> {
  return ex.selectFrom('users').selectAll().orderBy('username').execute();
}

export async function countUsers(ex: Executor): Promise<number> {
  const row = await ex.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertUser(ex: Executor, user: Omit<UserRow, 'id'>): Promise<number> {
  const row = await ex.insertInto('users').values(user).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Changes some columns of a user. */
export async function updateUser(ex: Executor, id: number, patch: Partial<Omit<UserRow, 'id' | 'username' | 'created_at'>>): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  await ex.updateTable('users').set(patch).where('id', '=', id).execute();
}

/** The user behind a live session, or undefined when the session is unknown, expired or the user inactive. */
const selectSessionUser = prepared((ex, a: { sessionId: string; nowIso: string }) =>
  ex
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select('sessions.expires_at as session_expires_at')
    .where('sessions.id', '=', a.sessionId)
    .where('sessions.expires_at', '>', a.nowIso)
    .where('users.active', '=', 1),
);

export async function findSessionUser(ex: Executor, sessionId: string, nowIso: string): Promise<(UserRow & { session_expires_at: string }) | undefined> {
  return (await selectSessionUser(ex, { sessionId, nowIso })).rows[0];
}

export async function insertSession(ex: Executor, session: { id: string; user_id: number; created_at: string; expires_at: string }): Promise<void> {
  await ex.insertInto('sessions').values(session).execute();
}

export async function deleteSession(ex: Executor, id: string): Promise<void> {
  await ex.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteSessionsOfUser(ex: Executor, userId: number): Promise<void> {
  await ex.deleteFrom('sessions').where('user_id', '=', userId).execute();
}
