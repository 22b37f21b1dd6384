import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { Holiday, IssuingState, IssuingStop, Service, SetIssuingStopBody } from '@navbat/shared';
import { centerToday, errorCode, errorText, localized, serverNow, t, useLanguage, wallClock } from '../../lib';
import { Field, useSubmit } from './AdminFields';
import { closuresApi } from './closures-api';
import './closures-messages';
import './closures.css';

/** Today's `HH:MM` in the centre's zone as an instant (ISO-8601 UTC). */
function todayAt(hhmm: string, timeZone: string, now = new Date(serverNow())): string {
  const { date } = wallClock(now, timeZone);
  const asUtc = Date.parse(`${date}T${hhmm}:00.000Z`);
  // The zone's offset at that moment: how far its wall clock is from UTC.
  const shown = wallClock(new Date(asUtc), timeZone);
  const offset = Date.parse(`${shown.date}T${shown.time}:00.000Z`) - asUtc;
  return new Date(asUtc - offset).toISOString();
}

/** "Issuing" or "Stopped (until HH:MM)" with the reason, for one row. */
function StopState({ stop, timeZone }: { stop: IssuingStop | null; timeZone: string }) {
  if (!stop) return <span className="badge cl-on">{t('cl.issuing')}</span>;
  return (
    <span className="cl-state">
      <span className="badge cl-off">{stop.until ? t('cl.stoppedUntil', { time: wallClock(new Date(stop.until), timeZone).time }) : t('cl.stopped')}</span>
      {stop.reason && <span className="cl-reason">{stop.reason}</span>}
    </span>
  );
}

