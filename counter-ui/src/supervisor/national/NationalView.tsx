import { useCallback, useEffect, useId, useState } from 'react';
import type { CenterOverview, Overview, Pressure, WeeklyReport } from '@navbat/shared';
import { errorCode, errorText, formatDuration, localized, t, useLanguage } from '../../lib';
import { nationalApi } from './national-api';
import './messages';
import './national.css';

/** How often the view asks again: "live" for a page watched from a control room, light for the server. */
export const refreshSeconds = 10;

const rank: Record<Pressure, number> = { alert: 0, warn: 1, ok: 2 };
const slaClass: Record<Pressure, string> = { ok: 'sla-ok', warn: 'sla-near', alert: 'sla-over' };
const percent = (p: number | null) => (p === null ? '–' : `${Math.round(p)}%`);
const clockTime = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** Problems first: past target, then near it; then the longest lines. */
const byPressure = (a: CenterOverview, b: CenterOverview) => rank[a.pressure] - rank[b.pressure] || b.waiting - a.waiting || a.centerId.localeCompare(b.centerId);

function useOverview() {
  const [overview, setOverview] = useState<Overview | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    const load = async () => {
      try {
        const o = await nationalApi.overview();
        if (!alive) return;
        setOverview(o);
        setFailed(null);
      } catch (e) {
        if (alive) setFailed(errorCode(e));
      }
    };
    void load();
    const timer = setInterval(() => void load(), refreshSeconds * 1000);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, []);
  return { overview, failed };
}

function CentreRow({ c }: { c: CenterOverview }) {
  return (
    <tr data-center-id={c.centerId} data-pressure={c.pressure}>
      <th scope="row" className="nat-name">
        {localized(c.name)}
        <span className="nat-id">{c.centerId}</span>
      </th>
      <td>
        <span className={`sla ${slaClass[c.pressure]}`}>{t(`nat.pressure.${c.pressure}`)}</span>
        {!c.open && <span className="badge nat-closed">{t('nat.closed')}</span>}
      </td>
      <td className="num" data-testid="nat-waiting">
        {c.waiting}
      </td>
      <td>
        <span className="num">{formatDuration(c.longestWaitSeconds)}</span>
        {c.targetSeconds !== null && <span className="nat-sub">{t('nat.target', { time: formatDuration(c.targetSeconds) })}</span>}
        {c.servicesOverTarget > 0 && <span className="nat-sub nat-over">{t('nat.overTarget', { n: c.servicesOverTarget })}</span>}
      </td>
      <td className="num">{c.countersOpen}</td>
      <td className="num">{c.servedToday}</td>
      <td className="num">{percent(c.slaMetPercentToday)}</td>
      <td className="num">{c.avgRatingToday === null ? '–' : c.avgRatingToday.toFixed(1)}</td>
    </tr>
  );
}

function WeeklyCard() {
  const [weekOf, setWeekOf] = useState<string>('');
  const [shown, setShown] = useState<string | null>(null);
  const [report, setReport] = useState<WeeklyReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const load = useCallback(async (week: string | null) => {
    setError(null);
    try {
      setReport(await nationalApi.weekly(week));
      setShown(week);
    } catch (e) {
      setError(errorText(errorCode(e)));
    }
  }, []);
  useEffect(() => void load(null), [load]);
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('nat.weekly')}</h2>
      <form
        className="nat-week-form"
        onSubmit={(e) => {
          e.preventDefault();
          void load(weekOf || null);
        }}
      >
        <label htmlFor={`${id}-week`}>{t('nat.weekOf')}</label>
        <input id={`${id}-week`} type="date" value={weekOf} onChange={(e) => setWeekOf(e.target.value)} />
        <button type="submit" className="btn">
          {t('nat.show')}
        </button>
        <button
          type="button"
          className="btn btn-quiet"
          onClick={() => {
            setWeekOf('');
            void load(null);
          }}
        >
          {t('nat.lastWeek')}
        </button>
        <a className="btn btn-quiet" href={nationalApi.weeklyCsvHref(shown)} download>
          {t('nat.csv')}
        </a>
      </form>
      {error && <p role="alert">{error}</p>}
      {!report ? (
        !error && <p role="status">{t('loading')}</p>
      ) : (
        <div className="sup-table-wrap">
          <table className="sup-table" data-testid="nat-weekly">
            <caption>{t('nat.week', { from: report.from, to: report.to })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('nat.centre')}</th>
                <th scope="col">{t('nat.issued')}</th>
                <th scope="col">{t('nat.servedWeek')}</th>
                <th scope="col">{t('nat.noShow')}</th>
                <th scope="col">{t('nat.avgWait')}</th>
                <th scope="col">{t('nat.p90')}</th>
                <th scope="col">{t('nat.slaWeek')}</th>
                <th scope="col">{t('nat.ratingWeek')}</th>
              </tr>
            </thead>
            <tbody>
              {report.centers.map((c) => (
                <tr key={c.centerId}>
                  <th scope="row" className="nat-name">
                    {localized(c.name)}
                  </th>
                  <td className="num">{c.issued}</td>
                  <td className="num">{c.served}</td>
                  <td className="num">{c.noShow}</td>
                  <td className="num">{formatDuration(c.avgWaitSeconds)}</td>
                  <td className="num">{formatDuration(c.p90WaitSeconds)}</td>
                  <td className="num">{percent(c.slaMetPercent)}</td>
                  <td className="num">{c.avgRating === null ? '–' : c.avgRating.toFixed(1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Every centre side by side, for an administrator of several (the national view). */
export function NationalView() {
  useLanguage();
  const { overview, failed } = useOverview();
  const centres = overview ? [...overview.centers].sort(byPressure) : [];
  const waiting = centres.reduce((n, c) => n + c.waiting, 0);
  const alerts = centres.filter((c) => c.pressure === 'alert').length;
  return (
    <div className="nat">
      <section className="card" aria-labelledby="nat-title">
        <div className="nat-head">
          <h2 id="nat-title">{t('nat.title')}</h2>
          {overview && (
            <p className={`conn ${failed ? 'conn-offline' : 'conn-online'}`} role="status">
              {failed ? t('nat.stale', { time: clockTime(overview.at) }) : t('nat.updated', { time: clockTime(overview.at) })}
            </p>
          )}
        </div>
        <p className="nat-intro">{t('nat.intro', { n: refreshSeconds })}</p>
        {!overview ? (
          failed ? <p role="alert">{errorText(failed)}</p> : <p role="status">{t('loading')}</p>
        ) : (
          <>
            <p className="nat-summary" data-testid="nat-summary">
              {t('nat.summary', { centres: centres.length, waiting, alerts })}
            </p>
            <div className="sup-table-wrap">
              <table className="sup-table nat-table" data-testid="nat-centres">
                <thead>
                  <tr>
                    <th scope="col">{t('nat.centre')}</th>
                    <th scope="col">{t('nat.state')}</th>
                    <th scope="col">{t('nat.waiting')}</th>
                    <th scope="col">{t('nat.longest')}</th>
                    <th scope="col">{t('nat.counters')}</th>
                    <th scope="col">{t('nat.served')}</th>
                    <th scope="col">{t('nat.sla')}</th>
                    <th scope="col">{t('nat.rating')}</th>
                  </tr>
                </thead>
                <tbody>
                  {centres.map((c) => (
                    <CentreRow key={c.centerId} c={c} />
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
      <WeeklyCard />
    </div>
  );
}
