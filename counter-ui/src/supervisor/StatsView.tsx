import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Stats, StatsRow } from '@navbat/shared';
import { api, centerToday, errorCode, errorText, formatDuration, localized, t, useLanguage } from '../lib';
import { BarChart } from './Chart';
import { TicketTimeline } from './TicketTimeline';
import { AccuracyCard } from './accuracy/AccuracyCard';
import { BookingStatsCard } from './bookings/BookingStatsCard';
import { DateField, FormCard, ltr } from './FormCard';
import { useReference, useUsers } from './useReference';
import { useSession } from '../lib';

const pct = (v: number | null) => (v === null ? '–' : `${v}%`);

function RowCells({ row }: { row: StatsRow }) {
  const noShowPct = row.issued ? Math.round((1000 * row.noShow) / row.issued) / 10 : null;
  return (
    <>
      <td className="num">{row.issued}</td>
      <td className="num">{row.served}</td>
      <td className="num">
        {row.noShow} ({pct(noShowPct)})
      </td>
      <td className="num">{row.cancelled}</td>
      <td className="num">{formatDuration(row.avgWaitSeconds)}</td>
      <td className="num">{formatDuration(row.p90WaitSeconds)}</td>
      <td className="num">{formatDuration(row.avgServiceSeconds)}</td>
      <td className="num">{pct(row.slaMetPercent)}</td>
      <td className="num">{row.avgRating ?? '–'}</td>
    </>
  );
}

