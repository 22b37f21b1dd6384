import { useState, type FormEvent } from 'react';
import type { Role, User } from '@navbat/shared';
import { t } from '../../lib';
import { CheckField, EditableList, Field, FormActions, useSubmit, type Done } from './AdminFields';
import { adminApi } from './admin-api';

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
      if (user) await adminApi.updateUser(user.id, { name, role, active, ...(password ? { password } : {}) });
      else await adminApi.createUser({ username: username.trim(), name, role, password });
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

/** The Staff tab: usernames, names and roles; a reset password or a deactivation ends the user's sessions. */
export function UsersSection({ users, done }: { users: User[] | null; done: Done }) {
  return (
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
  );
}
