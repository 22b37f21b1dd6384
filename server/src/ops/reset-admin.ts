import crypto from 'node:crypto';
import type { Db } from '../db/database';
import { deleteSessionsOfUser, findUserByUsername, insertUser, updateUser } from '../db/users.repository';
import { hashPassword } from '../services/passwords';

/**
 * Gives `admin` a new random password (re-creating and re-activating the account if needed) and ends its
 * sessions. Only someone with the server's database can run it: there is no HTTP way in.
 */
export async function resetAdmin(db: Db, now: Date, password = crypto.randomBytes(12).toString('base64url')): Promise<{ password: string; created: boolean }> {
  const hash = await hashPassword(password);
  const existing = await findUserByUsername(db, 'admin');
  if (existing) {
    await updateUser(db, existing.id, { password_hash: hash, role: 'admin', active: 1 });
    await deleteSessionsOfUser(db, existing.id);
    return { password, created: false };
  }
  await insertUser(db, { username: 'admin', password_hash: hash, name: 'Administrator', role: 'admin', active: 1, created_at: now.toISOString() });
  return { password, created: true };
}
