import crypto from 'node:crypto';
import { AppError, type LoginBody, type User } from '@navbat/shared';
import type { ServiceContext } from './context';
import { deleteSession, findSessionUser, findUserByUsername, insertSession } from '../db/users.repository';
import { dummyHash, verifyPassword } from './passwords';
import { toUser } from './views/user.view';

export const sessionLifetimeHours = 12;

const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/** Checks the password and opens a session; the token goes in the cookie, only its hash is stored. */
async function login(ctx: ServiceContext, body: LoginBody): Promise<{ user: User; token: string; expiresAt: Date }> {
  const row = await findUserByUsername(ctx.database.db, body.username.toLowerCase());
  const ok = await verifyPassword(body.password, row?.password_hash ?? (await dummyHash));
  if (!row || !ok || row.active !== 1) throw new AppError('INVALID_CREDENTIALS', 'wrong username or password');
  const token = crypto.randomBytes(32).toString('base64url');
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + sessionLifetimeHours * 3600_000);
  await insertSession(ctx.database.db, { id: hashToken(token), user_id: row.id, created_at: now.toISOString(), expires_at: expiresAt.toISOString() });
  return { user: toUser(row), token, expiresAt };
}

/** The signed-in user of a session token, or null when the session is unknown, expired or the user inactive. */
async function userOfSession(ctx: ServiceContext, token: string): Promise<User | null> {
  const row = await findSessionUser(ctx.database.db, hashToken(token), ctx.clock.now().toISOString());
  return row ? toUser(row) : null;
}

/** Ends a session. */
async function logout(ctx: ServiceContext, token: string): Promise<void> {
  await deleteSession(ctx.database.db, hashToken(token));
}

/** Sign-in and sessions, for bindService (the module also exports the session lifetime the cookie uses). */
export const authFunctions = { login, userOfSession, logout };
