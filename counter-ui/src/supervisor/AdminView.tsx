import { useEffect, useState, type FormEvent } from 'react';
import { centerIdSchema, createCenterBodySchema, type AuditEntry, type Center, type Counter, type Localized, type OpeningHours, type PriorityCategory, type Role, type Service, type ServiceGroup, type User } from '@navbat/shared';
import { api, errorCode, errorText, getLanguage, localized, t, useLanguage } from '../lib';
import { CheckField, EditableList, Field, FormActions, NameFields, useSubmit } from './AdminFields';
import { useReference } from './useReference';

type Section = 'center' | 'groups' | 'services' | 'counters' | 'users' | 'audit';

/** "1-5 09:00-17:00; 6 09:00-13:00" ↔ opening hours (0 = Sunday). Empty text = always open (null). */
export function parseHours(text: string): OpeningHours | undefined {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const out: NonNullable<OpeningHours> = [];
  for (const part of trimmed.split(';').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([0-6](?:-[0-6])?(?:,[0-6](?:-[0-6])?)*)\s+(\d{2}:\d{2})-(\d{2}:\d{2})$/.exec(part);
    if (!m) return undefined;
    const days = new Set<number>();
    for (const r of m[1]!.split(',')) {
      const [a, b] = r.split('-').map(Number) as [number, number | undefined];
      for (let d = a; d <= (b ?? a); d++) days.add(d);
    }
    out.push({ days: [...days].sort(), open: m[2]!, close: m[3]! });
  }
  return out;
}

export function formatHours(hours: OpeningHours): string {
  return (hours ?? []).map((h) => `${h.days.join(',')} ${h.open}-${h.close}`).join('; ');
}

function parseCategories(text: string): PriorityCategory[] | undefined {
  const out: PriorityCategory[] = [];
  for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const [code, en, ur] = line.split('|').map((x) => x.trim());
    if (!code || !en || !ur || !/^[a-z][a-z0-9_-]{0,31}$/.test(code)) return undefined;
    out.push({ code, name: { en, ur } });
  }
  return out;
}

const categoriesText = (categories: PriorityCategory[]) => categories.map((c) => `${c.code} | ${c.name.en} | ${c.name.ur}`).join('\n');

/** The settings of a center; with `center` null, a new center that starts from `template`'s settings. */
function CenterForm({ center, template, onSaved }: { center: Center | null; template: Center; onSaved: (center: Center) => void }) {
  const from = center ?? template;
  const [id, setId] = useState(center?.id ?? '');
  const [name, setName] = useState<Localized>(center?.name ?? { en: '', ur: '' });
  const [timezone, setTimezone] = useState(from.timezone);
  const [hours, setHours] = useState(formatHours(from.openingHours));
  const [categories, setCategories] = useState(categoriesText(from.priorityCategories));
  const [priorityRun, setPriorityRun] = useState(String(from.priorityRun));
  const [pauseAlert, setPauseAlert] = useState(String(from.pauseAlertMinutes));
  const submit = useSubmit({ ALREADY_EXISTS: t('admin.centerExists') });
  function save(e: FormEvent) {
    e.preventDefault();
    void submit.run(async () => {
      if (!center && !centerIdSchema.safeParse(id.trim()).success) throw new Error(t('admin.badCenterId'));
      if (!createCenterBodySchema.shape.timezone.safeParse(timezone.trim()).success) throw new Error(t('admin.badTimezone'));
      const openingHours = parseHours(hours);
      if (openingHours === undefined) throw new Error(t('admin.badHours'));
      const priorityCategories = parseCategories(categories);
      if (!priorityCategories) throw new Error(t('admin.badCategories'));
      const body = { name, timezone: timezone.trim(), openingHours, priorityCategories, priorityRun: Number(priorityRun), pauseAlertMinutes: Number(pauseAlert) };
      const r = center ? await api.patch<{ center: Center }>(`/api/v1/admin/centers/${center.id}`, body) : await api.post<{ center: Center }>('/api/v1/admin/centers', { id: id.trim(), ...body });
      onSaved(r.center);
    });
  }
  return (
    <form className="sup-form" onSubmit={save} {...(center ? { 'aria-labelledby': 'center-form-title' } : { 'aria-label': t('admin.newCenter') })}>
      {center ? (
        <h3 id="center-form-title" className="num">
          {center.id}
        </h3>
      ) : (
        <Field label={t('admin.centerId')} hint={t('admin.centerIdHint')}>
          <input name="centerId" dir="ltr" autoComplete="off" value={id} maxLength={32} required onChange={(e) => setId(e.target.value.toLowerCase())} />
        </Field>
      )}
      <NameFields value={name} onChange={setName} />
      <Field label={t('admin.timezone')}>
        <input name="timezone" dir="ltr" list="admin-timezones" value={timezone} onChange={(e) => setTimezone(e.target.value)} required />
      </Field>
      <Field label={t('admin.hours')}>
        <input name="hours" dir="ltr" value={hours} onChange={(e) => setHours(e.target.value)} />
      </Field>
      <Field label={t('admin.priorityCategories')}>
        <textarea name="categories" rows={4} value={categories} onChange={(e) => setCategories(e.target.value)} />
      </Field>
      <Field label={t('admin.priorityRun')}>
        <input name="priorityRun" type="number" min={1} max={100} value={priorityRun} onChange={(e) => setPriorityRun(e.target.value)} />
      </Field>
      <Field label={t('admin.pauseAlert')}>
        <input name="pauseAlert" type="number" min={1} max={600} value={pauseAlert} onChange={(e) => setPauseAlert(e.target.value)} />
      </Field>
      <FormActions busy={submit.busy} isNew={!center} />
      {submit.view}
    </form>
  );
}

