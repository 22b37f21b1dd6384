import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Plan, WhatIfResult } from '@navbat/shared';
import { centerToday, errorCode, errorText, formatDuration, isoWeekday, t, useLanguage } from '../../lib';
import { planApi } from './plan-api';
import { PlanChart } from './PlanChart';
import { FormCard, NumberField } from '../FormCard';
import { ReplayCard } from './ReplayCard';
import { SeatsCard } from '../bookings/SeatsCard';
import './plan.css';

const num = (v: string) => (v.trim() === '' ? undefined : Number(v));

interface Target {
  percent: string;
  minutes: string;
}

function WhatIfCalculator({ centerId, target }: { centerId: string; target: Target }) {
  const [arrivals, setArrivals] = useState('60');
  const [serviceMinutes, setServiceMinutes] = useState('8');
  const [counters, setCounters] = useState('');
  const [patienceMinutes, setPatienceMinutes] = useState('');
  const [result, setResult] = useState<WhatIfResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setError(null);
    try {
      const patience = num(patienceMinutes);
      const n = num(counters);
      setResult(
        await planApi.whatIf(centerId, {
          arrivalsPerHour: Number(arrivals),
          avgServiceSeconds: Number(serviceMinutes) * 60,
          targetPercent: Number(target.percent),
          targetSeconds: Number(target.minutes) * 60,
          ...(n !== undefined ? { counters: n } : {}),
          ...(patience !== undefined ? { patienceSeconds: patience * 60 } : {}),
        }),
      );
    } catch (e) {
      setResult(null);
      setError(errorText(errorCode(e)));
    }
  };
  const pct = (v: number) => `${Math.round(v * 10) / 10}%`;
  return (
    <FormCard
      id="whatif"
      title={t('plan.whatIf')}
      hint={t('plan.whatIfHint')}
      submitLabel={t('plan.calculate')}
      error={error}
      onSubmit={() => void submit()}
      fields={
        <>
          <NumberField label={t('plan.arrivalsPerHour')} name="arrivalsPerHour" min="0.01" max="100000" step="any" required value={arrivals} onChange={setArrivals} />
          <NumberField label={t('plan.serviceMinutes')} name="serviceMinutes" min="0.1" max="1440" step="any" required value={serviceMinutes} onChange={setServiceMinutes} />
          <NumberField label={t('plan.countersOptional')} name="counters" min="1" max="5000" step="1" value={counters} onChange={setCounters} />
          <NumberField label={t('plan.patienceOptional')} name="patienceMinutes" min="0.1" max="1440" step="any" value={patienceMinutes} onChange={setPatienceMinutes} />
        </>
      }
    >
      {result && (
        <dl className="sup-kpis" data-testid="whatif-result">
          <div className="sup-kpi">
            <dt>{t('plan.recommended')}</dt>
            <dd className="num" data-testid="whatif-recommended">
              {result.recommendedCounters}
            </dd>
          </div>
          <div className="sup-kpi">
            <dt>{t('plan.load')}</dt>
            <dd className="num">{Math.round(result.offeredLoad * 100) / 100}</dd>
          </div>
          <div className="sup-kpi">
            <dt>{t('plan.withCounters', { n: result.counters })}</dt>
            <dd className="num">{pct(result.erlangA?.serviceLevelPercent ?? result.erlangC.serviceLevelPercent)}</dd>
          </div>
          <div className="sup-kpi">
            <dt>{t('plan.avgWait')}</dt>
            <dd className="num">{result.erlangA ? formatDuration(result.erlangA.avgWaitSeconds) : result.erlangC.avgWaitSeconds === null ? t('plan.unbounded') : formatDuration(result.erlangC.avgWaitSeconds)}</dd>
          </div>
          <div className="sup-kpi">
            <dt>{t('plan.probWait')}</dt>
            <dd className="num">{pct(100 * (result.erlangA?.probWait ?? result.erlangC.probWait))}</dd>
          </div>
          <div className="sup-kpi">
            <dt>{t('plan.occupancy')}</dt>
            <dd className="num">{pct(result.erlangC.occupancyPercent)}</dd>
          </div>
          {result.erlangA && (
            <div className="sup-kpi">
              <dt>{t('plan.giveUp')}</dt>
              <dd className="num">{pct(100 * result.erlangA.probAbandon)}</dd>
            </div>
          )}
        </dl>
      )}
    </FormCard>
  );
}

