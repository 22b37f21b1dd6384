import { useEffect, useRef, useState } from 'react';
import { waitPressure, type Counter, type QueueSummary } from '@navbat/shared';
import { api, connectStaff, counterLabel, errorCode, errorText, formatDuration, localized, t, useLanguage } from '../lib';
import { useNow, useReference } from './useReference';
import { TicketTimeline } from './TicketTimeline';

interface FeedItem {
  key: string;
  at: number;
  ticketId: number;
  code: string;
  text: string;
}

const slaLevels = { ok: 'ok', warn: 'near', alert: 'over' } as const;

/** Green / amber / red for a wait against its target (the shared rule: amber from 75 % of the target). */
const slaLevel = (waitSeconds: number | null, targetMinutes: number) => slaLevels[waitPressure(waitSeconds, targetMinutes * 60)];

/** The hall right now over the /staff socket: lines, counters, alerts, activity, and the ticker message. */
export function LiveView({ centerId }: { centerId: string }) {
  useLanguage();
  const ref = useReference(centerId);
  const now = useNow();
  const [summary, setSummary] = useState<QueueSummary | null>(null);
  const [counters, setCounters] = useState<Counter[]>([]);
  const [connected, setConnected] = useState(false);
  const [feed, setFeed] = useState<FeedItem[]>([]);
  const [timeline, setTimeline] = useState<{ id: number; code: string } | null>(null);
  const [ticker, setTicker] = useState('');
  const [tickerState, setTickerState] = useState<{ busy: boolean; message: string | null }>({ busy: false, message: null });
  // When each open counter last became free (for idle time); the snapshot starts it at the status change.
  const idleSince = useRef(new Map<number, number>());
  const serviceName = useRef(new Map<number, string>());
  serviceName.current = new Map(ref.services.map((s) => [s.id, `${s.prefix} · ${localized(s.name)}`]));

  useEffect(() => {
    if (ref.center) setTicker(ref.center.tickerMessage ?? '');
  }, [ref.center]);

  useEffect(() => {
    const socket = connectStaff(centerId);
    const trackIdle = (c: Counter, fromSnapshot: boolean) => {
      if (c.status === 'open' && !c.currentTicket) {
        if (!idleSince.current.has(c.id)) idleSince.current.set(c.id, fromSnapshot ? Date.parse(c.statusSince) : Date.now());
      } else idleSince.current.delete(c.id);
    };
    const resync = async () => {
      try {
        const list = await api.counters(centerId);
        list.forEach((c) => trackIdle(c, true));
        setCounters(list);
      } catch {
        // the next reconnect tries again
      }
      socket.emit('queue:sync', (answer) => {
        if (answer.ok) setSummary(answer.data);
      });
    };
    const push = (item: Omit<FeedItem, 'key' | 'at'>) =>
      setFeed((f) => [{ ...item, key: `${item.ticketId}-${Date.now()}-${Math.random()}`, at: Date.now() }, ...f].slice(0, 30));
    socket.on('connect', () => {
      setConnected(true);
      void resync();
    });
    socket.on('disconnect', () => setConnected(false));
    socket.on('queue:updated', (s) => setSummary(s));
    socket.on('counter:updated', ({ counter }) => {
      trackIdle(counter, false);
      setCounters((list) => (list.some((c) => c.id === counter.id) ? list.map((c) => (c.id === counter.id ? counter : c)) : [...list, counter]));
    });
    socket.on('ticket:issued', ({ ticket }) => push({ ticketId: ticket.id, code: ticket.code, text: t('live.issued', { code: ticket.code, service: serviceName.current.get(ticket.serviceId) ?? '' }) }));
    socket.on('ticket:updated', ({ ticket }) => {
      if (ticket.status === 'waiting') return;
      const text =
        ticket.status === 'called'
          ? t('live.called', { code: ticket.code, counter: counterLabel(ticket.counterName ?? '') })
          : t('live.status', { code: ticket.code, status: t(`status.${ticket.status}`) });
      push({ ticketId: ticket.id, code: ticket.code, text });
    });
    socket.on('center:updated', ({ tickerMessage }) => setTicker(tickerMessage ?? ''));
    return () => {
      socket.disconnect();
    };
  }, [centerId]);

  async function saveTicker(message: string | null) {
    setTickerState({ busy: true, message: null });
    try {
      await api.setTicker(centerId, message);
      if (message === null) setTicker('');
      setTickerState({ busy: false, message: t('ticker.saved') });
    } catch (e) {
      setTickerState({ busy: false, message: errorText(errorCode(e)) });
    }
  }

  const pauseLimit = (ref.center?.pauseAlertMinutes ?? 30) * 60;
  const lines = (summary?.services ?? []).map((s) => {
    const longest = s.oldestIssuedAt ? Math.max(0, (now - Date.parse(s.oldestIssuedAt)) / 1000) : null;
    const serving = counters.filter((c) => c.status === 'open' && c.services.some((k) => k.serviceId === s.serviceId)).map((c) => c.name);
    return { ...s, longest, level: slaLevel(longest, s.slaTargetMinutes), serving, name: serviceName.current.get(s.serviceId) ?? `#${s.serviceId}` };
  });
  const alerts = [
    ...lines.filter((l) => l.level === 'over').map((l) => ({ key: `s${l.serviceId}`, text: t('live.alert.wait', { service: l.name, time: formatDuration(l.longest), target: l.slaTargetMinutes }) })),
    ...counters
      .filter((c) => c.status === 'paused' && (now - Date.parse(c.statusSince)) / 1000 > pauseLimit)
      .map((c) => ({ key: `c${c.id}`, text: t('live.alert.pause', { counter: c.name, time: formatDuration((now - Date.parse(c.statusSince)) / 1000), reason: c.pauseReason ?? '' }) })),
    // People waiting where no open counter serves them: the line cannot move at all.
    ...lines.filter((l) => l.waiting > 0 && l.serving.length === 0).map((l) => ({ key: `n${l.serviceId}`, text: t('live.alert.unserved', { service: l.name, waiting: l.waiting }) })),
  ];

  return (
    <div className="sup-live">
      <div className="sup-live-head">
        <h2 data-testid="live-center">{ref.center ? localized(ref.center.name) : ref.error ? errorText(errorCode(ref.error)) : centerId}</h2>
        <p className={`conn ${connected ? 'conn-online' : 'conn-offline'}`} role="status">
          {connected ? t('conn.online') : t('conn.reconnecting')}
        </p>
      </div>

      <section className="card sup-alerts" aria-labelledby="alerts-title">
        <h2 id="alerts-title">{t('live.alerts')}</h2>
        <div aria-live="polite">
          {alerts.length === 0 ? (
            <p className="badge badge-ok">{t('live.noAlerts')}</p>
          ) : (
            <ul className="sup-alert-list">
              {alerts.map((a) => (
                <li key={a.key} className="sup-alert">
                  {a.text}
                </li>
              ))}
            </ul>
          )}
        </div>
      </section>

      <section className="card" aria-labelledby="lines-title">
        <h2 id="lines-title">{t('live.services')}</h2>
        {!summary ? (
          <p role="status">{t('loading')}</p>
        ) : (
          <div className="sup-table-wrap">
            <table className="sup-table" data-testid="live-services">
              <thead>
                <tr>
                  <th scope="col">{t('live.service')}</th>
                  <th scope="col">{t('live.waiting')}</th>
                  <th scope="col">{t('live.longest')}</th>
                  <th scope="col">{t('live.target')}</th>
                  <th scope="col">{t('live.estimate')}</th>
                  <th scope="col">{t('live.servingCounters')}</th>
                </tr>
              </thead>
              <tbody>
                {lines.map((l) => (
                  <tr key={l.serviceId} data-service-id={l.serviceId}>
                    <th scope="row">{l.name}</th>
                    <td className="num" data-testid="waiting">
                      {l.waiting}
                    </td>
                    <td>
                      <span className={`sla sla-${l.level}`}>
                        <span className="num">{formatDuration(l.longest)}</span> <span className="visually-hidden">{t(`live.sla.${l.level}`)}</span>
                      </span>
                    </td>
                    <td className="num">{t('live.minutes', { n: l.slaTargetMinutes })}</td>
                    <td className="num">{formatDuration(l.estimatedWaitSeconds)}</td>
                    <td>{l.serving.length ? l.serving.join(', ') : t('live.none')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card" aria-labelledby="counters-title">
        <h2 id="counters-title">{t('live.counters')}</h2>
        <div className="sup-table-wrap">
          <table className="sup-table" data-testid="live-counters">
            <thead>
              <tr>
                <th scope="col">{t('live.counter')}</th>
                <th scope="col">{t('live.state')}</th>
                <th scope="col">{t('live.operator')}</th>
                <th scope="col">{t('live.current')}</th>
                <th scope="col">{t('live.servedFor')}</th>
                <th scope="col">{t('live.idle')}</th>
              </tr>
            </thead>
            <tbody>
              {counters.length === 0 && (
                <tr>
                  <td colSpan={6} className="sup-empty">
                    {t('live.noCounters')}
                  </td>
                </tr>
              )}
              {counters.map((c) => {
                const since = (now - Date.parse(c.statusSince)) / 1000;
                const current = c.currentTicket;
                const servedFrom = current ? Date.parse(current.startedAt ?? current.calledAt ?? c.statusSince) : null;
                const idle = idleSince.current.get(c.id);
                const longPause = c.status === 'paused' && since > pauseLimit;
                return (
                  <tr key={c.id} data-counter-id={c.id}>
                    <th scope="row" className="num">
                      {c.name} {c.zone && <small className="muted">({c.zone})</small>}
                    </th>
                    <td>
                      <span className={`badge ${c.status === 'open' ? 'badge-ok' : c.status === 'paused' ? (longPause ? 'badge-danger' : 'badge-warn') : ''}`}>{t(`live.${c.status}`)}</span>{' '}
                      {c.status === 'paused' ? t('live.pausedFor', { time: formatDuration(since), reason: c.pauseReason ?? '' }) : c.status === 'open' ? t('live.for', { time: formatDuration(since) }) : null}
                    </td>
                    <td>{c.operator?.name ?? '–'}</td>
                    <td className="code">
                      {current ? (
                        <button type="button" className="btn btn-quiet" onClick={() => setTimeline({ id: current.id, code: current.code })}>
                          {current.code}
                        </button>
                      ) : (
                        '–'
                      )}
                    </td>
                    <td className="num">{servedFrom !== null ? formatDuration((now - servedFrom) / 1000) : '–'}</td>
                    <td className="num">{c.status === 'open' && !current && idle !== undefined ? formatDuration((now - idle) / 1000) : '–'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>

      <div className="sup-two">
        <section className="card" aria-labelledby="feed-title">
          <h2 id="feed-title">{t('live.feed')}</h2>
          {feed.length === 0 ? (
            <p className="muted">{t('live.feedEmpty')}</p>
          ) : (
            <ul className="sup-feed" data-testid="live-feed" aria-live="polite">
              {feed.map((f) => (
                <li key={f.key}>
                  <span className="num muted">{new Date(f.at).toLocaleTimeString('en-GB')}</span>{' '}
                  <button type="button" className="btn btn-quiet sup-feed-item" onClick={() => setTimeline({ id: f.ticketId, code: f.code })} aria-label={`${f.text} — ${t('live.timeline', { code: f.code })}`}>
                    {f.text}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section className="card" aria-labelledby="ticker-title">
          <h2 id="ticker-title">{t('ticker.title')}</h2>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void saveTicker(ticker.trim() || null);
            }}
          >
            <label className="field">
              <span>{t('ticker.label')}</span>
              <textarea name="ticker" rows={3} maxLength={500} value={ticker} onChange={(e) => setTicker(e.target.value)} />
            </label>
            <p className="sup-actions">
              <button type="submit" className="btn btn-primary" disabled={tickerState.busy} aria-busy={tickerState.busy}>
                {t('ticker.save')}
              </button>
              <button type="button" className="btn btn-quiet" disabled={tickerState.busy} onClick={() => void saveTicker(null)}>
                {t('ticker.clear')}
              </button>
            </p>
            {tickerState.message && <p role="status">{tickerState.message}</p>}
          </form>
        </section>
      </div>

      {timeline && <TicketTimeline ticketId={timeline.id} code={timeline.code} names={ref} onClose={() => setTimeline(null)} />}
    </div>
  );
}
