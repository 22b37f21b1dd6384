import { z } from 'zod';
import {
  AppError,
  type AuditEntry,
  type Center,
  type Counter,
  type CreateCounterBody,
  type CreateServiceBody,
  type CreateUserBody,
  type Service,
  type ServiceGroup,
  type User,
  type Localized,
  createCenterBodySchema,
  updateCenterBodySchema,
  updateServiceBodySchema,
  updateCounterBodySchema,
  updateUserBodySchema,
  createServiceGroupBodySchema,
  updateServiceGroupBodySchema,
} from '@navbat/shared';
import type { ServiceContext } from './context';
import type { Executor } from '../db/database';
import { defaultTimeZone } from '../domain/time';
import { inTransaction } from '../db/transaction';
import { findCenter } from '../db/centers.repository';
import { findService, findServiceGroup, listServiceGroups, listServices } from '../db/services.repository';
import { findCounter, replaceSkills, updateCounter } from '../db/counters.repository';
import { deleteSessionsOfUser, findUser, insertUser, listUsers } from '../db/users.repository';
import { insertAudit } from '../db/settings.repository';
import { bit, parseJson, toJson } from '../db/json';
import { hashPassword } from './passwords';
import { defaultPriorityCategories, toCenter } from './views/center.view';
import { toService } from './views/service.view';
import { toUser } from './views/user.view';
import type { CountersService } from './counters.service';