function StatsTable({ title, rows, caption }: { title: string; caption: string; rows: { key: string | number; label: string; row: StatsRow }[] }) {
  return (
    <div className="sup-table-wrap">
      <table className="sup-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{title}</th>
            <th scope="col">{t('stats.issued')}</th>
            <th scope="col">{t('stats.served')}</th>
            <th scope="col">{t('stats.noShowPct')}</th>
            <th scope="col">{t('stats.cancelled')}</th>
            <th scope="col">{t('stats.avgWait')}</th>
            <th scope="col">{t('stats.p90Wait')}</th>
            <th scope="col">{t('stats.avgService')}</th>
            <th scope="col">{t('stats.sla')}</th>
            <th scope="col">{t('stats.rating')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.label}</th>
              <RowCells row={r.row} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Statistics for today or a range: totals, charts, tables per service/counter/operator, CSV, ticket timeline. */
export function StatsView({ centerId, timeZone }: { centerId: string; timeZone: string }) {
  const { language } = useLanguage();
  const session = useSession();
  const ref = useReference(centerId);
  const users = useUsers(session.user?.role === 'admin');
  const [from, setFrom] = useState(() => centerToday(timeZone));
  const [to, setTo] = useState(() => centerToday(timeZone));
  const [stats, setStats] = useState<Stats | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [ticketInput, setTicketInput] = useState('');
  const [timelineId, setTimelineId] = useState<number | null>(null);

  /** Loads the chosen range; without one, the server's "today" (the center's own day) fills the inputs. */
  const load = useCallback(async (range: { from: string; to: string } | null) => {
    setLoading(true);
    setError(null);
    try {
      const s = await api.stats(centerId, range ?? undefined);
      setStats(s);
      setFrom(s.from);
      setTo(s.to);
    } catch (e) {
      setError(errorText(errorCode(e)));
    } finally {
      setLoading(false);
    }
  }, [centerId]);
  useEffect(() => {
    void load(null);
    // only on first show; later the Show button reloads
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const serviceLabel = (id: number) => {
    const s = ref.services.find((x) => x.id === id);
    return s ? `${s.prefix} · ${localized(s.name)}` : `#${id}`;
  };
  const counterLabel = (id: number) => ref.counters.find((c) => c.id === id)?.name ?? `#${id}`;
  const operatorLabel = (id: number) => users.get(id)?.name ?? ref.counters.find((c) => c.operator?.id === id)?.operator?.name ?? `#${id}`;

  const charts = useMemo(() => {
    if (!stats) return null;
    const hours = stats.hourly.map((h) => h.hour);
    return {
      hourly: { labels: hours, series: [{ label: t('stats.arrivals'), color: '#0a4a8a', values: stats.hourly.map((h) => h.issued) }, { label: t('stats.served'), color: '#0b5d3b', values: stats.hourly.map((h) => h.served) }] },
      histogram: { labels: stats.waitHistogram.map((b) => (b.toMinutes === null ? `${b.fromMinutes}+` : String(b.fromMinutes))), series: [{ label: t('stats.people'), color: '#0a4a8a', values: stats.waitHistogram.map((b) => b.count) }] },
      sla: { labels: stats.services.map((s) => ref.services.find((x) => x.id === s.serviceId)?.prefix ?? `#${s.serviceId}`), series: [{ label: t('stats.sla'), color: '#0b5d3b', values: stats.services.map((s) => s.slaMetPercent) }] },
    };
    // labels depend on the language too
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stats, ref.services, language]);

  const csvHref = `/api/v1/centers/${centerId}/reports/tickets.csv?from=${from}&to=${to}`;
  return (
    <div className="sup-stats">
      <FormCard
        id="range"
        title={t('stats.range')}
        submitLabel={t('stats.show')}
        busy={loading}
        error={error}
        onSubmit={() => void load({ from, to })}
        fields={
          <>
            <DateField label={t('stats.from')} name="from" value={from} max={to} required onChange={setFrom} />
            <DateField label={t('stats.to')} name="to" value={to} min={from} required onChange={setTo} />
          </>
        }
        actions={
          <>
            <button
              type="button"
              className="btn btn-quiet"
              onClick={() => {
                setFrom(centerToday(timeZone));
                setTo(centerToday(timeZone));
              }}
            >
              {t('stats.today')}
            </button>
            <a className="btn btn-accent" href={csvHref} download data-testid="csv-link">
              {t('stats.csv')}
            </a>
          </>
        }
      />

      {loading && !stats && <p role="status">{t('loading')}</p>}
      {stats && (
        <>
          <section className="card" aria-labelledby="totals-title" data-testid="stats-totals">
            <h2 id="totals-title">
              {t('stats.totals')} <span className="num muted">({ltr(stats.from === stats.to ? stats.from : `${stats.from} – ${stats.to}`)})</span>
            </h2>
            {stats.totals.issued === 0 && <p>{t('stats.empty')}</p>}
            <dl className="sup-kpis">
              {(
                [
                  ['stats.issued', String(stats.totals.issued)],
                  ['stats.served', String(stats.totals.served)],
                  ['stats.noShowPct', pct(stats.totals.issued ? Math.round((1000 * stats.totals.noShow) / stats.totals.issued) / 10 : null)],
                  ['stats.cancelled', String(stats.totals.cancelled)],
                  ['stats.avgWait', formatDuration(stats.totals.avgWaitSeconds)],
                  ['stats.p90Wait', formatDuration(stats.totals.p90WaitSeconds)],
                  ['stats.avgService', formatDuration(stats.totals.avgServiceSeconds)],
                  ['stats.sla', pct(stats.totals.slaMetPercent)],
                  ['stats.rating', stats.totals.avgRating === null ? '–' : `${stats.totals.avgRating} / 5`],
                ] as const
              ).map(([k, v]) => (
                <div key={k} className="sup-kpi">
                  <dt>{t(k)}</dt>
                  <dd className="num" data-kpi={k}>
                    {v}
                  </dd>
                </div>
              ))}
            </dl>
          </section>

          <AccuracyCard centerId={centerId} from={stats.from} to={stats.to} serviceLabel={serviceLabel} />
          <BookingStatsCard centerId={centerId} from={stats.from} to={stats.to} serviceLabel={serviceLabel} />

          {charts && stats.totals.issued > 0 && (
            <section className="card sup-charts" aria-label={t('stats.charts')}>
              <BarChart title={t('stats.hourly')} labels={charts.hourly.labels} series={charts.hourly.series} summary={stats.hourly.map((h) => `${h.hour}: ${h.issued} / ${h.served}`).join('; ')} />
              <BarChart title={t('stats.histogram')} labels={charts.histogram.labels} series={charts.histogram.series} summary={charts.histogram.labels.map((l, i) => `${l}: ${charts.histogram.series[0]!.values[i]}`).join('; ')} />
              <BarChart title={t('stats.slaChart')} labels={charts.sla.labels} series={charts.sla.series} yMax={100} summary={charts.sla.labels.map((l, i) => `${l}: ${pct(charts.sla.series[0]!.values[i] ?? null)}`).join('; ')} />
            </section>
          )}

          <section className="card" aria-labelledby="tables-title">
            <h2 id="tables-title" className="visually-hidden">
              {t('stats.tables')}
            </h2>
            <StatsTable title={t('live.service')} caption={t('stats.byService')} rows={stats.services.map((r) => ({ key: r.serviceId, label: serviceLabel(r.serviceId), row: r }))} />
            <StatsTable title={t('live.counter')} caption={t('stats.byCounter')} rows={stats.counters.map((r) => ({ key: r.counterId, label: counterLabel(r.counterId), row: r }))} />
            <StatsTable title={t('live.operator')} caption={t('stats.byOperator')} rows={stats.operators.map((r) => ({ key: r.userId, label: operatorLabel(r.userId), row: r }))} />
          </section>
        </>
      )}

      <FormCard
        id="lookup"
        title={t('timeline.title')}
        submitLabel={t('timeline.show')}
        submitDisabled={!ticketInput}
        onSubmit={() => {
          const id = Number(ticketInput);
          if (Number.isInteger(id) && id > 0) setTimelineId(id);
        }}
        fields={
          <label className="field">
            <span>{t('timeline.ticketId')}</span>
            <input name="ticketId" inputMode="numeric" dir="ltr" value={ticketInput} onChange={(e) => setTicketInput(e.target.value.replace(/\D/g, ''))} />
          </label>
        }
      >
        {timelineId !== null && <TicketTimeline ticketId={timelineId} names={ref} onClose={() => setTimelineId(null)} />}
      </FormCard>
    </div>
  );
}
