import type { Center, Counter, Service, User } from '@navbat/shared';
import { t } from '../../lib';

type Section = 'services' | 'counters' | 'users';

/**
 * "Set up your centre": what a new centre still lacks before its hall can run (services, counters that
 * serve them, operator accounts), each step a button to its administration form; gone once all are there.
 */
export function SetupChecklist({ center, services, counters, users, onGo }: { center: Center; services: Service[]; counters: Counter[]; users: User[] | null; onGo: (section: Section) => void }) {
  const operators = (users ?? []).filter((u) => u.role === 'operator' && u.active).length;
  const serving = counters.filter((c) => c.active && c.services.some((s) => s.weight > 0)).length;
  const steps: { section: Section; done: boolean; label: string; count: string }[] = [
    { section: 'services', done: services.some((s) => s.active), label: t('setup.step.services'), count: t('setup.count.services', { n: services.filter((s) => s.active).length }) },
    { section: 'counters', done: serving > 0, label: t('setup.step.counters'), count: t('setup.count.counters', { n: serving }) },
    { section: 'users', done: operators > 0, label: t('setup.step.staff'), count: t('setup.count.staff', { n: operators }) },
  ];
  if (users === null || steps.every((s) => s.done)) return null;
  const next = steps.find((s) => !s.done)!;
  return (
    <section className="card setup" aria-labelledby="setup-checklist-title" data-testid="setup-checklist">
      <h2 id="setup-checklist-title">{t('setup.checklist')}</h2>
      <ol className="setup-steps">
        <li className="setup-done">
          {t('setup.step.center')} <span className="badge badge-ok">{t('setup.done')}</span>
        </li>
        {steps.map((s) => (
          <li key={s.section} className={s.done ? 'setup-done' : s === next ? 'setup-current' : ''}>
            <button type="button" className={`btn ${s === next ? 'btn-primary' : 'btn-quiet'}`} onClick={() => onGo(s.section)} data-step={s.section}>
              {s.label}
            </button>{' '}
            <span className="muted">{s.count}</span> {s.done && <span className="badge badge-ok">{t('setup.done')}</span>}
          </li>
        ))}
      </ol>
      <p className="muted">
        {t('setup.screens')} <span className="num">/kiosk?center={center.id}</span> · <span className="num">/display?center={center.id}</span> · <span className="num">/counter?center={center.id}</span>
      </p>
    </section>
  );
}
