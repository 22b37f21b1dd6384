import type { z } from 'zod';
import type { CreateUserBody, User, updateUserBodySchema } from '@navbat/shared';
import type { ServiceContext } from '../context';
import { orThrow } from '../../domain/decision';
import { decideUserChange } from '../../domain/hall-setup';
import { deleteSessionsOfUser, insertUser, listUsers, updateUser as updateUserRow } from '../../db/users.repository';
import { bit } from '../../db/json';
import { hashPassword } from '../passwords';
import { requireUser } from '../lookups';
import { toUser } from '../views/user.view';
import { audited } from './audited';

type UpdateUserBody = z.infer<typeof updateUserBodySchema>;

/** Every staff account, by username. */
export async function listStaff(ctx: ServiceContext): Promise<User[]> {
  return (await listUsers(ctx.database.db)).map(toUser);
}

/** Adds a staff account; the password is stored hashed and never logged. */
export async function createUser(ctx: ServiceContext, actor: User, body: CreateUserBody): Promise<User> {
  const passwordHash = await hashPassword(body.password);
  return audited(ctx, actor, null, 'user', 'create', async (trx) => {
    const row = { username: body.username, password_hash: passwordHash, name: body.name, role: body.role, active: 1, created_at: ctx.clock.now().toISOString() };
    const id = await insertUser(trx, row);
    return { id, value: toUser({ ...row, id }), data: { username: body.username, name: body.name, role: body.role } };
  });
}

/** One staff account. */
export async function getUser(ctx: ServiceContext, id: number): Promise<User> {
  return toUser(await requireUser(ctx.database.db, id));
}

/** Changes name or role, resets the password or deactivates; the last two end the user's sessions. */
export async function updateUser(ctx: ServiceContext, actor: User, id: number, body: UpdateUserBody): Promise<User> {
  await requireUser(ctx.database.db, id);
  orThrow(decideUserChange(actor.id, id, body));
  const passwordHash = body.password ? await hashPassword(body.password) : undefined;
  const user = await audited(ctx, actor, null, 'user', 'update', async (trx) => {
    await updateUserRow(trx, id, {
      ...(body.name !== undefined && { name: body.name }),
      ...(body.role !== undefined && { role: body.role }),
      ...(body.active !== undefined && { active: bit(body.active) }),
      ...(passwordHash !== undefined && { password_hash: passwordHash }),
    });
    if (passwordHash !== undefined || body.active === false) await deleteSessionsOfUser(trx, id);
    const { password: _omit, ...logged } = body;
    return { id, value: toUser(await requireUser(trx, id)), data: { ...logged, ...(passwordHash ? { passwordReset: true } : {}) } };
  });
  // Sessions kept by this instance show the change from its next request (other instances hear it from the database).
  ctx.database.sessions.forgetUser(id);
  return user;
}