/** The time zones a browser knows, offered while typing (the server checks the same IANA names). */
function TimezoneList() {
  const [zones] = useState(() => (typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['Asia/Karachi']));
  return (
    <datalist id="admin-timezones">
      {zones.map((z) => (
        <option key={z} value={z} />
      ))}
    </datalist>
  );
}

/** "Add a center": the form, then what was created and a way to switch to it. */
function NewCenter({ template, onCreated, onSwitch }: { template: Center; onCreated: () => void; onSwitch: (centerId: string) => void }) {
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<Center | null>(null);
  return (
    <section className="card" aria-labelledby="admin-new-center-title">
      <h2 id="admin-new-center-title">{t('admin.newCenter')}</h2>
      <p className="muted">{t('admin.newCenterHint')}</p>
      {created && (
        <p className="sup-actions">
          <span className="notice" role="status">
            {t('admin.centerCreated', { name: localized(created.name), id: created.id })}
          </span>
          <button type="button" className="btn btn-primary" onClick={() => onSwitch(created.id)}>
            {t('admin.switchTo', { name: localized(created.name) })}
          </button>
        </p>
      )}
      <button
        type="button"
        className="btn btn-primary"
        aria-expanded={open}
        onClick={() => {
          setOpen(!open);
          setCreated(null);
        }}
      >
        {t('admin.addCenter')}
      </button>
      {open && (
        <CenterForm
          center={null}
          template={template}
          onSaved={(c) => {
            setCreated(c);
            setOpen(false);
            onCreated();
          }}
        />
      )}
    </section>
  );
}

function GroupForm({ centerId, group, nextOrder, members, onSaved }: { centerId: string; group: ServiceGroup | null; nextOrder: number; members: number; onSaved: () => void }) {
  const [name, setName] = useState<Localized>(group?.name ?? { en: '', ur: '' });
  const submit = useSubmit({ IN_USE: t('admin.groupInUse', { n: members }) });
  function save(e: FormEvent) {
    e.preventDefault();
    void submit.run(async () => {
      if (group) await api.patch(`/api/v1/admin/service-groups/${group.id}`, { name });
      else await api.post('/api/v1/admin/service-groups', { centerId, name, sortOrder: nextOrder });
      onSaved();
    });
  }
  async function remove() {
    if (!group) return;
    await submit.run(async () => {
      await api.delete(`/api/v1/admin/service-groups/${group.id}`);
      onSaved();
    });
  }
  return (
    <form className="sup-form" onSubmit={save} aria-label={group ? `${t('admin.edit')} ${localized(group.name)}` : t('admin.new')}>
      <NameFields value={name} onChange={setName} />
      <FormActions busy={submit.busy} isNew={!group} onDelete={() => void remove()} />
      {submit.view}
    </form>
  );
}

