import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { Counter, CounterTicketAction, Placement, ReopenableNoShow, Ticket } from '@navbat/shared';
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

function FormButtons({ busy, error, disabled, onDismiss, children }: { busy: boolean; error: string | null; disabled: boolean; onDismiss: () => void; children?: ReactNode }) {
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
        {children}
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

/**
 * A form that asks only for a reason before one action on a ticket (cancel: required; re-open: optional).
 * `act` runs the action with the trimmed reason; `done` is the status line after it.
 */
function ReasonForm(props: { label: string; optional?: boolean; act: (reason: string) => Promise<unknown>; done: string; onDone: (m: string) => void; onDismiss: () => void }) {
  const id = useId();
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction();
  const reasonRef = useRef<HTMLInputElement>(null);
  useEffect(() => reasonRef.current?.focus(), []);
  const optional = props.optional === true;
  return (
    <form
      className="ctl-form"
      aria-label={props.label}
      onSubmit={(e) => {
        e.preventDefault();
        void run(() => props.act(reason.trim()), () => props.onDone(props.done));
      }}
      onKeyDown={(e) => e.key === 'Escape' && props.onDismiss()}
    >
      <label htmlFor={`${id}-reason`}>{t(optional ? 'ctl.reasonOptional' : 'ctl.reason')}</label>
      <input ref={reasonRef} id={`${id}-reason`} required={!optional} maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
      <FormButtons busy={busy} error={error} disabled={!optional && reason.trim() === ''} onDismiss={props.onDismiss} />
    </form>
  );
}

/** A service as the control room's forms list it. */
interface ServiceOption {
  id: number;
  prefix: string;
  label: string;
}

/**
 * What a counter serves for the rest of today: a checkbox per active service of the centre (its services of
 * now ticked), an optional reason, and *Back to usual* while it is changed for today.
 */
function DayServicesForm({ counter, services, onDone, onDismiss }: { counter: Counter; services: ServiceOption[]; onDone: (m: string) => void; onDismiss: () => void }) {
  const id = useId();
  const [chosen, setChosen] = useState<ReadonlySet<number>>(() => new Set(counter.services.map((s) => s.serviceId)));
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction();
  const firstRef = useRef<HTMLInputElement>(null);
  useEffect(() => firstRef.current?.focus(), []);
  const toggle = (serviceId: number, on: boolean) => setChosen((set) => new Set(on ? [...set, serviceId] : [...set].filter((x) => x !== serviceId)));
  const picked = services.filter((s) => chosen.has(s.id));
  const title = t('ctl.servicesTodayOf', { counter: counter.name });
  return (
    <form
      className="ctl-form ctl-form-wide"
      aria-label={title}
      onSubmit={(e) => {
        e.preventDefault();
        // A service it serves now keeps its weight; the server gives others the counter's usual weight, else 1.
        const body = {
          services: picked.map((s) => ({ serviceId: s.id, ...weightOf(counter, s.id) })),
          ...(reason.trim() ? { reason: reason.trim() } : {}),
        };
        void run(
          () => controlApi.setDayServices(counter.id, body),
          () => onDone(t('ctl.done.services', { counter: counter.name, services: picked.map((s) => s.prefix).join(', ') })),
        );
      }}
      onKeyDown={(e) => e.key === 'Escape' && onDismiss()}
    >
      <fieldset className="ctl-choice ctl-services-choice" aria-describedby={`${id}-help`}>
        <legend>{title}</legend>
        <p className="muted ctl-help" id={`${id}-help`}>
          {t('ctl.servicesHelp')}
        </p>
        {services.map((s, i) => (
          <label key={s.id}>
            <input ref={i === 0 ? firstRef : undefined} type="checkbox" name={`${id}-service`} value={s.id} checked={chosen.has(s.id)} onChange={(e) => toggle(s.id, e.target.checked)} />
            <span>{s.label}</span>
          </label>
        ))}
      </fieldset>
      {picked.length === 0 && (
        <p className="muted" role="status">
          {t('ctl.pickOne')}
        </p>
      )}
      <label htmlFor={`${id}-reason`}>{t('ctl.reasonOptional')}</label>
      <input id={`${id}-reason`} maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
      <FormButtons busy={busy} error={error} disabled={picked.length === 0} onDismiss={onDismiss}>
        {counter.dayServices && (
          <button
            type="button"
            className="btn"
            disabled={busy}
            onClick={() => void run(() => controlApi.resetDayServices(counter.id), () => onDone(t('ctl.done.usual', { counter: counter.name })))}
          >
            {t('ctl.backToUsual')}
          </button>
        )}
      </FormButtons>
    </form>
  );
}

/** The weight a counter serves a service with now, as a body field (none: let the server choose). */
function weightOf(counter: Counter, serviceId: number): { weight?: number } {
  const weight = counter.services.find((k) => k.serviceId === serviceId)?.weight;
  return weight !== undefined && weight >= 1 ? { weight } : {};
}

type Open = { kind: 'shift' | 'services'; counterId: number } | { kind: 'move' | 'cancel' | 'reopen'; ticketId: number } | null;

/** The control room: act on the hall live — close or pause counters, move or cancel waiting tickets, tell everyone waiting. */
export function ControlView({ centerId }: { centerId: string }) {
  useLanguage();
  const ref = useReference(centerId);
  const now = useNow();
  const [counters, setCounters] = useState<Counter[] | null>(null);
  const [waiting, setWaiting] = useState<Ticket[] | null>(null);
  const [noShows, setNoShows] = useState<ReopenableNoShow[] | null>(null);
  const [connected, setConnected] = useState(false);
  const [open, setOpen] = useState<Open>(null);
  const [status, setStatus] = useState('');
  /** Where focus goes back when a form closes: the button that opened it, or its section's heading when that is gone. */
  const returnFocus = useRef<{ key: string; fallback: string } | null>(null);

  const reloadQueue = useCallback(async () => {
    try {
      const [queue, missed] = await Promise.all([api.queue(centerId), controlApi.noShows(centerId)]);
      setWaiting(queue);
      setNoShows(missed);
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

  const services: ServiceOption[] = ref.services.map((s) => ({ id: s.id, prefix: s.prefix, label: `${s.prefix} · ${localized(s.name)}` }));
  const activeServices = services.filter((s) => ref.services.find((x) => x.id === s.id)?.active);
  const prefixOf = (id: number) => services.find((s) => s.id === id)?.prefix ?? `#${id}`;
  const serviceLabel = (id: number) => services.find((s) => s.id === id)?.label ?? `#${id}`;
  const counterName = (id: number | null) => (counters ?? []).find((c) => c.id === id)?.name ?? String(id);
  const show = (next: Open, from: HTMLElement) => {
    const section = { shift: 'ctl-counters-title', services: 'ctl-counters-title', move: 'ctl-waiting-title', cancel: 'ctl-waiting-title', reopen: 'ctl-noshows-title' } as const;
    returnFocus.current = { key: from.dataset.focusKey ?? '', fallback: next ? section[next.kind] : 'ctl-counters-title' };
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
                  <th scope="col">{t('ctl.servicesToday')}</th>
                  <th scope="col">{t('ctl.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {counters.map((c) => (
                  <CounterRow
                    key={c.id}
                    counter={c}
                    state={stateOf(c)}
                    services={activeServices}
                    prefixOf={prefixOf}
                    open={(open?.kind === 'shift' || open?.kind === 'services') && open.counterId === c.id ? open.kind : null}
                    onOpen={(kind, el) => show({ kind, counterId: c.id }, el)}
                    onDone={done}
                    onDismiss={close}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <TicketsCard
        id="ctl-waiting-title"
        title={t('ctl.waiting')}
        empty={t('ctl.noWaiting')}
        testId="control-waiting"
        items={waiting}
        ticketOf={(w) => w}
        serviceLabel={serviceLabel}
        columns={[t('ctl.since'), t('ctl.where')]}
        cells={(w) => {
          const rowOpen = open && 'ticketId' in open && open.ticketId === w.id ? open.kind : null;
          const where = w.heldUntil ? t('ctl.heldAt', { counter: counterName(w.counterId ?? null), time: clockTime(w.heldUntil) }) : t('ctl.line');
          return (
            <>
              <td className="num">{formatDuration(Math.max(0, (now - Date.parse(w.issuedAt)) / 1000))}</td>
              <td>{where}</td>
              <td className="ctl-cell-actions">
                {rowOpen === 'move' ? (
                  <MoveForm ticket={w} services={services} counters={counters ?? []} onDone={done} onDismiss={close} />
                ) : rowOpen === 'cancel' ? (
                  <ReasonForm label={t('ctl.cancelOf', { code: w.code })} act={(reason) => controlApi.cancel(w.id, reason)} done={t('ctl.done.cancel', { code: w.code })} onDone={done} onDismiss={close} />
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
            </>
          );
        }}
      />

      <NoShowsSection noShows={noShows} now={now} open={open} serviceLabel={serviceLabel} onOpen={(ticketId, el) => show({ kind: 'reopen', ticketId }, el)} onDone={done} onDismiss={close} />

      <section className="card" aria-labelledby="ctl-broadcast-title">
        <h2 id="ctl-broadcast-title">{t('ctl.broadcast')}</h2>
        <BroadcastForm centerId={centerId} services={services} />
      </section>
    </div>
  );
}

function CounterRow(props: {
  counter: Counter;
  state: string;
  services: ServiceOption[];
  prefixOf: (id: number) => string;
  open: 'shift' | 'services' | null;
  onOpen: (kind: 'shift' | 'services', el: HTMLElement) => void;
  onDone: (m: string) => void;
  onDismiss: () => void;
}) {
  const { counter: c } = props;
  return (
    <>
      <tr data-counter-id={c.id}>
        <th scope="row" className="ctl-name">
          {counterLabel(c.name)}
        </th>
        <td>{props.state}</td>
        <td className="ctl-name">{c.operator?.name ?? '—'}</td>
        <td className="num ctl-code">{c.currentTicket?.code ?? '—'}</td>
        <td className="ctl-services" data-testid="services-today">
          <span dir="ltr" className="ctl-code">{c.services.map((k) => props.prefixOf(k.serviceId)).join(', ') || '—'}</span>
          {c.dayServices && <span className="badge badge-warn ctl-badge">{t('ctl.changedToday')}</span>}
        </td>
        <td className="ctl-cell-actions">
          {props.open === 'shift' ? (
            <ShiftForm counter={c} onDone={props.onDone} onDismiss={props.onDismiss} />
          ) : (
            <span className="ctl-buttons">
              {c.status !== 'closed' && (
                <button type="button" className="btn" data-focus-key={`shift-${c.id}`} onClick={(e) => props.onOpen('shift', e.currentTarget)} aria-label={t('ctl.closeOrPauseOf', { counter: c.name })}>
                  {t('ctl.closeOrPause')}
                </button>
              )}
              {c.active && props.open !== 'services' && (
                <button type="button" className="btn btn-quiet" data-focus-key={`services-${c.id}`} onClick={(e) => props.onOpen('services', e.currentTarget)} aria-label={t('ctl.changeServicesOf', { counter: c.name })}>
                  {t('ctl.changeServices')}
                </button>
              )}
            </span>
          )}
        </td>
      </tr>
      {props.open === 'services' && (
        <tr className="ctl-subrow">
          <td colSpan={6}>
            <DayServicesForm counter={c} services={props.services} onDone={props.onDone} onDismiss={props.onDismiss} />
          </td>
        </tr>
      )}
    </>
  );
}

/** A clock time (hours and minutes) in the page's language. */
const clockTime = (iso: string | null) => (iso ? new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '—');

/**
 * A card of tickets in a table: its heading (where focus falls back when a form closes), loading and empty
 * states, then a row per item headed by the ticket's code and service; `cells` gives the rest of the row, its
 * last cell the actions, under `columns` and *Actions*.
 */
function TicketsCard<T>(props: {
  id: string;
  title: string;
  help?: string;
  empty: string;
  testId: string;
  items: T[] | null;
  ticketOf: (item: T) => Ticket;
  serviceLabel: (id: number) => string;
  columns: string[];
  cells: (item: T) => ReactNode;
}) {
  const { items } = props;
  return (
    <section className="card" aria-labelledby={props.id}>
      <h2 id={props.id} tabIndex={-1}>
        {props.title}
      </h2>
      {props.help && <p className="muted">{props.help}</p>}
      {items === null ? (
        <p role="status">{t('loading')}</p>
      ) : items.length === 0 ? (
        <p className="muted">{props.empty}</p>
      ) : (
        <div className="sup-table-wrap">
          <table className="sup-table ctl-table" data-testid={props.testId}>
            <thead>
              <tr>
                <th scope="col">{t('ctl.ticket')}</th>
                <th scope="col">{t('ctl.service')}</th>
                {props.columns.map((c) => (
                  <th scope="col" key={c}>
                    {c}
                  </th>
                ))}
                <th scope="col">{t('ctl.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => {
                const ticket = props.ticketOf(item);
                return (
                  <tr key={ticket.id} data-ticket-id={ticket.id}>
                    <th scope="row" className="num ctl-code">
                      {ticket.code}
                    </th>
                    <td className="ctl-name">{props.serviceLabel(ticket.serviceId)}</td>
                    {props.cells(item)}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** No-shows still inside the grace period, latest first, each with *Re-open* and the time left to do it. */
function NoShowsSection(props: {
  noShows: ReopenableNoShow[] | null;
  now: number;
  open: Open;
  serviceLabel: (id: number) => string;
  onOpen: (ticketId: number, el: HTMLElement) => void;
  onDone: (m: string) => void;
  onDismiss: () => void;
}) {
  const { now, open } = props;
  // The list ages with the clock between reads: a no-show past its grace leaves it.
  const list = props.noShows?.filter((n) => Date.parse(n.reopenUntil) > now) ?? null;
  return (
    <TicketsCard
      id="ctl-noshows-title"
      title={t('ctl.noShows')}
      help={t('ctl.noShowsHelp')}
      empty={t('ctl.noNoShows')}
      testId="control-no-shows"
      items={list}
      ticketOf={(n) => n.ticket}
      serviceLabel={props.serviceLabel}
      columns={[t('ctl.noShowAt'), t('ctl.timeLeft')]}
      cells={({ ticket, reopenUntil }) => (
        <>
          <td className="num">
            <bdi>{clockTime(ticket.finishedAt)}</bdi>
          </td>
          <td className="num">{formatDuration(Math.max(0, (Date.parse(reopenUntil) - now) / 1000))}</td>
          <td className="ctl-cell-actions">
            {open?.kind === 'reopen' && open.ticketId === ticket.id ? (
              <ReasonForm
                label={t('ctl.reopenOf', { code: ticket.code })}
                optional
                act={(reason) => controlApi.reopen(ticket.id, reason)}
                done={t('ctl.done.reopen', { code: ticket.code })}
                onDone={props.onDone}
                onDismiss={props.onDismiss}
              />
            ) : (
              <button type="button" className="btn" data-focus-key={`reopen-${ticket.id}`} onClick={(e) => props.onOpen(ticket.id, e.currentTarget)} aria-label={t('ctl.reopenOf', { code: ticket.code })}>
                {t('ctl.reopen')}
              </button>
            )}
          </td>
        </>
      )}
    />
  );
}