/** The staffing planner: counters needed per hour of a weekday against counters scheduled and opened, and a what-if calculator. */
export function PlanView({ centerId, timeZone }: { centerId: string; timeZone: string }) {
  const { language } = useLanguage();
  const [weekday, setWeekday] = useState(() => isoWeekday(centerToday(timeZone)));
  const [weeks, setWeeks] = useState('6');
  const [target, setTarget] = useState<Target>({ percent: '80', minutes: '10' });
  const [plan, setPlan] = useState<Plan | null>(null);
  const [scheduled, setScheduled] = useState<Record<string, string>>({});
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      const p = await planApi.weekday(centerId, { weekday, weeks: Number(weeks), targetPercent: Number(target.percent), targetSeconds: Number(target.minutes) * 60 });
      setPlan(p);
      // Scheduled starts from what the hall opened; the supervisor edits it hour by hour.
      setScheduled((s) => Object.fromEntries(p.hours.map((h) => [h.hour, s[h.hour] ?? String(Math.round(h.opened))])));
    } catch (e) {
      setError(errorText(errorCode(e)));
    } finally {
      setLoading(false);
    }
  }, [centerId, weekday, weeks, target]);
  useEffect(() => {
    void load();
    // first show only; later the Show button reloads
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const chart = useMemo(() => {
    if (!plan) return null;
    return [
      { label: t('plan.needed'), color: '#0a4a8a', values: plan.hours.map((h) => h.counters) },
      { label: t('plan.scheduled'), color: '#8a4b0a', dash: [8, 5], values: plan.hours.map((h) => num(scheduled[h.hour] ?? '') ?? null) },
      { label: t('plan.opened'), color: '#0b5d3b', values: plan.hours.map((h) => Math.round(h.opened * 10) / 10) },
    ];
    // labels depend on the language too
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [plan, scheduled, language]);
  const peak = plan?.hours.reduce((m, h) => Math.max(m, h.counters), 0) ?? 0;
  const weekdayName = (d: number) => t(`plan.weekday.${d}`);

  return (
    <div className="sup-stats plan">
      <FormCard
        id="plan"
        title={t('plan.title')}
        submitLabel={t('plan.show')}
        busy={loading}
        error={error}
        onSubmit={() => void load()}
        fields={
          <>
            <label className="field">
              <span>{t('plan.weekday')}</span>
              <select name="weekday" value={weekday} onChange={(e) => setWeekday(Number(e.target.value))}>
                {[1, 2, 3, 4, 5, 6, 7].map((d) => (
                  <option key={d} value={d}>
                    {weekdayName(d)}
                  </option>
                ))}
              </select>
            </label>
            <NumberField label={t('plan.weeks')} name="weeks" min="1" max="52" required value={weeks} onChange={setWeeks} />
            <NumberField label={t('plan.targetPercent')} name="targetPercent" min="1" max="99.9" step="any" required value={target.percent} onChange={(v) => setTarget({ ...target, percent: v })} />
            <NumberField label={t('plan.targetMinutes')} name="targetMinutes" min="0" max="1440" step="any" required value={target.minutes} onChange={(v) => setTarget({ ...target, minutes: v })} />
          </>
        }
      >
        {plan && (
          <p data-testid="plan-summary">
            {plan.hours.length === 0
              ? t('plan.empty', { weekday: weekdayName(plan.weekday), weeks: plan.weeks })
              : t('plan.summary', { weekday: weekdayName(plan.weekday), weeks: plan.days, percent: plan.targetPercent, minutes: plan.targetSeconds / 60 })}{' '}
            {plan.hours.length > 0 && (
              <strong>
                {t('plan.peak')} <span className="num" data-testid="plan-peak">{peak}</span>
              </strong>
            )}
          </p>
        )}
      </FormCard>

      {plan && chart && plan.hours.length > 0 && (
        <section className="card" aria-labelledby="plan-hours-title">
          <h2 id="plan-hours-title" className="visually-hidden">
            {t('plan.byHour')}
          </h2>
          <PlanChart hours={plan.hours.map((h) => h.hour)} series={chart} title={t('plan.chart')} summary={plan.hours.map((h) => `${h.hour}: ${h.counters} / ${scheduled[h.hour] ?? '–'} / ${Math.round(h.opened * 10) / 10}`).join('; ')} />
          <div className="sup-table-wrap">
            <table className="sup-table">
              <caption>{t('plan.byHour')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('plan.hour')}</th>
                  <th scope="col">{t('plan.arrivals')}</th>
                  <th scope="col">{t('plan.needed')}</th>
                  <th scope="col">{t('plan.opened')}</th>
                  <th scope="col">{t('plan.scheduled')}</th>
                </tr>
              </thead>
              <tbody>
                {plan.hours.map((h) => {
                  const s = num(scheduled[h.hour] ?? '');
                  const short = s !== undefined && s < h.counters;
                  return (
                    <tr key={h.hour} className={short ? 'plan-short' : undefined}>
                      <th scope="row" className="num">
                        {h.hour}:00
                      </th>
                      <td className="num">{Math.round(h.services.reduce((a, x) => a + x.arrivalsPerHour, 0) * 10) / 10}</td>
                      <td className="num" data-hour-needed={h.hour}>
                        {h.counters}
                      </td>
                      <td className="num">{Math.round(h.opened * 10) / 10}</td>
                      <td>
                        <input
                          className="plan-scheduled"
                          type="number"
                          min="0"
                          max="5000"
                          dir="ltr"
                          aria-label={t('plan.scheduledAt', { hour: `${h.hour}:00` })}
                          value={scheduled[h.hour] ?? ''}
                          onChange={(e) => setScheduled({ ...scheduled, [h.hour]: e.target.value })}
                        />
                        {short && <span className="plan-short-note"> {t('plan.short', { n: h.counters - s })}</span>}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      )}

      <WhatIfCalculator centerId={centerId} target={target} />
      <SeatsCard centerId={centerId} timeZone={timeZone} />
      <ReplayCard centerId={centerId} timeZone={timeZone} />
    </div>
  );
}
