import crypto from 'node:crypto';
import type { User } from '@navbat/shared';
import type { ServiceContext } from './context';
import { countUsers, findUserByUsername, insertUser } from '../db/users.repository';
import { getOrCreateSetting } from '../db/settings.repository';
import { listCenters } from '../db/centers.repository';
import { hashPassword } from './passwords';
import { toUser } from './views/user.view';
import { createCenter } from './admin/centers.service';
import { createGroup } from './admin/groups.service';
import { createService, updateService } from './admin/hall-services.service';
import { createCounter } from './admin/counters.service';
import { createUser } from './admin/users.service';
import { demoCenter, demoCounters, demoGroups, demoStaff } from '../seed/demo-center';

/** On an empty database, creates `admin`; returns the generated password when none was given. */
export async function ensureAdmin(ctx: ServiceContext, password: string | undefined): Promise<{ created: boolean; generatedPassword: string | null }> {
  const { db } = ctx.database;
  if ((await countUsers(db)) > 0) return { created: false, generatedPassword: null };
  const pw = password ?? crypto.randomBytes(12).toString('base64url');
  await insertUser(db, {
    username: 'admin',
    password_hash: await hashPassword(pw),
    name: 'Administrator',
    role: 'admin',
    active: 1,
    created_at: ctx.clock.now().toISOString(),
  });
  return { created: true, generatedPassword: password ? null : pw };
}

/** The secret that signs session cookies, generated once and kept in the database. */
export function sessionSecret(ctx: ServiceContext, configured: string | undefined): Promise<string> {
  if (configured) return Promise.resolve(configured);
  return getOrCreateSetting(ctx.database.db, 'session_secret', crypto.randomBytes(32).toString('base64url'));
}

/** Fills an empty database with the demo centre, its services, counters and staff, through administration. */
export async function seedDemo(ctx: ServiceContext): Promise<boolean> {
  const { db } = ctx.database;
  if ((await listCenters(db)).length > 0) return false;
  const adminRow = await findUserByUsername(db, 'admin');
  if (!adminRow) throw new Error('create the admin user before seeding');
  const actor: User = toUser(adminRow);
  await createCenter(ctx, actor, { id: demoCenter.id, name: demoCenter.name, timezone: demoCenter.timezone });
  const prefixToId = new Map<string, number>();
  let order = 0;
  const groupIds: number[] = [];
  for (const [gi, group] of demoGroups.entries()) {
    const groupId = group.joins !== undefined ? (groupIds[group.joins] as number) : (await createGroup(ctx, actor, { centerId: demoCenter.id, name: group.name, sortOrder: gi })).id;
    groupIds.push(groupId);
    for (const s of group.services) {
      const created = await createService(ctx, actor, {
        centerId: demoCenter.id,
        groupId,
        prefix: s.prefix,
        name: s.name,
        slaTargetMinutes: s.slaTargetMinutes,
        sortOrder: order++,
        ...(s.fee ? { fee: s.fee } : {}),
        ...(s.payBeforeCall ? { payBeforeCall: true } : {}),
      });
      prefixToId.set(s.prefix, created.id);
    }
  }
  // Journeys name services created above, so they are set once all exist.
  for (const s of demoGroups.flatMap((g) => g.services)) {
    if (s.next) await updateService(ctx, actor, prefixToId.get(s.prefix) as number, { nextServiceIds: s.next.map((p) => prefixToId.get(p) as number) });
  }
  for (const c of demoCounters) {
    await createCounter(ctx, actor, {
      centerId: demoCenter.id,
      name: c.name,
      zone: c.zone,
      services: c.skills.map(([prefix, weight]) => ({ serviceId: prefixToId.get(prefix) as number, weight })),
    });
  }
  for (const u of demoStaff) {
    if (!(await findUserByUsername(db, u.username))) await createUser(ctx, actor, u);
  }
  return true;
}
