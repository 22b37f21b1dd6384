import { describe, expect, it } from 'vitest';
import { useTestApp, issue, login, staffClient } from '../support/test-app';

const t = useTestApp();

const name = (en: string) => ({ en, ur: `${en} (اردو)` });

describe('administration', () => {
  it('refuses operators (403) and signed-out callers (401) on every supervisor and admin endpoint, before validation', async () => {
    const op = await staffClient(t.app, 'operator1');
    const sup = await staffClient(t.app, 'supervisor');
    const admin = await staffClient(t.app, 'admin');
    const auditBefore = (await admin('GET', '/api/v1/admin/audit?limit=500')).body.length;
    const adminOnly: [method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT', url: string, body?: unknown][] = [
      ['POST', '/api/v1/admin/centers', { nonsense: true }],
      ['PATCH', '/api/v1/admin/centers/isb-g9', { priorityRun: 2 }],
      ['POST', '/api/v1/admin/services', {}],
      ['PATCH', '/api/v1/admin/services/1', { active: false }],
      ['DELETE', '/api/v1/admin/services/1'],
      ['POST', '/api/v1/admin/service-groups', {}],
      ['POST', '/api/v1/admin/counters', {}],
      ['PATCH', '/api/v1/admin/counters/1', { zone: 'x' }],
      ['DELETE', '/api/v1/admin/counters/1'],
      ['GET', '/api/v1/admin/users'],
      ['POST', '/api/v1/admin/users', {}],
      ['PATCH', '/api/v1/admin/users/1', { active: false }],
    ];
    const supervisorToo: [method: 'GET' | 'PUT', url: string, body?: unknown][] = [
      ['GET', '/api/v1/centers/isb-g9/stats'],
      ['GET', '/api/v1/centers/isb-g9/reports/tickets.csv'],
      ['GET', '/api/v1/tickets/1/events'],
      ['GET', '/api/v1/admin/audit'],
      ['GET', '/api/v1/admin/centers/isb-g9'],
      ['PUT', '/api/v1/centers/isb-g9/ticker', { message: 'hello' }],
    ];
    for (const [method, url, body] of [...adminOnly, ...supervisorToo]) {
      const r = await op(method, url, body);
      expect(r.status, `${method} ${url}`).toBe(403);
      expect(r.body.error.code).toBe('FORBIDDEN');
      const anon = await t.app.inject({ method, url, ...(body !== undefined ? { payload: body as object } : {}) });
      expect(anon.statusCode, `${method} ${url} signed out`).toBe(401);
    }
    for (const [method, url, body] of adminOnly) {
      expect((await sup(method, url, body)).status, `supervisor ${method} ${url}`).toBe(403);
    }
    expect((await sup('GET', '/api/v1/admin/audit')).status).toBe(200);
    // Nothing was changed by the refused calls.
    expect((await admin('GET', '/api/v1/admin/audit?limit=500')).body).toHaveLength(auditBefore);
  });

  it('creates a center with opening hours, priority categories and priorityRun, and changes it', async () => {
    const admin = await staffClient(t.app, 'admin');
    const created = await admin('POST', '/api/v1/admin/centers', {
      id: 'lhr-1',
      name: name('Lahore'),
      timezone: 'Asia/Karachi',
      openingHours: [{ days: [1, 2, 3, 4, 5], open: '09:00', close: '17:00' }],
      priorityCategories: [{ code: 'senior', name: name('Senior citizen') }],
      priorityRun: 2,
      pauseAlertMinutes: 10,
    });
    expect(created.status).toBe(201);
    expect(created.body.center).toMatchObject({ id: 'lhr-1', priorityRun: 2, pauseAlertMinutes: 10, priorityCategories: [{ code: 'senior' }] });
    expect((await admin('POST', '/api/v1/admin/centers', { id: 'lhr-1', name: name('Again') })).body.error.code).toBe('ALREADY_EXISTS');
    expect((await admin('POST', '/api/v1/admin/centers', { id: 'x-2', name: name('Bad zone'), timezone: 'Mars/Olympus' })).status).toBe(400);
    const changed = await admin('PATCH', '/api/v1/admin/centers/lhr-1', { priorityRun: 4, openingHours: null });
    expect(changed.body.center).toMatchObject({ priorityRun: 4, openingHours: null });
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/centers' });
    expect(list.json().map((c: { id: string }) => c.id)).toContain('lhr-1');
  });

  it('keeps service prefixes unique per center, and a new service and counter work for kiosk and counter at once', async () => {
    const admin = await staffClient(t.app, 'admin');
    const clash = await admin('POST', '/api/v1/admin/services', { centerId: 'isb-g9', prefix: 'A', name: name('Another A') });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('ALREADY_EXISTS');
    expect((await admin('POST', '/api/v1/admin/services', { centerId: 'isb-g9', prefix: 'a1', name: name('Bad') })).status).toBe(400);
    const svc = await admin('POST', '/api/v1/admin/services', {
      centerId: 'isb-g9',
      prefix: 'Z',
      name: name('Zakat certificate'),
      slaTargetMinutes: 12,
      dailyCap: 50,
      openingHours: [{ days: [0, 1, 2, 3, 4, 5, 6], open: '08:00', close: '20:00' }],
    });
    expect(svc.status).toBe(201);
    expect(svc.body.service).toMatchObject({ prefix: 'Z', slaTargetMinutes: 12, dailyCap: 50, allowsPriority: true, active: true });
    const serviceId = svc.body.service.id;
    // The same prefix is fine in another center.
    await admin('POST', '/api/v1/admin/centers', { id: 'lhr-1', name: name('Lahore') });
    expect((await admin('POST', '/api/v1/admin/services', { centerId: 'lhr-1', prefix: 'Z', name: name('Z too') })).status).toBe(201);
    // Renaming onto a taken prefix is refused too.
    expect((await admin('PATCH', `/api/v1/admin/services/${serviceId}`, { prefix: 'B' })).body.error.code).toBe('ALREADY_EXISTS');

    const counter = await admin('POST', '/api/v1/admin/counters', { centerId: 'isb-g9', name: '15', zone: 'hall-b', services: [{ serviceId, weight: 3 }, { serviceId: 1 }] });
    expect(counter.status).toBe(201);
    expect(counter.body.counter).toMatchObject({ name: '15', zone: 'hall-b', status: 'closed' });
    expect(counter.body.counter.services).toEqual(expect.arrayContaining([{ serviceId, weight: 3 }, { serviceId: 1, weight: 1 }]));
    expect(counter.body.counter.services).toHaveLength(2);
    expect((await admin('POST', '/api/v1/admin/counters', { centerId: 'isb-g9', name: '16', services: [{ serviceId: 9999 }] })).body.error.code).toBe('SERVICE_NOT_FOUND');

    const kiosk = await t.app.inject({ method: 'GET', url: '/api/v1/centers/isb-g9/services' });
    expect(kiosk.json().services.find((s: { id: number }) => s.id === serviceId)).toMatchObject({ prefix: 'Z', open: true, waiting: 0 });
    const ticket = await issue(t.app, serviceId);
    expect(ticket.body.ticket.code).toBe('Z001');
    const op = await staffClient(t.app, 'operator3');
    const counterId = counter.body.counter.id;
    expect((await op('POST', `/api/v1/counters/${counterId}/open`)).status).toBe(200);
    const called = await op('POST', `/api/v1/counters/${counterId}/call-next`);
    expect(called.body.ticket).toMatchObject({ code: 'Z001', counterName: '15' });

    // Counter changes: zone and weights.
    const patched = await admin('PATCH', `/api/v1/admin/counters/${counterId}`, { zone: 'hall-a', services: [{ serviceId, weight: 5 }] });
    expect(patched.body.counter).toMatchObject({ zone: 'hall-a', services: [{ serviceId, weight: 5 }] });
  });

  it('never deletes a service people wait for; one with history is deactivated, an unused one deleted', async () => {
    const admin = await staffClient(t.app, 'admin');
    await issue(t.app, 2);
    const refused = await admin('DELETE', '/api/v1/admin/services/2');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('IN_USE');
    expect((await admin('GET', '/api/v1/admin/services/2')).body.service.active).toBe(true);

    // Served away, the line is empty: a delete now deactivates (the service has past tickets).
    const op = await staffClient(t.app, 'operator1');
    await op('POST', '/api/v1/counters/3/open');
    await op('POST', '/api/v1/counters/3/call-next');
    await op('POST', '/api/v1/counters/3/complete');
    const deactivated = await admin('DELETE', '/api/v1/admin/services/2');
    expect(deactivated.status).toBe(200);
    expect(deactivated.body).toMatchObject({ deleted: false, service: { id: 2, active: false } });
    const kiosk = await t.app.inject({ method: 'GET', url: '/api/v1/centers/isb-g9/services' });
    expect(kiosk.json().services.map((s: { id: number }) => s.id)).not.toContain(2);
    expect((await issue(t.app, 2)).status).toBeGreaterThanOrEqual(400);

    const fresh = await admin('POST', '/api/v1/admin/services', { centerId: 'isb-g9', prefix: 'Q', name: name('Unused') });
    expect((await admin('DELETE', `/api/v1/admin/services/${fresh.body.service.id}`)).status).toBe(204);
    expect((await admin('GET', `/api/v1/admin/services/${fresh.body.service.id}`)).status).toBe(404);
  });

  it('manages service groups: create, rename, reorder; the kiosk lists services under them; a group with services is not deleted', async () => {
    const admin = await staffClient(t.app, 'admin');
    const before = (await admin('GET', '/api/v1/admin/centers/isb-g9/service-groups')).body as { id: number; sortOrder: number }[];
    expect(before.length).toBeGreaterThanOrEqual(6);
    const created = await admin('POST', '/api/v1/admin/service-groups', { centerId: 'isb-g9', name: name('Zakat & Ushr'), sortOrder: before.length });
    expect(created.status).toBe(201);
    const group = created.body.group;
    expect(group).toMatchObject({ name: name('Zakat & Ushr'), sortOrder: before.length });
    expect((await admin('POST', '/api/v1/admin/service-groups', { centerId: 'nowhere', name: name('X') })).body.error.code).toBe('CENTER_NOT_FOUND');
    expect((await admin('POST', '/api/v1/admin/service-groups', { centerId: 'isb-g9', name: { en: 'No Urdu' } })).status).toBe(400);

    // Renamed and moved to the top: the group list and the kiosk follow.
    const renamed = await admin('PATCH', `/api/v1/admin/service-groups/${group.id}`, { name: name('Zakat'), sortOrder: 0 });
    expect(renamed.body.group).toMatchObject({ id: group.id, name: name('Zakat'), sortOrder: 0 });
    for (const [i, g] of before.entries()) await admin('PATCH', `/api/v1/admin/service-groups/${g.id}`, { sortOrder: i + 1 });
    const after = (await admin('GET', '/api/v1/admin/centers/isb-g9/service-groups')).body as { id: number }[];
    expect(after.map((g) => g.id)).toEqual([group.id, ...before.map((g) => g.id)]);

    const svc = await admin('POST', '/api/v1/admin/services', { centerId: 'isb-g9', groupId: group.id, prefix: 'Z', name: name('Zakat certificate') });
    expect(svc.status).toBe(201);
    const kiosk = (await t.app.inject({ method: 'GET', url: '/api/v1/centers/isb-g9/services' })).json();
    expect(kiosk.groups[0]).toEqual({ id: group.id, name: name('Zakat') });
    expect(kiosk.services.find((s: { prefix: string }) => s.prefix === 'Z')).toMatchObject({ groupId: group.id });

    // A group of another center is refused for this center's services.
    await admin('POST', '/api/v1/admin/centers', { id: 'lhr-1', name: name('Lahore') });
    const lahoreGroup = (await admin('POST', '/api/v1/admin/service-groups', { centerId: 'lhr-1', name: name('NADRA') })).body.group;
    expect((await admin('PATCH', `/api/v1/admin/services/${svc.body.service.id}`, { groupId: lahoreGroup.id })).body.error.code).toBe('SERVICE_GROUP_NOT_FOUND');
    expect((await admin('GET', '/api/v1/admin/centers/lhr-1/service-groups')).body).toEqual([{ id: lahoreGroup.id, name: name('NADRA'), sortOrder: 0 }]);

    // Not deleted while a service (even an inactive one) is in it; nothing is changed or logged.
    const auditBefore = (await admin('GET', '/api/v1/admin/audit?limit=500')).body.length;
    await admin('PATCH', `/api/v1/admin/services/${svc.body.service.id}`, { active: false });
    const refused = await admin('DELETE', `/api/v1/admin/service-groups/${group.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('IN_USE');
    expect((await admin('GET', `/api/v1/admin/services/${svc.body.service.id}`)).body.service.groupId).toBe(group.id);
    expect((await admin('GET', '/api/v1/admin/audit?limit=500')).body).toHaveLength(auditBefore + 1);

    // Emptied, it goes; a second delete finds nothing.
    await admin('PATCH', `/api/v1/admin/services/${svc.body.service.id}`, { groupId: null });
    expect((await admin('DELETE', `/api/v1/admin/service-groups/${group.id}`)).status).toBe(204);
    expect((await admin('DELETE', `/api/v1/admin/service-groups/${group.id}`)).body.error.code).toBe('SERVICE_GROUP_NOT_FOUND');
    expect((await admin('GET', '/api/v1/admin/centers/isb-g9/service-groups')).body.map((g: { id: number }) => g.id)).not.toContain(group.id);
    expect((await admin('GET', '/api/v1/admin/audit?entity=service_group&limit=1')).body[0]).toMatchObject({ action: 'delete', entityId: String(group.id) });
  });

  it('manages staff: create, change role, reset password, deactivate (which ends their sessions)', async () => {
    const admin = await staffClient(t.app, 'admin');
    const created = await admin('POST', '/api/v1/admin/users', { username: 'op9', password: 'op9-password-1', name: 'Operator Nine', role: 'operator' });
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain('op9-password-1');
    const id = created.body.user.id;
    expect((await admin('POST', '/api/v1/admin/users', { username: 'op9', password: 'another-pass-1', name: 'Dup', role: 'operator' })).body.error.code).toBe('ALREADY_EXISTS');
    const cookie = await login(t.app, 'op9', 'op9-password-1');
    expect((await admin('PATCH', `/api/v1/admin/users/${id}`, { role: 'supervisor' })).body.user.role).toBe('supervisor');
    expect((await admin('PATCH', `/api/v1/admin/users/${id}`, { password: 'new-password-9' })).status).toBe(200);
    // The old session ended with the reset; the new password works.
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(401);
    const again = await login(t.app, 'op9', 'new-password-9');
    expect((await admin('PATCH', `/api/v1/admin/users/${id}`, { active: false })).body.user.active).toBe(false);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: again } })).statusCode).toBe(401);
    await expect(login(t.app, 'op9', 'new-password-9')).rejects.toThrow(/401/);
    // An admin cannot lock themselves out.
    const me = (await admin('GET', '/api/v1/auth/me')).body.user;
    expect((await admin('PATCH', `/api/v1/admin/users/${me.id}`, { active: false })).status).toBe(409);
  });

  it('records every admin change, and the ticker, in the audit trail (no passwords)', async () => {
    const admin = await staffClient(t.app, 'admin');
    const sup = await staffClient(t.app, 'supervisor');
    t.clock.set('2026-11-24T06:00:00.000Z');
    const svc = await admin('POST', '/api/v1/admin/services', { centerId: 'isb-g9', prefix: 'Z', name: name('Zakat') });
    await admin('PATCH', `/api/v1/admin/services/${svc.body.service.id}`, { slaTargetMinutes: 30 });
    await admin('POST', '/api/v1/admin/counters', { centerId: 'isb-g9', name: '15', services: [{ serviceId: svc.body.service.id }] });
    await admin('POST', '/api/v1/admin/users', { username: 'op9', password: 'op9-password-1', name: 'Operator Nine', role: 'operator' });
    expect((await sup('PUT', '/api/v1/centers/isb-g9/ticker', { message: 'Passport counter closes at 3 pm' })).status).toBe(200);
    // A refused change leaves no trace.
    await admin('POST', '/api/v1/admin/services', { centerId: 'isb-g9', prefix: 'Z', name: name('Dup') });

    const all = await sup('GET', '/api/v1/admin/audit?limit=5');
    expect(all.status).toBe(200);
    expect(all.body.map((e: { entity: string; action: string }) => `${e.entity}:${e.action}`)).toEqual(['center:update', 'user:create', 'counter:create', 'service:update', 'service:create']);
    expect(all.body[0]).toMatchObject({ actor: { username: 'supervisor' }, centerId: 'isb-g9', entityId: 'isb-g9', data: { tickerMessage: 'Passport counter closes at 3 pm' }, at: '2026-11-24T06:00:00.000Z' });
    expect(all.body[3]).toMatchObject({ actor: { username: 'admin' }, entity: 'service', entityId: String(svc.body.service.id), data: { slaTargetMinutes: 30 } });
    expect(JSON.stringify(all.body)).not.toContain('op9-password-1');
    const ofCenter = await sup('GET', '/api/v1/admin/audit?centerId=isb-g9&entity=service');
    expect(ofCenter.body.slice(0, 2).map((e: { action: string }) => e.action)).toEqual(['update', 'create']);
    expect(ofCenter.body.every((e: { entity: string; centerId: string }) => e.entity === 'service' && e.centerId === 'isb-g9')).toBe(true);
    expect((await sup('GET', '/api/v1/admin/audit?centerId=lhr-1')).body).toEqual([]);
    expect((await sup('GET', '/api/v1/admin/audit?limit=1')).body).toHaveLength(1);
    expect((await sup('GET', '/api/v1/admin/audit?limit=0')).status).toBe(400);
  });
});
