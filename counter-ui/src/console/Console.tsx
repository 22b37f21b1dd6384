import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Counter, PauseBody, Ticket, TransferBody, User } from '@navbat/shared';
import { api, errorCode } from '../lib/api';
import { counterLabel, errorText, t } from '../lib/i18n';
import { SessionControls } from '../lib/SessionControls';
import { CounterPicker, rememberCounter } from './CounterPicker';
import { PauseDialog } from './PauseDialog';
import { PaymentDialog } from './PaymentDialog';
import { serviceName } from './JourneySteps';
import { SidePanel } from './SidePanel';
import { HoldPanel } from './HoldPanel';
import { HelpDeskPanel } from './HelpDeskPanel';
import { actionEnabled, TicketPanel, type ActionName } from './TicketPanel';
import { TransferDialog } from './TransferDialog';
import { useConsoleData } from './useConsoleData';
import { WaitingList } from './WaitingList';

interface Props {
  centerId: string;
  user: User;
  onLogout: () => Promise<void>;
  supervisorLink: boolean;
}

/** Kept as a key, not text, so it follows a language switch. */
type Message = { kind: 'ok'; key: string; vars?: Record<string, string | number> } | { kind: 'error'; code: string };
const ok = (key: string, vars?: Record<string, string | number>): Message => ({ kind: 'ok', key, ...(vars ? { vars } : {}) });

/** Keys by physical position, so they work the same with an Urdu keyboard layout. */
const KEYS: Record<string, ActionName> = {
  KeyN: 'callNext',
  KeyR: 'recall',
  KeyS: 'start',
  KeyC: 'complete',
  KeyX: 'noShow',
  KeyT: 'transfer',
  KeyP: 'pause',
};

/** How far a fee has come: a payment only moves forward (PSID recorded, then settled). */
const paymentProgress = (ticket: Ticket) => (ticket.payment?.psid ? 1 : 0) + (ticket.payment && ticket.payment.status !== 'unpaid' ? 2 : 0);

/** The newer of a ticket as last answered and as the live waiting list shows it (the fee authority may have paid it). */
function latestPayment(ticket: Ticket, queue: Ticket[] | null): Ticket {
  const listed = queue?.find((q) => q.id === ticket.id);
  return listed && paymentProgress(listed) >= paymentProgress(ticket) ? listed : ticket;
}