type CreateCenterBody = z.infer<typeof createCenterBodySchema>;
type UpdateCenterBody = z.infer<typeof updateCenterBodySchema>;
type UpdateServiceBody = z.infer<typeof updateServiceBodySchema>;
type UpdateCounterBody = z.infer<typeof updateCounterBodySchema>;
type UpdateUserBody = z.infer<typeof updateUserBodySchema>;
type CreateGroupBody = z.infer<typeof createServiceGroupBodySchema>;
type UpdateGroupBody = z.infer<typeof updateServiceGroupBodySchema>;

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Administration of centers, services, counters and staff; every change lands in the audit log. */
export function createAdminService(ctx: ServiceContext, counters: CountersService) {
  const { database, clock } = ctx;

  async function audited<T>(actor: User, centerId: string | null, entity: string, action: string, fn: (trx: Executor) => Promise<{ id: string | number; value: T; data?: unknown }>): Promise<T> {
    try {
      const value = await inTransaction(database, async (trx) => {
        const r = await fn(trx);
        await insertAudit(trx, { at: clock.now().toISOString(), actorId: actor.id, centerId, entity, entityId: r.id, action, data: r.data });
        return r.value;
      });
      if (centerId && (entity === 'center' || entity === 'service' || entity === 'counter' || entity === 'service_group')) {
        ctx.publish([{ type: 'center.changed', centerId, seq: null }]);
      }
      return value;
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('ALREADY_EXISTS', `that ${entity} already exists`);
      throw error;
    }
  }

  async function requireCenter(ex: Executor, id: string) {
    const c = await findCenter(ex, id);
    if (!c) throw new AppError('CENTER_NOT_FOUND', `no center ${id}`);
    return c;
  }

  // ---- centers ----
  function createCenter(actor: User, body: CreateCenterBody): Promise<Center> {
    return audited(actor, body.id, 'center', 'create', async (trx) => {
      if (await findCenter(trx, body.id)) throw new AppError('ALREADY_EXISTS', `center ${body.id} exists`);
      const row = {
        id: body.id,
        name: JSON.stringify(body.name),
        timezone: body.timezone ?? defaultTimeZone,
        opening_hours: toJson(body.openingHours ?? null),
        priority_categories: JSON.stringify(body.priorityCategories ?? defaultPriorityCategories),
        priority_run: body.priorityRun ?? 3,
        ticker_message: null,
        pause_alert_minutes: body.pauseAlertMinutes ?? 30,
        display_seq: 0,
        created_at: clock.now().toISOString(),
      };
      await trx.insertInto('centers').values(row).execute();
      return { id: body.id, value: toCenter(row, clock.now()), data: body };
    });
  }

  async function getCenter(id: string): Promise<Center> {
    return toCenter(await requireCenter(database.db, id), clock.now());
  }

  function updateCenter(actor: User, id: string, body: UpdateCenterBody): Promise<Center> {
    return audited(actor, id, 'center', 'update', async (trx) => {
      const current = await requireCenter(trx, id);
      const patch = {
        ...(body.name !== undefined && { name: JSON.stringify(body.name) }),
        ...(body.timezone !== undefined && { timezone: body.timezone }),
        ...(body.openingHours !== undefined && { opening_hours: toJson(body.openingHours) }),
        ...(body.priorityCategories !== undefined && { priority_categories: JSON.stringify(body.priorityCategories) }),
        ...(body.priorityRun !== undefined && { priority_run: body.priorityRun }),
        ...(body.pauseAlertMinutes !== undefined && { pause_alert_minutes: body.pauseAlertMinutes }),
        ...(body.tickerMessage !== undefined && { ticker_message: body.tickerMessage || null }),
      };
      const seqBump = body.tickerMessage !== undefined;
      if (Object.keys(patch).length > 0) {
        await trx
          .updateTable('centers')
          .set((eb) => ({ ...patch, ...(seqBump ? { display_seq: eb('display_seq', '+', 1) } : {}) }))
          .where('id', '=', id)
          .execute();
      }
      const updated = await requireCenter(trx, id);
      void current;
      return { id, value: toCenter(updated, clock.now()), data: body };
    });
  }

  // ---- service groups ----
  async function listGroups(centerId: string): Promise<ServiceGroup[]> {
    await requireCenter(database.db, centerId);
    return (await listServiceGroups(database.db, centerId)).map((g) => ({ id: g.id, name: parseJson<Localized>(g.name) as Localized, sortOrder: g.sort_order }));
  }

  function createGroup(actor: User, body: CreateGroupBody): Promise<ServiceGroup> {
    return audited(actor, body.centerId, 'service_group', 'create', async (trx) => {
      await requireCenter(trx, body.centerId);
      const row = await trx
        .insertInto('service_groups')
        .values({ center_id: body.centerId, name: JSON.stringify(body.name), sort_order: body.sortOrder ?? 0 })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { id: row.id, value: { id: row.id, name: body.name, sortOrder: body.sortOrder ?? 0 }, data: body };
    });
  }

  async function updateGroup(actor: User, id: number, body: UpdateGroupBody): Promise<ServiceGroup> {
    const group = await findServiceGroup(database.db, id);
    if (!group) throw new AppError('SERVICE_GROUP_NOT_FOUND', `no group ${id}`);
    return audited(actor, group.center_id, 'service_group', 'update', async (trx) => {
      const patch = {
        ...(body.name !== undefined && { name: JSON.stringify(body.name) }),
        ...(body.sortOrder !== undefined && { sort_order: body.sortOrder }),
      };
      if (Object.keys(patch).length > 0) await trx.updateTable('service_groups').set(patch).where('id', '=', id).execute();
      const g = (await findServiceGroup(trx, id))!;
      return { id, value: { id, name: parseJson<Localized>(g.name) as Localized, sortOrder: g.sort_order }, data: body };
    });
  }

  /**
   * Deletes an empty group. One that still holds services (inactive ones too) is refused with 409 IN_USE:
   * the admin moves them to another group first, so no service silently drops out of its kiosk screen.
   */
  async function deleteGroup(actor: User, id: number): Promise<void> {
    const group = await findServiceGroup(database.db, id);
    if (!group) throw new AppError('SERVICE_GROUP_NOT_FOUND', `no group ${id}`);
    await audited(actor, group.center_id, 'service_group', 'delete', async (trx) => {
      const member = await trx.selectFrom('services').select('id').where('group_id', '=', id).limit(1).executeTakeFirst();
      if (member) throw new AppError('IN_USE', 'this group still has services; move them to another group (or none) first');
      await trx.deleteFrom('service_groups').where('id', '=', id).execute();
      return { id, value: undefined };
    });
  }

  // ---- services ----
  async function listAllServices(centerId: string): Promise<Service[]> {
    await requireCenter(database.db, centerId);
    return (await listServices(database.db, centerId)).map(toService);
  }

  async function checkGroup(ex: Executor, centerId: string, groupId: number | null | undefined) {
    if (groupId === null || groupId === undefined) return;
    const g = await findServiceGroup(ex, groupId);
    if (!g || g.center_id !== centerId) throw new AppError('SERVICE_GROUP_NOT_FOUND', `no group ${groupId} here`);
  }

  async function checkPrefix(ex: Executor, centerId: string, prefix: string, exceptId?: number) {
    const clash = (await listServices(ex, centerId)).find((s) => s.prefix === prefix && s.id !== exceptId);
    if (clash) throw new AppError('ALREADY_EXISTS', `prefix ${prefix} is used by another service of this center`);
  }

  function createService(actor: User, body: CreateServiceBody): Promise<Service> {
    return audited(actor, body.centerId, 'service', 'create', async (trx) => {
      await requireCenter(trx, body.centerId);
      await checkGroup(trx, body.centerId, body.groupId);
      await checkPrefix(trx, body.centerId, body.prefix);
      const row = await trx
        .insertInto('services')
        .values({
          center_id: body.centerId,
          group_id: body.groupId ?? null,
          prefix: body.prefix,
          name: JSON.stringify(body.name),
          sla_target_minutes: body.slaTargetMinutes ?? 15,
          allows_priority: bit(body.allowsPriority),
          daily_cap: body.dailyCap ?? null,
          opening_hours: toJson(body.openingHours ?? null),
          active: bit(body.active),
          sort_order: body.sortOrder ?? 0,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const service = (await findService(trx, row.id))!;
      return { id: row.id, value: toService(service), data: body };
    });
  }

  async function getService(id: number): Promise<Service> {
    const s = await findService(database.db, id);
    if (!s) throw new AppError('SERVICE_NOT_FOUND', `no service ${id}`);
    return toService(s);
  }

  async function updateService(actor: User, id: number, body: UpdateServiceBody): Promise<Service> {
    const existing = await findService(database.db, id);
    if (!existing) throw new AppError('SERVICE_NOT_FOUND', `no service ${id}`);
    return audited(actor, existing.center_id, 'service', 'update', async (trx) => {
      await checkGroup(trx, existing.center_id, body.groupId);
      if (body.prefix !== undefined) await checkPrefix(trx, existing.center_id, body.prefix, id);
      const patch = {
        ...(body.groupId !== undefined && { group_id: body.groupId }),
        ...(body.prefix !== undefined && { prefix: body.prefix }),
        ...(body.name !== undefined && { name: JSON.stringify(body.name) }),
        ...(body.slaTargetMinutes !== undefined && { sla_target_minutes: body.slaTargetMinutes }),
        ...(body.allowsPriority !== undefined && { allows_priority: bit(body.allowsPriority) }),
        ...(body.dailyCap !== undefined && { daily_cap: body.dailyCap }),
        ...(body.openingHours !== undefined && { opening_hours: toJson(body.openingHours) }),
        ...(body.active !== undefined && { active: bit(body.active) }),
        ...(body.sortOrder !== undefined && { sort_order: body.sortOrder }),
      };
      if (Object.keys(patch).length > 0) await trx.updateTable('services').set(patch).where('id', '=', id).execute();
      return { id, value: toService((await findService(trx, id))!), data: body };
    });
  }

  /**
   * Deletes a service. One with people waiting is refused (409 IN_USE: deactivate it, serve the line, then
   * delete); one with past tickets only is deactivated, because statistics and receipts still name it.
   */
  async function deleteService(actor: User, id: number): Promise<{ deleted: boolean; service: Service | null }> {
    const existing = await findService(database.db, id);
    if (!existing) throw new AppError('SERVICE_NOT_FOUND', `no service ${id}`);
    const waiting = await database.db
      .selectFrom('tickets')
      .select('id')
      .where('service_id', '=', id)
      .where('status', 'in', ['waiting', 'called', 'serving'])
      .limit(1)
      .executeTakeFirst();
    if (waiting) throw new AppError('IN_USE', 'people are waiting for this service; deactivate it (PATCH active: false) and serve the line first');
    const history = await database.db.selectFrom('tickets').select('id').where('service_id', '=', id).limit(1).executeTakeFirst();
    if (history) {
      const service = await audited(actor, existing.center_id, 'service', 'deactivate', async (trx) => {
        await trx.updateTable('services').set({ active: 0 }).where('id', '=', id).execute();
        return { id, value: toService((await findService(trx, id))!), data: { reason: 'delete requested; the service has past tickets' } };
      });
      return { deleted: false, service };
    }
    await audited(actor, existing.center_id, 'service', 'delete', async (trx) => {
      await trx.deleteFrom('counter_services').where('service_id', '=', id).execute();
      await trx.deleteFrom('daily_sequences').where('service_id', '=', id).execute();
      await trx.deleteFrom('services').where('id', '=', id).execute();
      return { id, value: undefined, data: { prefix: existing.prefix } };
    });
    return { deleted: true, service: null };
  }

  /** The audit trail of administrative changes, newest first (optionally of one center or kind of thing). */
  async function listAudit(query: { centerId?: string | undefined; entity?: string | undefined; limit?: number | undefined }): Promise<AuditEntry[]> {
    let q = database.db
      .selectFrom('audit_log')
      .leftJoin('users', 'users.id', 'audit_log.actor_id')
      .select(['audit_log.id', 'audit_log.at', 'audit_log.actor_id', 'users.username', 'users.name', 'audit_log.center_id', 'audit_log.entity', 'audit_log.entity_id', 'audit_log.action', 'audit_log.data']);
    if (query.centerId) q = q.where('audit_log.center_id', '=', query.centerId);
    if (query.entity) q = q.where('audit_log.entity', '=', query.entity);
    const rows = await q.orderBy('audit_log.id', 'desc').limit(query.limit ?? 100).execute();
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actor_id !== null && r.username ? { id: r.actor_id, username: r.username, name: r.name ?? r.username } : null,
      centerId: r.center_id,
      entity: r.entity,
      entityId: r.entity_id,
      action: r.action,
      data: parseJson<unknown>(r.data) ?? null,
    }));
  }

  // ---- counters ----
  async function checkSkills(ex: Executor, centerId: string, skills: readonly { serviceId: number }[]) {
    const ids = new Set((await listServices(ex, centerId)).map((s) => s.id));
    const unknown = skills.find((s) => !ids.has(s.serviceId));
    if (unknown) throw new AppError('SERVICE_NOT_FOUND', `no service ${unknown.serviceId} in this center`);
    if (new Set(skills.map((s) => s.serviceId)).size !== skills.length) throw new AppError('VALIDATION_ERROR', 'a service is listed twice');
  }

  async function createCounter(actor: User, body: CreateCounterBody): Promise<Counter> {
    const id = await audited(actor, body.centerId, 'counter', 'create', async (trx) => {
      await requireCenter(trx, body.centerId);
      await checkSkills(trx, body.centerId, body.services);
      const row = await trx
        .insertInto('counters')
        .values({
          center_id: body.centerId,
          name: body.name,
          zone: body.zone ?? null,
          status: 'closed',
          status_since: clock.now().toISOString(),
          pause_reason: null,
          operator_id: null,
          priority_streak: 0,
          active: bit(body.active),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await replaceSkills(trx, row.id, body.services);
      return { id: row.id, value: row.id, data: body };
    });
    return counters.get(id);
  }

  async function updateCounterAdmin(actor: User, id: number, body: UpdateCounterBody): Promise<Counter> {
    const existing = await findCounter(database.db, id);
    if (!existing) throw new AppError('COUNTER_NOT_FOUND', `no counter ${id}`);
    await audited(actor, existing.center_id, 'counter', 'update', async (trx) => {
      if (body.services) {
        await checkSkills(trx, existing.center_id, body.services);
        await replaceSkills(trx, id, body.services);
      }
      const patch = {
        ...(body.name !== undefined && { name: body.name }),
        ...(body.zone !== undefined && { zone: body.zone }),
        ...(body.active !== undefined && { active: bit(body.active) }),
      };
      if (Object.keys(patch).length > 0) await updateCounter(trx, id, patch);
      return { id, value: undefined, data: body };
    });
    return counters.get(id);
  }

  async function deleteCounter(actor: User, id: number): Promise<void> {
    const existing = await findCounter(database.db, id);
    if (!existing) throw new AppError('COUNTER_NOT_FOUND', `no counter ${id}`);
    await audited(actor, existing.center_id, 'counter', 'delete', async (trx) => {
      const used = await trx.selectFrom('tickets').select('id').where('first_counter_id', '=', id).limit(1).executeTakeFirst();
      if (used || existing.status !== 'closed') throw new AppError('IN_USE', 'this counter has history or is open; deactivate it instead');
      await trx.deleteFrom('counter_services').where('counter_id', '=', id).execute();
      await trx.deleteFrom('counters').where('id', '=', id).execute();
      return { id, value: undefined };
    });
  }

  // ---- users ----
  async function listStaff(): Promise<User[]> {
    return (await listUsers(database.db)).map(toUser);
  }

  async function createUser(actor: User, body: CreateUserBody): Promise<User> {
    const passwordHash = await hashPassword(body.password);
    return audited(actor, null, 'user', 'create', async (trx) => {
      const row = { username: body.username, password_hash: passwordHash, name: body.name, role: body.role, active: 1, created_at: clock.now().toISOString() };
      const id = await insertUser(trx, row);
      return { id, value: toUser({ ...row, id }), data: { username: body.username, name: body.name, role: body.role } };
    });
  }

  async function getUser(id: number): Promise<User> {
    const u = await findUser(database.db, id);
    if (!u) throw new AppError('USER_NOT_FOUND', `no user ${id}`);
    return toUser(u);
  }

  async function updateUser(actor: User, id: number, body: UpdateUserBody): Promise<User> {
    if (!(await findUser(database.db, id))) throw new AppError('USER_NOT_FOUND', `no user ${id}`);
    if (id === actor.id && (body.active === false || (body.role && body.role !== 'admin'))) {
      throw new AppError('CONFLICT', 'you cannot deactivate or demote yourself');
    }
    const passwordHash = body.password ? await hashPassword(body.password) : undefined;
    return audited(actor, null, 'user', 'update', async (trx) => {
      const patch = {
        ...(body.name !== undefined && { name: body.name }),
        ...(body.role !== undefined && { role: body.role }),
        ...(body.active !== undefined && { active: bit(body.active) }),
        ...(passwordHash !== undefined && { password_hash: passwordHash }),
      };
      if (Object.keys(patch).length > 0) await trx.updateTable('users').set(patch).where('id', '=', id).execute();
      // A reset password or a deactivation ends the user's sessions.
      if (passwordHash !== undefined || body.active === false) await deleteSessionsOfUser(trx, id);
      const { password: _omit, ...logged } = body;
      return { id, value: toUser((await findUser(trx, id))!), data: { ...logged, ...(passwordHash ? { passwordReset: true } : {}) } };
    });
  }

  return {
    createCenter,
    getCenter,
    updateCenter,
    listGroups,
    createGroup,
    updateGroup,
    deleteGroup,
    listAllServices,
    createService,
    getService,
    updateService,
    deleteService,
    createCounter,
    updateCounter: updateCounterAdmin,
    deleteCounter,
    listStaff,
    listAudit,
    createUser,
    getUser,
    updateUser,
  };
}

export type AdminService = ReturnType<typeof createAdminService>;
