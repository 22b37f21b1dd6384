import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { Counter, CounterTicketAction, Placement, Ticket } from '@navbat/shared';
import { api, connectStaff, counterLabel, errorCode, errorText, formatDuration, localized, t, useLanguage } from '../../lib';
import { useNow, useReference } from '../useReference';
import { controlApi } from './control-api';
import { BroadcastForm } from './BroadcastForm';
import './messages';
import './control.css';

const ticketActions: CounterTicketAction[] = ['requeue_front', 'requeue_sorted', 'no_show'];

/** Runs one action: busy while it runs, then a status line (done) or an alert (the server's refusal). */
function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (fn: () => Promise<unknown>, onDone: () => void) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      onDone();
    } catch (e) {
      setError(errorText(errorCode(e)));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

/** Close or pause one counter with a reason; when it holds a ticket, say what happens to it. */
function ShiftForm({ counter, onDone, onDismiss }: { counter: Counter; onDone: (message: string) => void; onDismiss: () => void }) {
  const id = useId();
  const [action, setAction] = useState<'close' | 'pause'>('pause');
  const [reason, setReason] = useState('');
  const [ticketAction, setTicketAction] = useState<CounterTicketAction>('requeue_front');
  const { busy, error, run } = useAction();
  const ticket = counter.currentTicket;
  const reasonRef = useRef<HTMLInputElement>(null);
  useEffect(() => reasonRef.current?.focus(), []);
  return (
    <form
      className="ctl-form"
      aria-label={t('ctl.closeOrPauseOf', { counter: counter.name })}
      onSubmit={(e) => {
        e.preventDefault();
        void run(
          () => controlApi.shift(counter.id, { action, reason: reason.trim(), ...(ticket ? { ticketAction } : {}) }),
          () => onDone(t('ctl.done.shift', { counter: counter.name, state: t(action === 'close' ? 'live.closed' : 'live.paused') })),
        );
      }}
      onKeyDown={(e) => e.key === 'Escape' && onDismiss()}
    >
      <fieldset className="ctl-choice">
        <legend>{t('ctl.closeOrPauseOf', { counter: counter.name })}</legend>
        {(['pause', 'close'] as const).map((a) => (
          <label key={a}>
            <input type="radio" name={`${id}-action`} value={a} checked={action === a} onChange={() => setAction(a)} /> {t(`ctl.${a}`)}
          </label>
        ))}
      </fieldset>
      <label htmlFor={`${id}-reason`}>{t('ctl.reason')}</label>
      <input ref={reasonRef} id={`${id}-reason`} required maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
      {ticket && (
        <fieldset className="ctl-choice">
          <legend>{t('ctl.ticketAction', { code: ticket.code })}</legend>
          {ticketActions.map((a) => (
            <label key={a}>
              <input type="radio" name={`${id}-ticket`} value={a} checked={ticketAction === a} onChange={() => setTicketAction(a)} /> {t(`ctl.ticketAction.${a}`)}
            </label>
          ))}
        </fieldset>
      )}
      <FormButtons busy={busy} error={error} disabled={reason.trim() === ''} onDismiss={onDismiss} />
    </form>
  );
}

function FormButtons({ busy, error, disabled, onDismiss }: { busy: boolean; error: string | null; disabled: boolean; onDismiss: () => void }) {
  return (
    <>
      {error && (
        <p role="alert" className="ctl-error">
          {error}
        </p>
      )}
      <p className="ctl-buttons">
        <button type="submit" className="btn btn-primary" disabled={busy || disabled} aria-busy={busy}>
          {t('ctl.confirm')}
        </button>
        <button type="button" className="btn btn-quiet" onClick={onDismiss}>
          {t('ctl.dismiss')}
        </button>
      </p>
    </>
  );
}

/** Move a waiting ticket to another service's line or to one counter, at the front or in issue order. */
function MoveForm({ ticket, services, counters, onDone, onDismiss }: { ticket: Ticket; services: { id: number; label: string }[]; counters: Counter[]; onDone: (m: string) => void; onDismiss: () => void }) {
  const id = useId();
  const [serviceId, setServiceId] = useState(ticket.serviceId);
  const [counterId, setCounterId] = useState<number | ''>('');
  const [placement, setPlacement] = useState<Placement>('front');
  const { busy, error, run } = useAction();
  const serviceRef = useRef<HTMLSelectElement>(null);
  useEffect(() => serviceRef.current?.focus(), []);
  const serving = counters.filter((c) => c.services.some((s) => s.serviceId === serviceId));
  return (
    <form
      className="ctl-form"
      aria-label={t('ctl.moveOf', { code: ticket.code })}
      onSubmit={(e) => {
        e.preventDefault();
        void run(
          () => controlApi.move(ticket.id, { serviceId, ...(counterId !== '' ? { counterId } : {}), placement }),
          () => onDone(t('ctl.done.move', { code: ticket.code })),
        );
      }}
      onKeyDown={(e) => e.key === 'Escape' && onDismiss()}
    >
      <label htmlFor={`${id}-service`}>{t('ctl.toService')}</label>
      <select ref={serviceRef} id={`${id}-service`} value={serviceId} onChange={(e) => (setServiceId(Number(e.target.value)), setCounterId(''))}>
        {services.map((s) => (
          <option key={s.id} value={s.id}>
            {s.label}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-counter`}>{t('ctl.toCounter')}</label>
      <select id={`${id}-counter`} value={counterId} onChange={(e) => setCounterId(e.target.value === '' ? '' : Number(e.target.value))}>
        <option value="">{t('ctl.anyCounter')}</option>
        {serving.map((c) => (
          <option key={c.id} value={c.id}>
            {counterLabel(c.name)}
          </option>
        ))}
      </select>
      <fieldset className="ctl-choice">
        <legend>{t('ctl.placement')}</legend>
        {(['front', 'sorted'] as const).map((p) => (
          <label key={p}>
            <input type="radio" name={`${id}-placement`} value={p} checked={placement === p} onChange={() => setPlacement(p)} /> {t(`ctl.placement.${p}`)}
          </label>
        ))}
      </fieldset>
      <FormButtons busy={busy} error={error} disabled={false} onDismiss={onDismiss} />
    </form>
  );
}

function CancelForm({ ticket, onDone, onDismiss }: { ticket: Ticket; onDone: (m: string) => void; onDismiss: () => void }) {
  const id = useId();
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction();
  const reasonRef = useRef<HTMLInputElement>(null);
  useEffect(() => reasonRef.current?.focus(), []);
  return (
    <form
      className="ctl-form"
      aria-label={t('ctl.cancelOf', { code: ticket.code })}
      onSubmit={(e) => {
        e.preventDefault();
        void run(() => controlApi.cancel(ticket.id, reason.trim()), () => onDone(t('ctl.done.cancel', { code: ticket.code })));
      }}
      onKeyDown={(e) => e.key === 'Escape' && onDismiss()}
    >
      <label htmlFor={`${id}-reason`}>{t('ctl.reason')}</label>
      <input ref={reasonRef} id={`${id}-reason`} required maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
      <FormButtons busy={busy} error={error} disabled={reason.trim() === ''} onDismiss={onDismiss} />
    </form>
  );
}

type Open = { kind: 'shift'; counterId: number } | { kind: 'move' | 'cancel'; ticketId: number } | null;

/** The control room: act on the hall live — close or pause counters, move or cancel waiting tickets, tell everyone waiting. */
export function ControlView({ centerId }: { centerId: string }) {
  useLanguage();
  const ref = useReference(centerId);
  const now = useNow();
  const [counters, setCounters] = useState<Counter[] | null>(null);
  const [waiting, setWaiting] = useState<Ticket[] | null>(null);
  const [connected, setConnected] = useState(false);
  const [open, setOpen] = useState<Open>(null);
  const [status, setStatus] = useState('');
  /** Where focus goes back when a form closes: the button that opened it, or its section's heading when that is gone. */
  const returnFocus = useRef<{ key: string; fallback: string } | null>(null);

  const reloadQueue = useCallback(async () => {
    try {
      setWaiting(await api.queue(centerId));
    } catch {
      // the next change or reconnect tries again
    }
  }, [centerId]);

  useEffect(() => {
    const socket = connectStaff(centerId);
    let pending: ReturnType<typeof setTimeout> | undefined;
    // Many changes arrive together (a call moves a line and a counter): read the line once for them.
    const soon = () => {
      clearTimeout(pending);
      pending = setTimeout(() => void reloadQueue(), 150);
    };
    socket.on('connect', () => {
      setConnected(true);
      void api.counters(centerId).then(setCounters, () => undefined);
      void reloadQueue();
    });
    socket.on('disconnect', () => setConnected(false));
    socket.on('counter:updated', ({ counter }) => setCounters((list) => (list ?? []).map((c) => (c.id === counter.id ? counter : c))));
    socket.on('ticket:issued', soon);
    socket.on('ticket:updated', soon);
    return () => {
      clearTimeout(pending);
      socket.disconnect();
    };
  }, [centerId, reloadQueue]);

  const services = ref.services.map((s) => ({ id: s.id, label: `${s.prefix} · ${localized(s.name)}` }));
  const serviceLabel = (id: number) => services.find((s) => s.id === id)?.label ?? `#${id}`;
  const counterName = (id: number | null) => (counters ?? []).find((c) => c.id === id)?.name ?? String(id);
  const show = (next: Open, from: HTMLElement) => {
    returnFocus.current = { key: from.dataset.focusKey ?? '', fallback: next?.kind === 'shift' ? 'ctl-counters-title' : 'ctl-waiting-title' };
    setOpen(next);
    setStatus('');
  };
  const close = () => setOpen(null);
  useEffect(() => {
    const back = returnFocus.current;
    if (open !== null || !back) return;
    returnFocus.current = null;
    const button = document.querySelector<HTMLElement>(`[data-focus-key="${back.key}"]`);
    (button ?? document.getElementById(back.fallback))?.focus();
  }, [open]);
  const done = (message: string) => {
    setStatus(message);
    close();
    void reloadQueue();
  };
  const stateOf = (c: Counter) => t(`live.${c.status}`) + (c.status === 'paused' && c.pauseReason ? ` — ${c.pauseReason}` : '');

  return (
    <div className="ctl">
      <div className="sup-live-head">
        <h2>{t('ctl.title')}</h2>
        <p className={`conn ${connected ? 'conn-online' : 'conn-offline'}`} role="status">
          {connected ? t('conn.online') : t('conn.reconnecting')}
        </p>
      </div>
      <p role="status" className="ctl-status" aria-live="polite">
        {status}
      </p>

      <section className="card" aria-labelledby="ctl-counters-title">
        <h2 id="ctl-counters-title" tabIndex={-1}>{t('ctl.counters')}</h2>
        {counters === null ? (
          <p role="status">{t('loading')}</p>
        ) : (
          <div className="sup-table-wrap">
            <table className="sup-table ctl-table" data-testid="control-counters">
              <thead>
                <tr>
                  <th scope="col">{t('live.counter')}</th>
                  <th scope="col">{t('live.state')}</th>
                  <th scope="col">{t('live.operator')}</th>
                  <th scope="col">{t('live.current')}</th>
                  <th scope="col">{t('ctl.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {counters.map((c) => (
                  <CounterRow key={c.id} counter={c} state={stateOf(c)} open={open?.kind === 'shift' && open.counterId === c.id} onOpen={(el) => show({ kind: 'shift', counterId: c.id }, el)} onDone={done} onDismiss={close} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card" aria-labelledby="ctl-waiting-title">
        <h2 id="ctl-waiting-title" tabIndex={-1}>{t('ctl.waiting')}</h2>
        {waiting === null ? (
          <p role="status">{t('loading')}</p>
        ) : waiting.length === 0 ? (
          <p className="muted">{t('ctl.noWaiting')}</p>
        ) : (
          <div className="sup-table-wrap">
            <table className="sup-table ctl-table" data-testid="control-waiting">
              <thead>
                <tr>
                  <th scope="col">{t('ctl.ticket')}</th>
                  <th scope="col">{t('ctl.service')}</th>
                  <th scope="col">{t('ctl.since')}</th>
                  <th scope="col">{t('ctl.where')}</th>
                  <th scope="col">{t('ctl.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {waiting.map((w) => {
                  const rowOpen = open && open.kind !== 'shift' && open.ticketId === w.id ? open.kind : null;
                  const where = w.heldUntil
                    ? t('ctl.heldAt', { counter: counterName(w.counterId ?? null), time: new Date(w.heldUntil).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) })
                    : t('ctl.line');
                  return (
                    <tr key={w.id} data-ticket-id={w.id}>
                      <th scope="row" className="num ctl-code">
                        {w.code}
                      </th>
                      <td className="ctl-name">{serviceLabel(w.serviceId)}</td>
                      <td className="num">{formatDuration(Math.max(0, (now - Date.parse(w.issuedAt)) / 1000))}</td>
                      <td>{where}</td>
                      <td className="ctl-cell-actions">
                        {rowOpen === 'move' ? (
                          <MoveForm ticket={w} services={services} counters={counters ?? []} onDone={done} onDismiss={close} />
                        ) : rowOpen === 'cancel' ? (
                          <CancelForm ticket={w} onDone={done} onDismiss={close} />
                        ) : (
                          <span className="ctl-buttons">
                            <button type="button" className="btn" data-focus-key={`move-${w.id}`} onClick={(e) => show({ kind: 'move', ticketId: w.id }, e.currentTarget)} aria-label={t('ctl.moveOf', { code: w.code })}>
                              {t('ctl.move')}
                            </button>
                            <button type="button" className="btn btn-quiet" data-focus-key={`cancel-${w.id}`} onClick={(e) => show({ kind: 'cancel', ticketId: w.id }, e.currentTarget)} aria-label={t('ctl.cancelOf', { code: w.code })}>
                              {t('ctl.cancelTicket')}
                            </button>
                          </span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card" aria-labelledby="ctl-broadcast-title">
        <h2 id="ctl-broadcast-title">{t('ctl.broadcast')}</h2>
        <BroadcastForm centerId={centerId} services={services} />
      </section>
    </div>
  );
}

function CounterRow(props: { counter: Counter; state: string; open: boolean; onOpen: (el: HTMLElement) => void; onDone: (m: string) => void; onDismiss: () => void }) {
  const { counter: c } = props;
  return (
    <tr data-counter-id={c.id}>
      <th scope="row" className="ctl-name">
        {counterLabel(c.name)}
      </th>
      <td>{props.state}</td>
      <td className="ctl-name">{c.operator?.name ?? '—'}</td>
      <td className="num ctl-code">{c.currentTicket?.code ?? '—'}</td>
      <td className="ctl-cell-actions">
        {props.open ? (
          <ShiftForm counter={c} onDone={props.onDone} onDismiss={props.onDismiss} />
        ) : (
          c.status !== 'closed' && (
            <button type="button" className="btn" data-focus-key={`shift-${c.id}`} onClick={(e) => props.onOpen(e.currentTarget)} aria-label={t('ctl.closeOrPauseOf', { counter: c.name })}>
              {t('ctl.closeOrPause')}
            </button>
          )
        )}
      </td>
    </tr>
  );
}