/** The signed-in console: counter choice, then the working screen with live data. */
export function Console({ centerId, user, onLogout, supervisorLink }: Props) {
  const data = useConsoleData(centerId, user);
  const { mine } = data;
  const [busy, setBusy] = useState<string | null>(null);
  const pending = useRef<string | null>(null);
  // The lock opens when the screen shows the command's result, so a key pressed in between is judged against
  // the new state (e.g. a second N after a call is not sent). A layout effect: it runs in the same task as the
  // screen's change, so a key pressed as soon as the result shows is not lost to a lock still closed.
  const [finished, setFinished] = useState(0);
  /** A key pressed while a command was in flight, run once the lock opens (judged against the new state). */
  const typedAhead = useRef<ActionName | null>(null);
  const actRef = useRef<(action: ActionName) => void>(() => undefined);
  useLayoutEffect(() => {
    pending.current = null;
    const action = typedAhead.current;
    typedAhead.current = null;
    if (action) actRef.current(action);
  }, [finished]);
  const [message, setMessage] = useState<Message | null>(null);
  const [outcome, setOutcome] = useState('');
  const [endJourney, setEndJourney] = useState(false);
  // "End the visit here" is a choice about one ticket: it never carries over to the next.
  const currentId = mine?.currentTicket?.id ?? null;
  useEffect(() => setEndJourney(false), [currentId]);
  const [dialog, setDialog] = useState<'transfer' | 'pause' | null>(null);
  /** A waiting ticket whose fee is being recorded from the waiting list. */
  const [paying, setPaying] = useState<Ticket | null>(null);
  const [confirmClose, setConfirmClose] = useState(false);

  /**
   * Runs one server command at a time: a second press while one is in flight does nothing. A refusal is
   * shown in plain words and the screen resyncs from the server.
   */
  const run = useCallback(
    async <T,>(name: string, command: () => Promise<T>, done: (value: T) => Message) => {
      if (pending.current) return;
      pending.current = name;
      setBusy(name);
      try {
        const value = await command();
        setMessage(done(value));
      } catch (error) {
        const code = errorCode(error);
        if (code !== 'UNAUTHENTICATED') setMessage({ kind: 'error', code });
        data.resync().catch(() => undefined);
      } finally {
        setBusy(null);
        setFinished((n) => n + 1);
      }
    },
    [data],
  );

  const ticketDone = (counter: Counter, key: string) => (ticket: Ticket) => {
    data.applyTicket(counter.id, ticket);
    return ok(key, { code: ticket.code });
  };

  const act = useCallback(
    (action: ActionName) => {
      if (!mine) return;
      const ticket = mine.currentTicket;
      // Keys obey the same rules as the buttons: nothing fires that the screen shows as unavailable.
      if (action !== 'pause' && !actionEnabled(mine)[action]) return;
      switch (action) {
        case 'callNext':
          return run('callNext', () => api.callNext(mine.id), (tk) => {
            data.applyTicket(mine.id, tk);
            return tk ? ok('done.called', { code: tk.code }) : ok('done.nobody');
          });
        case 'recall':
          return run('recall', () => api.recall(mine.id), ticketDone(mine, 'done.recalled'));
        case 'start':
          return run('start', () => api.start(mine.id), ticketDone(mine, 'done.started'));
        case 'complete':
          return run('complete', () => api.complete(mine.id, outcome.trim() || undefined, endJourney), (tk) => {
            setOutcome('');
            setEndJourney(false);
            data.applyTicket(mine.id, tk);
            // On a journey the answer is the ticket waiting in its next stop's line.
            return tk.status === 'waiting' ? ok('done.movedOn', { code: tk.code, service: serviceName(data.services, tk.serviceId) }) : ok('done.completed', { code: tk.code });
          });
        case 'noShow':
          return run('noShow', () => api.noShow(mine.id), ticketDone(mine, 'done.noShow'));
        case 'transfer':
          if (ticket && !pending.current) setDialog('transfer');
          return;
        case 'pause':
          if (pending.current) return;
          if (mine.status === 'paused') {
            return run('resume', () => api.open(mine.id), (c) => {
              data.applyCounter(c);
              return ok('done.resumed');
            });
          }
          if (!ticket) setDialog('pause');
          return;
      }
    },
    // ticketDone is rebuilt each render from the same inputs
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [mine, outcome, endJourney, run, data],
  );

  actRef.current = act;
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.repeat || e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target as HTMLElement | null;
      if (target && (target.closest('input, textarea, select, dialog[open]') || target.isContentEditable)) return;
      if (document.querySelector('dialog[open]')) return;
      const action = KEYS[e.code];
      if (!action) return;
      e.preventDefault();
      // The new ticket can show (its counter's event) before the command's answer: a key pressed then is kept,
      // not lost, and judged once the answer is in (a second N after a call is then not sent).
      if (pending.current) typedAhead.current = action;
      else actRef.current(action);
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  function openCounter(counter: Counter) {
    void run('open', () => api.open(counter.id), (c) => {
      rememberCounter(centerId, c.id);
      data.applyCounter(c);
      return ok('done.opened', { name: counterLabel(c.name) });
    });
  }

  function transfer(target: TransferBody) {
    if (!mine) return;
    setDialog(null);
    void run('transfer', () => api.transfer(mine.id, target), ticketDone(mine, 'done.transferred'));
  }

  function pause(reason: string, expectedMinutes: PauseBody['expectedMinutes']) {
    if (!mine) return;
    setDialog(null);
    void run('pause', () => api.pause(mine.id, reason, expectedMinutes), (c) => {
      data.applyCounter(c);
      return ok('done.paused');
    });
  }

  function close() {
    if (!mine) return;
    setConfirmClose(false);
    void run('close', () => api.close(mine.id), (c) => {
      data.applyCounter(c);
      return ok('done.closed');
    });
  }

  function callTicket(ticket: Ticket) {
    if (!mine) return;
    void run(`call-${ticket.id}`, () => api.call(mine.id, ticket.id), ticketDone(mine, 'done.called'));
  }

  return (
    <>
      <header className="topbar">
        <h1>{mine ? counterLabel(mine.name) : t('app.title')}</h1>
        {mine && (
          <span className={`badge status-${mine.status}`} data-testid="counter-status">
            {t(`status.${mine.status}`)}
          </span>
        )}
        <span className={`conn ${data.connected ? 'conn-online' : 'conn-offline'}`} role="status" data-testid="connection">
          {data.connected ? t('conn.online') : t('conn.reconnecting')}
        </span>
        <span className="spacer" />
        {supervisorLink && <a href="/counter/supervisor">{t('console.supervisorLink')}</a>}
        <SessionControls name={user.name} onLogout={onLogout} />
      </header>
      <main className="page">
        <div className="messages" aria-live="polite">
          {message && (
            <p className={message.kind === 'error' ? 'error' : 'ok'} role={message.kind === 'error' ? 'alert' : undefined} data-testid="message">
              {message.kind === 'error' ? errorText(message.code) : t(message.key, message.vars)}
            </p>
          )}
        </div>
        {supervisorLink && !mine && <p className="notice">{t('console.supervisorNote', { role: user.role })}</p>}
        {data.counters === null ? (
          <p role="status" className="loading">
            {t('loading')}
          </p>
        ) : !mine ? (
          <CounterPicker centerId={centerId} user={user} counters={data.counters} services={data.services} busy={busy !== null} onOpen={openCounter} />
        ) : (
          <div className="workspace">
            <div className="work-main">
              <TicketPanel
                counter={mine}
                services={data.services}
                priorities={data.priorities}
                busy={busy}
                outcome={outcome}
                onOutcome={setOutcome}
                endJourney={endJourney}
                onEndJourney={setEndJourney}
                onAction={act}
                onTicket={(tk) => data.applyTicket(mine.id, tk)}
              />
              <section className="card counter-controls" aria-label={counterLabel(mine.name)}>
                {mine.status === 'paused' && mine.pauseReason && <p className="notice">{t('pausedBecause', { reason: mine.pauseReason })}</p>}
                <div className="control-row">
                  <button
                    type="button"
                    className="btn"
                    onClick={() => act('pause')}
                    disabled={busy !== null || (mine.status === 'open' && mine.currentTicket !== null)}
                    aria-busy={busy === 'pause' || busy === 'resume'}
                    aria-keyshortcuts="P"
                  >
                    {mine.status === 'paused' ? t('action.resume') : t('action.pause')} <kbd>P</kbd>
                  </button>
                  {confirmClose ? (
                    <>
                      <button type="button" className="btn btn-danger" onClick={close} disabled={busy !== null}>
                        {t('action.confirmClose')}
                      </button>
                      <button type="button" className="btn" onClick={() => setConfirmClose(false)}>
                        {t('action.cancel')}
                      </button>
                    </>
                  ) : (
                    <button
                      type="button"
                      className="btn btn-danger"
                      onClick={() => setConfirmClose(true)}
                      disabled={busy !== null || mine.currentTicket !== null}
                    >
                      {t('action.close')}
                    </button>
                  )}
                </div>
                <p className="muted keys-hint">{t('keys.hint')}</p>
              </section>
              <HoldPanel counter={mine} />
              <HelpDeskPanel centerId={centerId} counter={mine} services={data.services} priorities={data.priorities} />
              <WaitingList
                queue={data.queue}
                counter={mine}
                services={data.services}
                priorities={data.priorities}
                canCall={mine.status === 'open' && mine.currentTicket === null && busy === null}
                busy={busy}
                onCall={callTicket}
                onPayment={setPaying}
              />
            </div>
            <SidePanel counter={mine} services={data.services} summary={data.summary} today={data.today} />
          </div>
        )}
      </main>
      {mine && mine.currentTicket && dialog === 'transfer' && (
        <TransferDialog
          ticket={mine.currentTicket}
          counter={mine}
          counters={data.counters ?? []}
          services={data.services}
          onSubmit={transfer}
          onCancel={() => setDialog(null)}
        />
      )}
      {mine && dialog === 'pause' && <PauseDialog onSubmit={pause} onCancel={() => setDialog(null)} />}
      {mine && paying && <PaymentDialog ticket={latestPayment(paying, data.queue)} services={data.services} disabled={busy !== null} onDone={setPaying} onClose={() => setPaying(null)} />}
    </>
  );
}
