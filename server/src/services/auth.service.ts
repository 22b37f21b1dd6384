import crypto from 'node:crypto';
import { AppError, type LoginBody, type User } from '@navbat/shared';
import type { ServiceContext } from './context';
import { deleteSession, findSessionUser, findUserByUsername, insertSession } from '../db/users.repository';
import { dummyHash, verifyPassword } from './passwords';
import { toUser } from './views/user.view';

export const sessionLifetimeHours = 12;

const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

export function createAuthService(ctx: ServiceContext) {
  const { database, clock } = ctx;

  /** Checks the password and opens a session; the token goes in the cookie, only its hash is stored. */
  async function login(body: LoginBody): Promise<{ user: User; token: string; expiresAt: Date }> {
    const row = await findUserByUsername(database.db, body.username.toLowerCase());
    const ok = await verifyPassword(body.password, row?.password_hash ?? (await dummyHash));
    if (!row || !ok || row.active !== 1) throw new AppError('INVALID_CREDENTIALS', 'wrong username or password');
    const token = crypto.randomBytes(32).toString('base64url');
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + sessionLifetimeHours * 3600_000);
    await insertSession(database.db, { id: hashToken(token), user_id: row.id, created_at: now.toISOString(), expires_at: expiresAt.toISOString() });
    return { user: toUser(row), token, expiresAt };
  }

  async function userOfSession(token: string): Promise<User | null> {
    const row = await findSessionUser(database.db, hashToken(token), clock.now().toISOString());
    return row ? toUser(row) : null;
  }

  async function logout(token: string): Promise<void> {
    await deleteSession(database.db, hashToken(token));
  }

  return { login, userOfSession, logout };
}

export type AuthService = ReturnType<typeof createAuthService>;
