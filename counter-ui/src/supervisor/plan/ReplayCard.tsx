import { useState } from 'react';
import type { ReplayFigures, ReplayResult } from '@navbat/shared';
import { centerToday, counterLabel, errorCode, errorText, formatDuration, localized, t, useLanguage } from '../../lib';
import { DateField, FormCard, NumberField, ltr } from '../FormCard';
import { useReference } from '../useReference';
import { planApi } from './plan-api';

/** One counter of the replay as the supervisor edits it: which services, from when to when (local HH:MM). */
interface TwinCounterDraft {
  id: number;
  serviceIds: number[];
  from: string;
  to: string;
}

/** The day before a YYYY-MM-DD date. */
const dayBefore = (date: string) => new Date(Date.parse(`${date}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
/** A time input cannot show 24:00 (the end of the day): it shows 23:59, which the replay reads the same within a minute. */
const asInput = (hhmm: string) => (hhmm === '24:00' ? '23:59' : hhmm);
const pct = (v: number | null) => (v === null ? '–' : `${Math.round(v * 10) / 10}%`);

/** Counters open in each local hour of the drafted staffing (a counter counts in every hour it overlaps). */
export function countersPerHour(counters: readonly TwinCounterDraft[]): { hour: string; n: number }[] {
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const hours: { hour: string; n: number }[] = [];
  for (let h = 0; h < 24; h++) {
    const n = counters.filter((c) => c.serviceIds.length > 0 && minutes(c.from) < (h + 1) * 60 && minutes(c.to) > h * 60).length;
    if (n > 0) hours.push({ hour: String(h).padStart(2, '0'), n });
  }
  return hours;
}

function FiguresTable({ result }: { result: ReplayResult }) {
  const rows: [string, (f: ReplayFigures) => string][] = [
    ['replay.avgWait', (f) => formatDuration(f.avgWaitSeconds)],
    ['replay.p90Wait', (f) => formatDuration(f.p90WaitSeconds)],
    ['replay.serviceLevel', (f) => pct(f.serviceLevelPercent)],
    ['replay.called', (f) => String(f.called)],
  ];
  return (
    <div className="sup-table-wrap">
      <table className="sup-table replay-figures" data-testid="replay-figures">
        <caption>{t('replay.caption', { date: ltr(result.date), tickets: result.tickets, minutes: Math.round(result.targetSeconds / 60) })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('replay.measure')}</th>
            <th scope="col">{t('replay.recorded')}</th>
            <th scope="col">{t('replay.replayed')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([key, value]) => (
            <tr key={key} data-measure={key}>
              <th scope="row">{t(key, { minutes: Math.round(result.targetSeconds / 60) })}</th>
              <td className="num" data-col="recorded">
                {value(result.recorded)}
              </td>
              <td className="num" data-col="replay">
                {value(result.replay)}
              </td>
            </tr>
          ))}
          <tr data-measure="replay.unserved">
            <th scope="row">{t('replay.unserved')}</th>
            <td className="num">–</td>
            <td className="num" data-col="replay">
              {result.replay.unserved}
            </td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

/**
 * The digital twin on the Plan page: load a recorded day with its own staffing, change the counters (their
 * services and hours, add or remove one), replay, and compare the replayed waits with what happened.
 */
export function ReplayCard({ centerId, timeZone }: { centerId: string; timeZone: string }) {
  useLanguage();
  const ref = useReference(centerId);
  const [date, setDate] = useState(() => dayBefore(centerToday(timeZone)));
  const [targetMinutes, setTargetMinutes] = useState('10');
  const [draft, setDraft] = useState<TwinCounterDraft[] | null>(null);
  const [result, setResult] = useState<ReplayResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function replay(counters: TwinCounterDraft[] | null) {
    setBusy(true);
    setError(null);
    try {
      const r = await planApi.replay(centerId, { date, targetSeconds: Number(targetMinutes) * 60, ...(counters ? { counters: counters.filter((c) => c.serviceIds.length > 0) } : {}) });
      setResult(r);
      // The day's own staffing becomes the draft the supervisor edits; a replay of an edited draft keeps the draft.
      if (!counters) setDraft(r.counters.map((c) => ({ ...c, from: asInput(c.from), to: asInput(c.to) })));
    } catch (e) {
      setResult(null);
      setError(errorText(errorCode(e)));
    } finally {
      setBusy(false);
    }
  }

  const counterName = (id: number) => {
    const name = ref.counters.find((c) => c.id === id)?.name;
    return name === undefined ? t('replay.newCounter', { id }) : counterLabel(name);
  };
  const update = (id: number, patch: Partial<TwinCounterDraft>) => setDraft((d) => d?.map((c) => (c.id === id ? { ...c, ...patch } : c)) ?? null);
  const addable = ref.counters.filter((c) => !draft?.some((d) => d.id === c.id));
  const perHour = draft ? countersPerHour(draft) : [];
  const usable = draft?.some((c) => c.serviceIds.length > 0) ?? false;

  return (
    <FormCard
      id="replay"
      className="replay"
      title={t('replay.title')}
      hint={t('replay.hint')}
      submitLabel={t('replay.load')}
      busy={busy && draft === null}
      error={error}
      onSubmit={() => {
        setDraft(null);
        void replay(null);
      }}
      testId="replay-card"
      fields={
        <>
          <DateField label={t('replay.date')} name="replayDate" value={date} max={centerToday(timeZone)} required onChange={setDate} />
          <NumberField label={t('replay.targetMinutes')} name="replayTargetMinutes" min="0" max="1440" step="any" required value={targetMinutes} onChange={setTargetMinutes} />
        </>
      }
    >
      {draft && (
        <div className="replay-draft" data-testid="replay-draft">
          <h3>{t('replay.counters')}</h3>
          {draft.length === 0 && <p className="muted">{t('replay.noCounters')}</p>}
          <ul className="replay-counters">
            {draft.map((c) => (
              <li key={c.id} data-counter={c.id}>
                <fieldset>
                  <legend>{counterName(c.id)}</legend>
                  <div className="replay-hours">
                    <label className="field">
                      <span>{t('replay.from')}</span>
                      <input type="time" name={`from-${c.id}`} value={c.from} required onChange={(e) => update(c.id, { from: e.target.value })} />
                    </label>
                    <label className="field">
                      <span>{t('replay.to')}</span>
                      <input type="time" name={`to-${c.id}`} value={c.to} required onChange={(e) => update(c.id, { to: e.target.value })} />
                    </label>
                    <button type="button" className="btn btn-quiet" aria-label={t('replay.removeCounter', { name: counterName(c.id) })} onClick={() => setDraft(draft.filter((x) => x.id !== c.id))}>
                      {t('replay.remove')}
                    </button>
                  </div>
                  <div className="replay-services" role="group" aria-label={t('replay.servicesOf', { name: counterName(c.id) })}>
                    {ref.services.map((s) => (
                      <label key={s.id} className="sup-check replay-service" title={localized(s.name)}>
                        <input
                          type="checkbox"
                          aria-label={`${s.prefix} · ${localized(s.name)}`}
                          name={`service-${c.id}-${s.id}`}
                          checked={c.serviceIds.includes(s.id)}
                          onChange={(e) => update(c.id, { serviceIds: e.target.checked ? [...c.serviceIds, s.id].sort((a, b) => a - b) : c.serviceIds.filter((x) => x !== s.id) })}
                        />{' '}
                        <span dir="ltr">{s.prefix}</span>
                      </label>
                    ))}
                  </div>
                </fieldset>
              </li>
            ))}
          </ul>
          <p className="sup-actions">
            {addable.length > 0 && (
              <button type="button" className="btn btn-quiet" onClick={() => setDraft([...draft, { id: addable[0]!.id, serviceIds: [], from: '09:00', to: '17:00' }])}>
                {t('replay.addCounter', { name: counterLabel(addable[0]!.name) })}
              </button>
            )}
            <button type="button" className="btn btn-primary" disabled={busy || !usable} aria-busy={busy} onClick={() => void replay(draft)}>
              {busy ? t('loading') : t('replay.run')}
            </button>
          </p>
          {perHour.length > 0 && (
            <p className="replay-per-hour" data-testid="replay-per-hour">
              <span className="replay-per-hour-label">{t('replay.perHour')}</span>{' '}
              {perHour.map((h) => (
                <span key={h.hour} className="badge" dir="ltr">
                  {h.hour}:00 · {h.n}
                </span>
              ))}
            </p>
          )}
        </div>
      )}
      {result && <FiguresTable result={result} />}
    </FormCard>
  );
}
