import { roleRank } from '@navbat/shared';
import { centerIdFromUrl } from '../lib/api';
import { t, useLanguage } from '../lib/i18n';
import { LanguageToggle } from '../lib/LanguageToggle';
import { LoginForm } from '../lib/LoginForm';
import { useSession } from '../lib/useSession';
import { Console } from './Console';
import './messages';
import './console.css';

/** The operator's counter console at /counter?center=ID: sign in, pick a counter, work it. */
export function ConsoleApp() {
  useLanguage();
  const { user, loading, logout } = useSession();
  const centerId = centerIdFromUrl();

  if (loading) {
    return (
      <main className="page">
        <p role="status" className="loading">
          {t('loading')}
        </p>
      </main>
    );
  }
  if (!user) {
    return (
      <>
        <header className="topbar">
          <h1>{t('app.title')}</h1>
          <span className="spacer" />
          <LanguageToggle />
        </header>
        <main className="page">
          <LoginForm />
        </main>
      </>
    );
  }
  const isSupervisor = roleRank[user.role] >= roleRank.supervisor;
  return <Console centerId={centerId} user={user} onLogout={logout} supervisorLink={isSupervisor} />;
}