function ServiceForm({ centerId, service, groups, onSaved }: { centerId: string; service: Service | null; groups: ServiceGroup[]; onSaved: () => void }) {
  const [prefix, setPrefix] = useState(service?.prefix ?? '');
  const [name, setName] = useState<Localized>(service?.name ?? { en: '', ur: '' });
  const [groupId, setGroupId] = useState(service?.groupId ? String(service.groupId) : '');
  const [target, setTarget] = useState(String(service?.slaTargetMinutes ?? 15));
  const [allowsPriority, setAllowsPriority] = useState(service?.allowsPriority ?? true);
  const [cap, setCap] = useState(service?.dailyCap ? String(service.dailyCap) : '');
  const [hours, setHours] = useState(formatHours(service?.openingHours ?? null));
  const [active, setActive] = useState(service?.active ?? true);
  const submit = useSubmit();
  function save(e: FormEvent) {
    e.preventDefault();
    void submit.run(async () => {
      const openingHours = parseHours(hours);
      if (openingHours === undefined) throw new Error(t('admin.badHours'));
      const body = {
        prefix: prefix.trim().toUpperCase(),
        name,
        groupId: groupId ? Number(groupId) : null,
        slaTargetMinutes: Number(target),
        allowsPriority,
        dailyCap: cap ? Number(cap) : null,
        openingHours,
        active,
      };
      if (service) await api.patch(`/api/v1/admin/services/${service.id}`, body);
      else await api.post('/api/v1/admin/services', { centerId, ...body });
      onSaved();
    });
  }
  async function remove() {
    if (!service) return;
    await submit.run(async () => {
      const r = await api.delete<{ deleted: false; service: Service } | null>(`/api/v1/admin/services/${service.id}`);
      onSaved();
      return r ? t('admin.deactivated') : undefined;
    });
  }
  return (
    <form className="sup-form" onSubmit={save} aria-label={service ? `${t('admin.edit')} ${service.prefix}` : t('admin.new')}>
      <div className="sup-form-row">
        <Field label={t('admin.prefix')}>
          <input name="prefix" dir="ltr" value={prefix} maxLength={3} pattern="[A-Za-z]{1,3}" required onChange={(e) => setPrefix(e.target.value)} />
        </Field>
        <Field label={t('admin.target')}>
          <input name="target" type="number" min={1} max={1440} value={target} onChange={(e) => setTarget(e.target.value)} />
        </Field>
        <Field label={t('admin.dailyCap')}>
          <input name="dailyCap" type="number" min={1} value={cap} onChange={(e) => setCap(e.target.value)} />
        </Field>
      </div>
      <NameFields value={name} onChange={setName} />
      <Field label={t('admin.group')}>
        <select name="group" value={groupId} onChange={(e) => setGroupId(e.target.value)}>
          <option value="">{t('admin.noGroup')}</option>
          {groups.map((g) => (
            <option key={g.id} value={g.id}>
              {localized(g.name)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('admin.hours')}>
        <input name="hours" dir="ltr" value={hours} onChange={(e) => setHours(e.target.value)} />
      </Field>
      <CheckField name="allowsPriority" label={t('admin.allowsPriority')} checked={allowsPriority} onChange={setAllowsPriority} />
      <CheckField name="active" label={t('admin.active')} checked={active} onChange={setActive} />
      <FormActions busy={submit.busy} isNew={!service} onDelete={() => void remove()} />
      {submit.view}
    </form>
  );
}

function CounterForm({ centerId, counter, services, onSaved }: { centerId: string; counter: Counter | null; services: Service[]; onSaved: () => void }) {
  const [name, setName] = useState(counter?.name ?? '');
  const [zone, setZone] = useState(counter?.zone ?? '');
  const [active, setActive] = useState(counter?.active ?? true);
  const [weights, setWeights] = useState<Record<number, string>>(() => Object.fromEntries((counter?.services ?? []).map((s) => [s.serviceId, String(s.weight)])));
  const submit = useSubmit();
  function save(e: FormEvent) {
    e.preventDefault();
    void submit.run(async () => {
      const skills = Object.entries(weights)
        .filter(([, w]) => Number(w) > 0)
        .map(([id, w]) => ({ serviceId: Number(id), weight: Number(w) }));
      const body = { name: name.trim(), zone: zone.trim() || null, services: skills, active };
      if (counter) await api.patch(`/api/v1/admin/counters/${counter.id}`, body);
      else await api.post('/api/v1/admin/counters', { centerId, ...body });
      onSaved();
    });
  }
  return (
    <form className="sup-form" onSubmit={save} aria-label={counter ? `${t('admin.edit')} ${counter.name}` : t('admin.new')}>
      <div className="sup-form-row">
        <Field label={t('live.counter')}>
          <input name="counterName" value={name} required maxLength={60} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label={t('admin.zone')}>
          <input name="zone" dir="ltr" value={zone} maxLength={40} onChange={(e) => setZone(e.target.value)} />
        </Field>
      </div>
      <fieldset className="sup-weights">
        <legend>{t('admin.weights')}</legend>
        {services.map((s) => (
          <label key={s.id} className="field sup-weight">
            <span>
              <span className="code">{s.prefix}</span> {localized(s.name)}
            </span>
            <input type="number" min={0} max={100} name={`weight-${s.prefix}`} value={weights[s.id] ?? '0'} onChange={(e) => setWeights({ ...weights, [s.id]: e.target.value })} />
          </label>
        ))}
      </fieldset>
      <CheckField name="active" label={t('admin.active')} checked={active} onChange={setActive} />
      <FormActions busy={submit.busy} isNew={!counter} />
      {submit.view}
    </form>
  );
}

function UserForm({ user, onSaved }: { user: User | null; onSaved: () => void }) {
  const [username, setUsername] = useState(user?.username ?? '');
  const [name, setName] = useState(user?.name ?? '');
  const [role, setRole] = useState<Role>(user?.role ?? 'operator');
  const [password, setPassword] = useState('');
  const [active, setActive] = useState(user?.active ?? true);
  const submit = useSubmit();
  function save(e: FormEvent) {
    e.preventDefault();
    void submit.run(async () => {
      if (user) await api.patch(`/api/v1/admin/users/${user.id}`, { name, role, active, ...(password ? { password } : {}) });
      else await api.post('/api/v1/admin/users', { username: username.trim(), name, role, password });
      setPassword('');
      onSaved();
    });
  }
  return (
    <form className="sup-form" onSubmit={save} aria-label={user ? `${t('admin.edit')} ${user.username}` : t('admin.new')}>
      <div className="sup-form-row">
        <Field label={t('admin.username')}>
          <input name="username" dir="ltr" autoComplete="off" value={username} disabled={!!user} required onChange={(e) => setUsername(e.target.value)} />
        </Field>
        <Field label={t('admin.nameEn')}>
          <input name="name" value={name} required onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label={t('admin.role')}>
          <select name="role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {(['operator', 'supervisor', 'admin'] as const).map((r) => (
              <option key={r} value={r}>
                {t(`admin.role.${r}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field label={user ? t('admin.resetPassword') : t('admin.password')}>
        <input name="password" type="password" dir="ltr" autoComplete="new-password" minLength={8} required={!user} value={password} onChange={(e) => setPassword(e.target.value)} />
      </Field>
      {user && <CheckField name="active" label={t('admin.active')} checked={active} onChange={setActive} />}
      <FormActions busy={submit.busy} isNew={!user} />
      {submit.view}
    </form>
  );
}

/** A name in the other language, for lists where admins check both spellings at a glance. */
function OtherName({ name }: { name: Localized }) {
  const other = getLanguage() === 'ur' ? 'en' : 'ur';
  return (
    <span className="muted" lang={other} dir={other === 'ur' ? 'rtl' : 'ltr'}>
      {name[other]}
    </span>
  );
}

/** Administration (admin role): the centers, service groups, services, counters, staff, and the change log. */
export function AdminView({ centerId, onCentersChanged, onSwitchCenter }: { centerId: string; onCentersChanged: () => void; onSwitchCenter: (centerId: string) => void }) {
  useLanguage();
  const ref = useReference(centerId);
  const [section, setSection] = useState<Section>('services');
  const [groups, setGroups] = useState<ServiceGroup[] | null>(null);
  const [users, setUsers] = useState<User[] | null>(null);
  const [audit, setAudit] = useState<AuditEntry[] | null>(null);
  const order = useSubmit();

  async function reloadGroups() {
    setGroups(await api.get<ServiceGroup[]>(`/api/v1/admin/centers/${centerId}/service-groups`).catch(() => []));
  }
  async function reloadAll() {
    await ref.reload();
    await reloadGroups();
    setUsers(await api.get<User[]>('/api/v1/admin/users').catch(() => []));
    setAudit(await api.get<AuditEntry[]>(`/api/v1/admin/audit?centerId=${centerId}&limit=50`).catch(() => []));
  }
  useEffect(() => {
    void reloadAll();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [centerId]);
  /** What a form calls once the server took the change: close it and show the new state. */
  const done = (close: () => void) => () => {
    close();
    void reloadAll();
  };

  const membersOf = (groupId: number) => ref.services.filter((s) => s.groupId === groupId).length;
  const groupName = (groupId: number | null) => localized(groups?.find((g) => g.id === groupId)?.name) || t('admin.noGroup');
  /** Moves a group one place up or down; the kiosk shows groups in this order. Only changed positions are sent. */
  function move(index: number, by: -1 | 1) {
    void order.run(async () => {
      const list = [...(groups ?? [])];
      const [moved] = list.splice(index, 1);
      list.splice(index + by, 0, moved!);
      for (const [position, g] of list.entries()) {
        if (g.sortOrder !== position) await api.patch(`/api/v1/admin/service-groups/${g.id}`, { sortOrder: position });
      }
      await reloadGroups();
      return t('admin.orderSaved');
    });
  }

  const sections: Section[] = ['center', 'groups', 'services', 'counters', 'users', 'audit'];
  return (
    <div className="sup-admin">
      <nav className="sup-subtabs" aria-label={t('sup.tab.admin')}>
        {sections.map((s) => (
          <button key={s} type="button" className={`btn btn-quiet ${section === s ? 'sup-tab-current' : ''}`} aria-current={section === s ? 'page' : undefined} onClick={() => setSection(s)}>
            {t(`admin.${s}`)}
          </button>
        ))}
      </nav>
      {!ref.center && <p role="status">{ref.error ? errorText(errorCode(ref.error)) : t('loading')}</p>}

      {section === 'center' && ref.center && (
        <>
          <section className="card" aria-labelledby="admin-center-title">
            <h2 id="admin-center-title">{t('admin.center')}</h2>
            <CenterForm
              key={ref.center.id}
              center={ref.center}
              template={ref.center}
              onSaved={() => {
                void reloadAll();
                onCentersChanged();
              }}
            />
          </section>
          <NewCenter template={ref.center} onCreated={onCentersChanged} onSwitch={onSwitchCenter} />
          <TimezoneList />
        </>
      )}

      {section === 'groups' && (
        <EditableList
          name="groups"
          title={t('admin.groups')}
          items={groups}
          describe={(g) => (
            <>
              <span className="sup-name">{localized(g.name)}</span> · <OtherName name={g.name} /> · <span className="num">{membersOf(g.id) === 1 ? t('admin.groupMembers.one') : t('admin.groupMembers', { n: membersOf(g.id) })}</span>
            </>
          )}
          actions={(g, index) => (
            <>
              <button type="button" className="btn btn-quiet" disabled={order.busy || index === 0} onClick={() => move(index, -1)} aria-label={t('admin.moveUp', { name: localized(g.name) })}>
                ↑
              </button>
              <button type="button" className="btn btn-quiet" disabled={order.busy || index === (groups?.length ?? 0) - 1} onClick={() => move(index, 1)} aria-label={t('admin.moveDown', { name: localized(g.name) })}>
                ↓
              </button>
            </>
          )}
          editLabel={(g) => `${t('admin.edit')} ${localized(g.name)}`}
          form={(g, close) => <GroupForm key={g?.id ?? 'new'} centerId={centerId} group={g} nextOrder={Math.max(-1, ...(groups ?? []).map((x) => x.sortOrder)) + 1} members={g ? membersOf(g.id) : 0} onSaved={done(close)} />}
          footer={order.view}
        />
      )}

      {section === 'services' && (
        <EditableList
          name="services"
          title={t('admin.services')}
          items={ref.services}
          describe={(s) => (
            <>
              <span className="code">{s.prefix}</span> {localized(s.name)} · {groupName(s.groupId)} · <span className="num">{t('live.minutes', { n: s.slaTargetMinutes })}</span> {!s.active && <span className="badge">{t('admin.inactive')}</span>}
            </>
          )}
          editLabel={(s) => `${t('admin.edit')} ${s.prefix}`}
          form={(s, close) => <ServiceForm key={s?.id ?? 'new'} centerId={centerId} service={s} groups={groups ?? []} onSaved={done(close)} />}
        />
      )}

      {section === 'counters' && (
        <EditableList
          name="counters"
          title={t('admin.counters')}
          items={ref.counters}
          describe={(c) => (
            <>
              <span className="num">{c.name}</span> · {c.zone ?? '–'} · {c.services.map((k) => `${ref.services.find((s) => s.id === k.serviceId)?.prefix ?? k.serviceId}×${k.weight}`).join(', ')} {!c.active && <span className="badge">{t('admin.inactive')}</span>}
            </>
          )}
          editLabel={(c) => `${t('admin.edit')} ${t('live.counter')} ${c.name}`}
          form={(c, close) => <CounterForm key={c?.id ?? 'new'} centerId={centerId} counter={c} services={ref.services} onSaved={done(close)} />}
        />
      )}

      {section === 'users' && (
        <EditableList
          name="users"
          title={t('admin.users')}
          items={users}
          describe={(u) => (
            <>
              <span className="num">{u.username}</span> · {u.name} · {t(`admin.role.${u.role}`)} {!u.active && <span className="badge">{t('admin.inactive')}</span>}
            </>
          )}
          editLabel={(u) => `${t('admin.edit')} ${u.username}`}
          form={(u, close) => <UserForm key={u?.id ?? 'new'} user={u} onSaved={done(close)} />}
        />
      )}

      {section === 'audit' && (
        <section className="card" aria-labelledby="admin-audit-title">
          <h2 id="admin-audit-title">{t('admin.audit')}</h2>
          {!audit ? (
            <p role="status">{t('loading')}</p>
          ) : (
            <div className="sup-table-wrap">
              <table className="sup-table">
                <thead>
                  <tr>
                    <th scope="col">{t('admin.when')}</th>
                    <th scope="col">{t('admin.who')}</th>
                    <th scope="col">{t('admin.what')}</th>
                    <th scope="col">{t('admin.details')}</th>
                  </tr>
                </thead>
                <tbody>
                  {audit.map((a) => (
                    <tr key={a.id}>
                      <td className="num">{new Date(a.at).toLocaleString('en-GB')}</td>
                      <td>{a.actor?.name ?? '–'}</td>
                      <td className="num">
                        {a.entity} {a.entityId} · {a.action}
                      </td>
                      <td className="num sup-json">{a.data ? JSON.stringify(a.data) : ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </div>
  );
}
