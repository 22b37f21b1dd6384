import type { CenterSummary, Role } from '@navbat/shared';
import { localized, t, useLanguage } from './i18n';

/**
 * What a staff screen shows instead of an endless "Loading…" or "Reconnecting…" when its centre is not
 * there: on a new installation, "not set up yet" and who can set it up; else the centres there are.
 */
export function NotSetUp({ centers, wanted, role, linkTo }: { centers: CenterSummary[]; wanted: string | null; role: Role; linkTo: (centerId: string) => string }) {
  useLanguage();
  const empty = centers.length === 0;
  return (
    <section className="card not-set-up" aria-labelledby="not-set-up-title" data-testid="not-set-up">
      <h2 id="not-set-up-title">{empty ? t('setup.notYet.title') : wanted ? t('setup.missing.title', { id: wanted }) : t('setup.choose.title')}</h2>
      {empty ? (
        <>
          <p>
            {t('setup.notYet.text')}{' '}
            <span className="num" dir="ltr">
              /counter/supervisor
            </span>
          </p>
          {role === 'admin' ? (
            <p>
              <a className="btn btn-primary" href="/counter/supervisor">
                {t('setup.notYet.start')}
              </a>
            </p>
          ) : (
            <p className="muted">{t('setup.notYet.askAdmin')}</p>
          )}
          <p className="muted" role="status">
            {t('setup.notYet.waiting')}
          </p>
        </>
      ) : (
        <ul className="not-set-up-centers">
          {centers.map((c) => (
            <li key={c.id}>
              <a className="btn" href={linkTo(c.id)}>
                {localized(c.name)} <span className="num">({c.id})</span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
