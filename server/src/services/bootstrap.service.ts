import crypto from 'node:crypto';
import type { User } from '@navbat/shared';
import type { ServiceContext } from './context';
import type { AdminService } from './admin.service';
import { countUsers, findUserByUsername, insertUser } from '../db/users.repository';
import { getOrCreateSetting } from '../db/settings.repository';
import { listCenters } from '../db/centers.repository';
import { hashPassword } from './passwords';
import { toUser } from './views/user.view';
import { demoCenter, demoCounters, demoGroups, demoStaff } from '../seed/demo-center';

export function createBootstrapService(ctx: ServiceContext, admin: AdminService) {
  const { database, clock } = ctx;

  /** On an empty database, creates `admin`; returns the generated password when none was given. */
  async function ensureAdmin(password: string | undefined): Promise<{ created: boolean; generatedPassword: string | null }> {
    if ((await countUsers(database.db)) > 0) return { created: false, generatedPassword: null };
    const pw = password ?? crypto.randomBytes(12).toString('base64url');
    await insertUser(database.db, {
      username: 'admin',
      password_hash: await hashPassword(pw),
      name: 'Administrator',
      role: 'admin',
      active: 1,
      created_at: clock.now().toISOString(),
    });
    return { created: true, generatedPassword: password ? null : pw };
  }

  /** The secret that signs session cookies, generated once and kept in the database. */
  function sessionSecret(configured: string | undefined): Promise<string> {
    if (configured) return Promise.resolve(configured);
    return getOrCreateSetting(database.db, 'session_secret', crypto.randomBytes(32).toString('base64url'));
  }

  /** Fills an empty database with the demo centre, its services, counters and staff. */
  async function seedDemo(): Promise<boolean> {
    if ((await listCenters(database.db)).length > 0) return false;
    const adminRow = await findUserByUsername(database.db, 'admin');
    if (!adminRow) throw new Error('create the admin user before seeding');
    const actor: User = toUser(adminRow);
    await admin.createCenter(actor, { id: demoCenter.id, name: demoCenter.name, timezone: demoCenter.timezone });
    const prefixToId = new Map<string, number>();
    let order = 0;
    for (const [gi, group] of demoGroups.entries()) {
      const g = await admin.createGroup(actor, { centerId: demoCenter.id, name: group.name, sortOrder: gi });
      for (const s of group.services) {
        const created = await admin.createService(actor, {
          centerId: demoCenter.id,
          groupId: g.id,
          prefix: s.prefix,
          name: s.name,
          slaTargetMinutes: s.slaTargetMinutes,
          sortOrder: order++,
        });
        prefixToId.set(s.prefix, created.id);
      }
    }
    for (const c of demoCounters) {
      await admin.createCounter(actor, {
        centerId: demoCenter.id,
        name: c.name,
        zone: c.zone,
        services: c.skills.map(([prefix, weight]) => ({ serviceId: prefixToId.get(prefix) as number, weight })),
      });
    }
    for (const u of demoStaff) {
      if (!(await findUserByUsername(database.db, u.username))) await admin.createUser(actor, u);
    }
    return true;
  }

  return { ensureAdmin, sessionSecret, seedDemo };
}
