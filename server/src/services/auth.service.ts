import crypto from 'node:crypto';
import { AppError, type LoginBody, type User } from '@navbat/shared';
import type { ServiceContext } from './context';
import { deleteSession, findSessionUser, findUserByUsername, insertSession } from '../db/users.repository';
import { dummyHash, verifyPassword } from './passwords';
import { toUser } from './views/user.view';

export const sessionLifetimeHours = 12;

const hashToken = (token: string) => crypto.hash('sha256', token, 'hex');

/** Checks the password and opens a session; the token goes in the cookie, only its hash is stored. */
async function login(ctx: ServiceContext, body: LoginBody): Promise<{ user: User; token: string; expiresAt: Date }> {
  const token = crypto.randomBytes(32).toString('base64url');
  const sessionId = hashToken(token);
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + sessionLifetimeHours * 3600_000);
  const signIn = async () => {
    const row = await findUserByUsername(ctx.database.db, body.username.toLowerCase());
    const ok = await verifyPassword(body.password, row?.password_hash ?? (await dummyHash));
    if (!row || !ok || row.active !== 1) throw new AppError('INVALID_CREDENTIALS', 'wrong username or password');
    await insertSession(ctx.database.db, { id: sessionId, user_id: row.id, created_at: now.toISOString(), expires_at: expiresAt.toISOString() });
    return { user: toUser(row), expiresAt: expiresAt.toISOString() };
  };
  // Kept from here (db/session-cache.ts), so the first request after signing in reads nothing either; not kept
  // when the user changed while signing in (the user's row was read before that change).
  const { user } = await ctx.database.sessions.keep(ctx.database.db, sessionId, signIn);
  return { user, token, expiresAt };
}

/** The signed-in user of a session token, or null when the session is unknown, expired or the user inactive. */
async function userOfSession(ctx: ServiceContext, token: string): Promise<User | null> {
  const sessionId = hashToken(token);
  const nowIso = ctx.clock.now().toISOString();
  const read = async () => {
    const row = await findSessionUser(ctx.database.db, sessionId, nowIso);
    return row ? { user: toUser(row), expiresAt: row.session_expires_at } : undefined;
  };
  // Kept between requests while the instance hears of sessions' ends, or their version stays (db/session-cache.ts).
  return ctx.database.sessions.userOf(ctx.database.db, sessionId, nowIso, read);
}

/** Ends a session. */
async function logout(ctx: ServiceContext, token: string): Promise<void> {
  const sessionId = hashToken(token);
  await deleteSession(ctx.database.db, sessionId);
  // The database tells every instance; this one forgets it before its next request, not when the news comes back.
  ctx.database.sessions.forgetSession(sessionId);
}

/** Sign-in and sessions, for bindService (the module also exports the session lifetime the cookie uses). */
export const authFunctions = { login, userOfSession, logout };
