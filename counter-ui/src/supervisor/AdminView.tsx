import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { AuditEntry, Center, Counter, OpeningHours, PriorityCategory, Role, Service, ServiceGroup, User } from '@navbat/shared';
import { api, errorCode, errorText, localized, t, useLanguage } from '../lib';
import { useReference } from './useReference';

type Section = 'center' | 'services' | 'counters' | 'users' | 'audit';

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

/** Runs an admin request with busy and message state, so every form reports success or the refusal. */
function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  async function run(fn: () => Promise<string | void>) {
    setBusy(true);
    setMessage(null);
    try {
      const text = await fn();
      setMessage({ ok: true, text: text || t('admin.saved') });
    } catch (e) {
      setMessage({ ok: false, text: e instanceof Error && !('code' in e) ? e.message : errorText(errorCode(e)) });
    } finally {
      setBusy(false);
    }
  }
  const view: ReactNode = message ? (
    <p className={message.ok ? 'notice' : 'error'} role={message.ok ? 'status' : 'alert'}>
      {message.text}
    </p>
  ) : null;
  return { busy, run, view };
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="field">
      <span>{label}</span>
      {children}
    </label>
  );
}

function CenterForm({ center, onSaved }: { center: Center; onSaved: () => void }) {
  const [en, setEn] = useState(center.name.en);
  const [ur, setUr] = useState(center.name.ur);
  const [timezone, setTimezone] = useState(center.timezone);
  const [hours, setHours] = useState(formatHours(center.openingHours));
  const [categories, setCategories] = useState(center.priorityCategories.map((c) => `${c.code} | ${c.name.en} | ${c.name.ur}`).join('\n'));
  const [priorityRun, setPriorityRun] = useState(String(center.priorityRun));
  const [pauseAlert, setPauseAlert] = useState(String(center.pauseAlertMinutes));
  const submit = useSubmit();
  function save(e: FormEvent) {
    e.preventDefault();
    void submit.run(async () => {
      const openingHours = parseHours(hours);
      if (openingHours === undefined) throw new Error(t('admin.badHours'));
      const priorityCategories = parseCategories(categories);
      if (!priorityCategories) throw new Error(t('admin.badCategories'));
      await api.patch(`/api/v1/admin/centers/${center.id}`, { name: { en, ur }, timezone, openingHours, priorityCategories, priorityRun: Number(priorityRun), pauseAlertMinutes: Number(pauseAlert) });
      onSaved();
    });
  }
  return (
    <form className="sup-form" onSubmit={save} aria-labelledby="center-form-title">
      <h3 id="center-form-title" className="num">
        {center.id}
      </h3>
      <Field label={t('admin.nameEn')}>
        <input name="nameEn" value={en} onChange={(e) => setEn(e.target.value)} required />
      </Field>
      <Field label={t('admin.nameUr')}>
        <input name="nameUr" lang="ur" dir="rtl" value={ur} onChange={(e) => setUr(e.target.value)} required />
      </Field>
      <Field label={t('admin.timezone')}>
        <input name="timezone" dir="ltr" value={timezone} onChange={(e) => setTimezone(e.target.value)} required />
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
      <button type="submit" className="btn btn-primary" disabled={submit.busy} aria-busy={submit.busy}>
        {t('admin.save')}
      </button>
      {submit.view}
    </form>
  );
}

function ServiceForm({ centerId, service, groups, onSaved }: { centerId: string; service: Service | null; groups: ServiceGroup[]; onSaved: () => void }) {
  const [prefix, setPrefix] = useState(service?.prefix ?? '');
  const [en, setEn] = useState(service?.name.en ?? '');
  const [ur, setUr] = useState(service?.name.ur ?? '');
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
        name: { en, ur },
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
      <Field label={t('admin.nameEn')}>
        <input name="nameEn" value={en} required onChange={(e) => setEn(e.target.value)} />
      </Field>
      <Field label={t('admin.nameUr')}>
        <input name="nameUr" lang="ur" dir="rtl" value={ur} required onChange={(e) => setUr(e.target.value)} />
      </Field>
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
      <label className="sup-check">
        <input type="checkbox" name="allowsPriority" checked={allowsPriority} onChange={(e) => setAllowsPriority(e.target.checked)} /> {t('admin.allowsPriority')}
      </label>
      <label className="sup-check">
        <input type="checkbox" name="active" checked={active} onChange={(e) => setActive(e.target.checked)} /> {t('admin.active')}
      </label>
      <p className="sup-actions">
        <button type="submit" className="btn btn-primary" disabled={submit.busy} aria-busy={submit.busy}>
          {service ? t('admin.save') : t('admin.create')}
        </button>
        {service && (
          <button type="button" className="btn btn-danger" disabled={submit.busy} onClick={() => void remove()}>
            {t('admin.delete')}
          </button>
        )}
      </p>
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
      <label className="sup-check">
        <input type="checkbox" name="active" checked={active} onChange={(e) => setActive(e.target.checked)} /> {t('admin.active')}
      </label>
      <button type="submit" className="btn btn-primary" disabled={submit.busy} aria-busy={submit.busy}>
        {counter ? t('admin.save') : t('admin.create')}
      </button>
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
      {user && (
        <label className="sup-check">
          <input type="checkbox" name="active" checked={active} onChange={(e) => setActive(e.target.checked)} /> {t('admin.active')}
        </label>
      )}
      <button type="submit" className="btn btn-primary" disabled={submit.busy} aria-busy={submit.busy}>
        {user ? t('admin.save') : t('admin.create')}
      </button>
      {submit.view}
    </form>
  );
}