/** Stop or resume issuing for the centre and for each service, with a shared reason and resume time. */
function IssuingPanel({ centerId, services, timeZone }: { centerId: string; services: Service[]; timeZone: string }) {
  const [state, setState] = useState<IssuingState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState('');
  const submit = useSubmit();
  const reload = useCallback(async () => {
    try {
      setState(await closuresApi.issuing(centerId));
      setError(null);
    } catch (e) {
      setError(errorText(errorCode(e)));
    }
  }, [centerId]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const body = (): SetIssuingStopBody => {
    const at = until ? todayAt(until, timeZone) : undefined;
    if (at && Date.parse(at) <= Date.now()) throw new Error(t('cl.untilPast'));
    return { ...(reason.trim() ? { reason: reason.trim() } : {}), ...(at ? { until: at } : {}) };
  };
  const act = (fn: () => Promise<unknown>) =>
    void submit.run(async () => {
      await fn();
      await reload();
    });
  const names = new Map(services.map((s) => [s.id, s]));
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    act(() => closuresApi.stopCenter(centerId, body()));
  };
  return (
    <section className="card" aria-labelledby="cl-issuing-title" data-testid="closures-issuing">
      <h2 id="cl-issuing-title">{t('cl.issuingTitle')}</h2>
      <p className="muted">{t('cl.issuingIntro')}</p>
      {state?.holidayToday && (
        <p className="notice" role="status">
          {t('cl.holidayToday', { reason: state.holidayToday.reason })}
        </p>
      )}
      <form className="sup-form cl-stop-form" onSubmit={onSubmit} aria-label={t('cl.stop')}>
        <Field label={t('cl.reason')} hint={t('cl.reasonHint')}>
          <input name="reason" maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
        <Field label={t('cl.until')} hint={t('cl.untilHint')}>
          <input name="until" type="time" dir="ltr" value={until} onChange={(e) => setUntil(e.target.value)} />
        </Field>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!state && !error && <p role="status">{t('loading')}</p>}
      {state && (
        <div className="sup-table-wrap">
          <table className="sup-table cl-table">
            <thead>
              <tr>
                <th scope="col">{t('cl.service')}</th>
                <th scope="col">{t('cl.state')}</th>
                <th scope="col">{t('cl.action')}</th>
              </tr>
            </thead>
            <tbody>
              {[{ serviceId: null, stop: state.center }, ...state.services].map(({ serviceId, stop }) => {
                const service = serviceId === null ? null : names.get(serviceId);
                const name = service ? `${service.prefix} · ${localized(service.name)}` : t('cl.wholeCenter');
                return (
                  <tr key={serviceId ?? 'center'} data-service={serviceId ?? 'center'} className={serviceId === null ? 'cl-center-row' : undefined}>
                    <th scope="row" className="cl-name">
                      {name}
                    </th>
                    <td>
                      <StopState stop={stop} timeZone={timeZone} />
                    </td>
                    <td>
                      {stop ? (
                        <button type="button" className="btn" disabled={submit.busy} aria-label={t('cl.resumeOf', { name })} onClick={() => act(() => (serviceId === null ? closuresApi.resumeCenter(centerId) : closuresApi.resumeService(serviceId)))}>
                          {t('cl.resume')}
                        </button>
                      ) : (
                        <button type="button" className="btn btn-danger" disabled={submit.busy} aria-label={t('cl.stopOf', { name })} onClick={() => act(() => (serviceId === null ? closuresApi.stopCenter(centerId, body()) : closuresApi.stopService(serviceId, body())))}>
                          {t('cl.stop')}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {submit.view}
    </section>
  );
}

/** The centre's holidays from today on: add one (date and reason), remove one. */
function HolidaysPanel({ centerId, timeZone }: { centerId: string; timeZone: string }) {
  const { language } = useLanguage();
  const [holidays, setHolidays] = useState<Holiday[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [date, setDate] = useState('');
  const [reason, setReason] = useState('');
  const submit = useSubmit({ ALREADY_EXISTS: t('cl.holidayExists') });
  const reload = useCallback(async () => {
    try {
      setHolidays(await closuresApi.holidays(centerId, centerToday(timeZone)));
      setError(null);
    } catch (e) {
      setError(errorText(errorCode(e)));
    }
  }, [centerId, timeZone]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const add = (e: FormEvent) => {
    e.preventDefault();
    void submit.run(async () => {
      await closuresApi.addHoliday(centerId, { date, reason: reason.trim() });
      setDate('');
      setReason('');
      await reload();
    });
  };
  const longDate = (d: string) => new Date(`${d}T12:00:00Z`).toLocaleDateString(language === 'ur' ? 'ur-PK' : 'en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  return (
    <section className="card" aria-labelledby="cl-holidays-title" data-testid="closures-holidays">
      <h2 id="cl-holidays-title">{t('cl.holidaysTitle')}</h2>
      <p className="muted">{t('cl.holidaysIntro')}</p>
      <form className="sup-form cl-holiday-form" onSubmit={add} aria-label={t('cl.addHoliday')}>
        <Field label={t('cl.date')}>
          <input name="date" type="date" dir="ltr" required value={date} onChange={(e) => setDate(e.target.value)} />
        </Field>
        <Field label={t('cl.holidayReason')} hint={t('cl.holidayReasonHint')}>
          <input name="holidayReason" required maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
        <p className="sup-actions">
          <button type="submit" className="btn btn-primary" disabled={submit.busy} aria-busy={submit.busy}>
            {t('cl.addHoliday')}
          </button>
        </p>
      </form>
      {submit.view}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!holidays && !error && <p role="status">{t('loading')}</p>}
      {holidays?.length === 0 && <p className="muted">{t('cl.noHolidays')}</p>}
      {holidays && holidays.length > 0 && (
        <ul className="sup-list cl-holidays" data-testid="holiday-list">
          {holidays.map((h) => (
            <li key={h.date} data-date={h.date}>
              <span className="sup-list-text cl-holiday-text">
                <strong>{longDate(h.date)}</strong>
                <span className="cl-reason">{h.reason}</span>
              </span>
              <button
                type="button"
                className="btn btn-quiet"
                disabled={submit.busy}
                aria-label={t('cl.removeOf', { date: longDate(h.date) })}
                onClick={() =>
                  void submit.run(async () => {
                    await closuresApi.removeHoliday(centerId, h.date);
                    await reload();
                  })
                }
              >
                {t('cl.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Administration → Holidays & issuing: stop issuing now (centre or service) and the holiday calendar. */
export function ClosuresSection({ centerId, services, timeZone }: { centerId: string; services: Service[]; timeZone: string }) {
  useLanguage();
  return (
    <div className="cl-section" data-testid="admin-closures-section">
      <IssuingPanel centerId={centerId} services={services} timeZone={timeZone} />
      <HolidaysPanel centerId={centerId} timeZone={timeZone} />
    </div>
  );
}
