import { roleRank } from '@navbat/shared';
import { chooseCenter, useCenters } from '../lib/centers';
import { t, useLanguage } from '../lib/i18n';
import { NotSetUp } from '../lib/NotSetUp';
import { SessionControls } from '../lib/SessionControls';
import { LanguageToggle } from '../lib/LanguageToggle';
import { LoginForm } from '../lib/LoginForm';
import { useSession } from '../lib/useSession';
import { Console } from './Console';
import './messages';
import './console.css';

const wanted = new URLSearchParams(window.location.search).get('center');

/**
 * The operator's counter console at /counter?center=ID (or /counter where there is one centre): sign in,
 * pick a counter, work it. A server without the centre says so instead of loading forever.
 */
export function ConsoleApp() {
  useLanguage();
  const { user, loading, logout } = useSession();
  const { centers } = useCenters();

  if (loading || (user && centers === null)) {
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
  const center = chooseCenter(centers ?? [], wanted);
  if (!center) {
    return (
      <>
        <header className="topbar">
          <h1>{t('app.title')}</h1>
          <span className="spacer" />
          <SessionControls name={user.name} onLogout={logout} />
        </header>
        <main className="page">
          <NotSetUp centers={centers ?? []} wanted={wanted} role={user.role} linkTo={(id) => `/counter/?center=${encodeURIComponent(id)}`} />
        </main>
      </>
    );
  }
  return <Console centerId={center.id} user={user} onLogout={logout} supervisorLink={isSupervisor} />;
}
