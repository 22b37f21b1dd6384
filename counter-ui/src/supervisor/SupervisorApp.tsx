import { useState } from 'react';
import { LanguageToggle, LoginForm, centerIdFromUrl, t, useLanguage, useSession } from '../lib';
import './messages';
import './supervisor.css';
import { LiveView } from './LiveView';
import { StatsView } from './StatsView';
import { AdminView } from './AdminView';

type Tab = 'live' | 'stats' | 'admin';

/** The supervisor and admin screens at /counter/supervisor: live hall, statistics, administration. */
export function SupervisorApp() {
  useLanguage();
  const session = useSession();
  const centerId = centerIdFromUrl();
  const [tab, setTab] = useState<Tab>('live');

  if (session.loading) {
    return (
      <main className="page">
        <p role="status">{t('loading')}</p>
      </main>
    );
  }
  if (!session.user) {
    return (
      <main className="page">
        <div className="sup-login-lang">
          <LanguageToggle />
        </div>
        <LoginForm title={t('sup.loginTitle')} />
      </main>
    );
  }
  const user = session.user;
  if (user.role !== 'supervisor' && user.role !== 'admin') {
    return (
      <main className="page">
        <section className="card sup-forbidden" aria-labelledby="forbidden-title">
          <h1 id="forbidden-title">{t('sup.forbidden.title')}</h1>
          <p>{t('sup.forbidden.text', { name: user.name, role: t(`admin.role.${user.role}`) })}</p>
          <p className="sup-actions">
            <a className="btn btn-primary" href={`/counter/?center=${centerId}`}>
              {t('sup.forbidden.console')}
            </a>
            <LanguageToggle />
            <button type="button" className="btn btn-quiet" onClick={() => void session.logout()}>
              {t('logout')}
            </button>
          </p>
        </section>
      </main>
    );
  }
  const tabs: Tab[] = user.role === 'admin' ? ['live', 'stats', 'admin'] : ['live', 'stats'];
  return (
    <>
      <header className="topbar">
        <h1>{t('sup.title')}</h1>
        <nav aria-label={t('sup.tabs')} className="sup-tabs">
          {tabs.map((k) => (
            <button key={k} type="button" className={`btn btn-quiet ${tab === k ? 'sup-tab-current' : ''}`} aria-current={tab === k ? 'page' : undefined} onClick={() => setTab(k)}>
              {t(`sup.tab.${k}`)}
            </button>
          ))}
        </nav>
        <span className="spacer" />
        <span>{t('signedInAs', { name: user.name })}</span>
        <LanguageToggle />
        <button type="button" className="btn btn-quiet" onClick={() => void session.logout()}>
          {t('logout')}
        </button>
      </header>
      <main className="page">
        {tab === 'live' && <LiveView centerId={centerId} />}
        {tab === 'stats' && <StatsView centerId={centerId} />}
        {tab === 'admin' && user.role === 'admin' && <AdminView centerId={centerId} />}
      </main>
    </>
  );
}