/** Administration (admin role): the center, services, counters, staff, and the change log. */
export function AdminView({ centerId }: { centerId: string }) {
  useLanguage();
  const ref = useReference(centerId);
  const [section, setSection] = useState<Section>('services');
  const [groups, setGroups] = useState<ServiceGroup[]>([]);
  const [users, setUsers] = useState<User[]>([]);
  const [audit, setAudit] = useState<AuditEntry[] | null>(null);
  const [editing, setEditing] = useState<number | 'new' | null>(null);

  async function reloadAll() {
    await ref.reload();
    setGroups(await api.get<ServiceGroup[]>(`/api/v1/admin/centers/${centerId}/service-groups`).catch(() => []));
    setUsers(await api.get<User[]>('/api/v1/admin/users').catch(() => []));
    setAudit(await api.get<AuditEntry[]>(`/api/v1/admin/audit?centerId=${centerId}&limit=50`).catch(() => []));
  }
  useEffect(() => {
    void reloadAll();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [centerId]);
  const saved = () => {
    setEditing(null);
    void reloadAll();
  };

  const sections: Section[] = ['center', 'services', 'counters', 'users', 'audit'];
  return (
    <div className="sup-admin">
      <nav className="sup-subtabs" aria-label={t('sup.tab.admin')}>
        {sections.map((s) => (
          <button
            key={s}
            type="button"
            className={`btn btn-quiet ${section === s ? 'sup-tab-current' : ''}`}
            aria-current={section === s ? 'page' : undefined}
            onClick={() => {
              setSection(s);
              setEditing(null);
            }}
          >
            {t(`admin.${s === 'center' ? 'center' : s}`)}
          </button>
        ))}
      </nav>
      {!ref.center && <p role="status">{t('loading')}</p>}

      {section === 'center' && ref.center && (
        <section className="card" aria-labelledby="admin-center-title">
          <h2 id="admin-center-title">{t('admin.center')}</h2>
          <CenterForm key={ref.center.id} center={ref.center} onSaved={saved} />
        </section>
      )}

      {section === 'services' && (
        <section className="card" aria-labelledby="admin-services-title">
          <h2 id="admin-services-title">{t('admin.services')}</h2>
          <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
            {t('admin.new')}
          </button>
          {editing === 'new' && <ServiceForm centerId={centerId} service={null} groups={groups} onSaved={saved} />}
          <ul className="sup-list">
            {ref.services.map((s) => (
              <li key={s.id}>
                <span className="code">{s.prefix}</span> {localized(s.name)} · <span className="num">{t('live.minutes', { n: s.slaTargetMinutes })}</span> {!s.active && <span className="badge">{t('admin.inactive')}</span>}{' '}
                <button type="button" className="btn btn-quiet" onClick={() => setEditing(s.id)} aria-label={`${t('admin.edit')} ${s.prefix}`}>
                  {t('admin.edit')}
                </button>
                {editing === s.id && <ServiceForm key={s.id} centerId={centerId} service={s} groups={groups} onSaved={saved} />}
              </li>
            ))}
          </ul>
        </section>
      )}

      {section === 'counters' && (
        <section className="card" aria-labelledby="admin-counters-title">
          <h2 id="admin-counters-title">{t('admin.counters')}</h2>
          <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
            {t('admin.new')}
          </button>
          {editing === 'new' && <CounterForm centerId={centerId} counter={null} services={ref.services} onSaved={saved} />}
          <ul className="sup-list">
            {ref.counters.map((c) => (
              <li key={c.id}>
                <span className="num">{c.name}</span> · {c.zone ?? '–'} · {c.services.map((k) => `${ref.services.find((s) => s.id === k.serviceId)?.prefix ?? k.serviceId}×${k.weight}`).join(', ')}{' '}
                {!c.active && <span className="badge">{t('admin.inactive')}</span>}
                <button type="button" className="btn btn-quiet" onClick={() => setEditing(c.id)} aria-label={`${t('admin.edit')} ${t('live.counter')} ${c.name}`}>
                  {t('admin.edit')}
                </button>
                {editing === c.id && <CounterForm key={c.id} centerId={centerId} counter={c} services={ref.services} onSaved={saved} />}
              </li>
            ))}
          </ul>
        </section>
      )}

      {section === 'users' && (
        <section className="card" aria-labelledby="admin-users-title">
          <h2 id="admin-users-title">{t('admin.users')}</h2>
          <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
            {t('admin.new')}
          </button>
          {editing === 'new' && <UserForm user={null} onSaved={saved} />}
          <ul className="sup-list">
            {users.map((u) => (
              <li key={u.id}>
                <span className="num">{u.username}</span> · {u.name} · {t(`admin.role.${u.role}`)} {!u.active && <span className="badge">{t('admin.inactive')}</span>}
                <button type="button" className="btn btn-quiet" onClick={() => setEditing(u.id)} aria-label={`${t('admin.edit')} ${u.username}`}>
                  {t('admin.edit')}
                </button>
                {editing === u.id && <UserForm key={u.id} user={u} onSaved={saved} />}
              </li>
            ))}
          </ul>
        </section>
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
