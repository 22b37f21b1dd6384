import { useState, type FormEvent } from 'react';
import type { User } from '@navbat/shared';
import { api, errorCode } from './api';
import { errorText, t, useLanguage } from './i18n';
import { setSessionUser, getSession } from './session-store';

export interface LoginFormProps {
  /** Called with the user after a successful sign-in (the shared session is already updated). */
  onLogin?: (user: User) => void;
  /** A heading above the form; defaults to "Staff sign in". */
  title?: string;
}

/** Username + password form for staff; shows plain-words errors and a note when the session expired. */
export function LoginForm({ onLogin, title }: LoginFormProps) {
  useLanguage();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const expired = getSession().expired;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const user = await api.login(username.trim(), password);
      setSessionUser(user);
      onLogin?.(user);
    } catch (err) {
      const code = errorCode(err);
      setError(code === 'INVALID_CREDENTIALS' || code === 'VALIDATION_ERROR' ? t('login.invalid') : errorText(code));
      setBusy(false);
    }
  }

  return (
    <form className="card login-form" onSubmit={submit} aria-labelledby="login-title" noValidate>
      <h1 id="login-title">{title ?? t('login.title')}</h1>
      {expired && !error && (
        <p className="notice" role="status">
          {t('login.expired')}
        </p>
      )}
      <label className="field">
        <span>{t('login.username')}</span>
        <input
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          dir="ltr"
          required
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
      </label>
      <label className="field">
        <span>{t('login.password')}</span>
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          dir="ltr"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="btn btn-primary" disabled={busy || !username || !password} aria-busy={busy}>
        {busy ? t('login.busy') : t('login.submit')}
      </button>
    </form>
  );
}
