import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { CenterSummary } from '@navbat/shared';
import { LanguageToggle, LoginForm, NotSetUp, browserTimeZone, centerIdFromUrl, localized, t, useCenters, useLanguage, useSession } from '../lib';
import './messages';
import './supervisor.css';
import { LiveView } from './LiveView';
import { StatsView } from './StatsView';
import { AdminView } from './admin/AdminView';
import { PlanView } from './plan/PlanView';
import { DevicesView } from './devices/DevicesView';
import { SetupCenter } from './setup/SetupCenter';
import { ControlView } from './control/ControlView';

type Tab = 'live' | 'control' | 'stats' | 'plan' | 'admin';

const CENTER_KEY = 'navbat.supervisor.center';

/** The center to open: `?center=` in the address, else the one chosen last on this device, else the default. */
function initialCenter(): { id: string; fromUrl: boolean } {
  if (new URLSearchParams(window.location.search).has('center')) return { id: centerIdFromUrl(), fromUrl: true };
  try {
    const saved = localStorage.getItem(CENTER_KEY);
    if (saved) return { id: centerIdFromUrl(`?center=${encodeURIComponent(saved)}`), fromUrl: false };
  } catch {
    // storage may be disabled; the default centre then
  }
  return { id: centerIdFromUrl(), fromUrl: false };
}

/**
 * The center the supervisor works on, and the list to switch between (`GET /api/v1/centers`). A choice is
 * remembered on this device and written into the address, so a reload or a bookmark opens the same centre.
 */
function useCenterChoice() {
  const [initial] = useState(initialCenter);
  const [centerId, setCenterId] = useState(initial.id);
  // Polled while there is none, so a supervisor waiting for the administrator sees the centre appear.
  const { centers, reload: reloadCenters } = useCenters();
  const choose = useCallback((id: string) => {
    setCenterId(id);
    try {
      localStorage.setItem(CENTER_KEY, id);
    } catch {
      // not remembered, still switched
    }
    const url = new URL(window.location.href);
    url.searchParams.set('center', id);
    window.history.replaceState(null, '', url);
  }, []);
  // A remembered centre that is gone (another database) falls back to the first one, once, on the first list;
  // an address is kept as typed (the views then say the centre does not exist).
  const checked = useRef(initial.fromUrl);
  useEffect(() => {
    if (checked.current || !centers?.length) return;
    checked.current = true;
    if (!centers.some((c) => c.id === initial.id)) choose(centers[0]!.id);
  }, [centers, initial.id, choose]);
  return { centerId, centers, choose, reloadCenters };
}

function CenterPicker({ centerId, centers, onChoose }: { centerId: string; centers: CenterSummary[] | null; onChoose: (id: string) => void }) {
  const listed = centers ?? [];
  const id = useId();
  return (
    <span className="sup-center-picker">
      <label htmlFor={id}>{t('sup.center')}</label>
      <select id={id} name="center" value={centerId} onChange={(e) => onChoose(e.target.value)} aria-busy={centers === null}>
        {!listed.some((c) => c.id === centerId) && <option value={centerId}>{centerId}</option>}
        {listed.map((c) => (
          <option key={c.id} value={c.id}>
            {localized(c.name)} ({c.id})
          </option>
        ))}
      </select>
    </span>
  );
}

/** The control room: acting on the hall, and the hall's devices beside it (the top bar stays one line). */
function ControlArea({ centerId }: { centerId: string }) {
  const [part, setPart] = useState<'hall' | 'devices'>('hall');
  return (
    <>
      <nav className="sup-subtabs" aria-label={t('sup.tab.control')}>
        {(['hall', 'devices'] as const).map((p) => (
          <button key={p} type="button" data-section={p} className={`btn btn-quiet ${part === p ? 'sup-tab-current' : ''}`} aria-current={part === p ? 'page' : undefined} onClick={() => setPart(p)}>
            {t(p === 'hall' ? 'sup.control.hall' : 'sup.tab.devices')}
          </button>
        ))}
      </nav>
      {part === 'hall' ? <ControlView centerId={centerId} /> : <DevicesView centerId={centerId} />}
    </>
  );
}

/** The supervisor and admin screens at /counter/supervisor: live hall, statistics, administration. */
export function SupervisorApp() {
  useLanguage();
  const session = useSession();
  const [tab, setTab] = useState<Tab>('live');
  const allowed = session.user?.role === 'supervisor' || session.user?.role === 'admin';
  const { centerId, centers, choose, reloadCenters } = useCenterChoice();

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
  if (!allowed) {
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
  const tabs: Tab[] = user.role === 'admin' ? ['live', 'control', 'stats', 'plan', 'admin'] : ['live', 'control', 'stats', 'plan'];
  // A new installation: the administrator is led to create the centre; others are told it is not there yet.
  const noCenter = centers !== null && !centers.some((c) => c.id === centerId);
  // Dates on the supervisor's screens are the centre's days, whatever the browser's zone.
  const timeZone = centers?.find((c) => c.id === centerId)?.timezone ?? browserTimeZone();
  let content: React.ReactNode;
  if (centers !== null && centers.length === 0 && user.role === 'admin')
    content = (
      <SetupCenter
        onCreated={(c) => {
          reloadCenters();
          choose(c.id);
          setTab('admin');
        }}
      />
    );
  else if (noCenter) content = <NotSetUp centers={centers} wanted={centerId} role={user.role} linkTo={(id) => `/counter/supervisor?center=${encodeURIComponent(id)}`} />;
  else
    content = (
      <>
        {tab === 'live' && <LiveView centerId={centerId} />}
        {tab === 'control' && <ControlArea centerId={centerId} />}
        {tab === 'stats' && <StatsView centerId={centerId} timeZone={timeZone} />}
        {tab === 'plan' && <PlanView centerId={centerId} timeZone={timeZone} />}
        {tab === 'admin' && user.role === 'admin' && <AdminView centerId={centerId} onCentersChanged={reloadCenters} onSwitchCenter={choose} />}
      </>
    );
  return (
    <>
      <header className="topbar sup-topbar">
        <h1>{t('sup.title')}</h1>
        <nav aria-label={t('sup.tabs')} className="sup-tabs" hidden={noCenter}>
          {tabs.map((k) => (
            <button key={k} type="button" className={`btn btn-quiet ${tab === k ? 'sup-tab-current' : ''}`} aria-current={tab === k ? 'page' : undefined} onClick={() => setTab(k)}>
              {t(`sup.tab.${k}`)}
            </button>
          ))}
        </nav>
        {centers?.length !== 0 && <CenterPicker centerId={centerId} centers={centers} onChoose={choose} />}
        <span className="spacer" />
        <span className="sup-user" title={t('signedInAs', { name: user.name })}>
          <span className="visually-hidden">{t('signedInAs', { name: '' })}</span>
          {user.name}
        </span>
        <LanguageToggle />
        <button type="button" className="btn btn-quiet" onClick={() => void session.logout()}>
          {t('logout')}
        </button>
      </header>
      {/* Keyed by centre: switching starts every view afresh (sockets, forms, feeds) on the chosen centre. */}
      <main className="page" key={centerId}>
        {centers === null ? <p role="status">{t('loading')}</p> : content}
      </main>
    </>
  );
}
