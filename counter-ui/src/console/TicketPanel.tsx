import type { Counter, PriorityCategory, PublicService, Ticket } from '@navbat/shared';
import { formatDuration, localized, t } from '../lib/i18n';
import { JourneySteps, nextStop, serviceName } from './JourneySteps';
import { PaymentForm } from './PaymentForm';
import { secondsSince, useNow } from './useNow';

export type ActionName = 'callNext' | 'recall' | 'start' | 'complete' | 'noShow' | 'transfer' | 'pause';

interface Props {
  counter: Counter;
  services: PublicService[];
  priorities: PriorityCategory[];
  busy: string | null;
  outcome: string;
  onOutcome: (value: string) => void;
  /** On a journey: end the visit at this stop instead of moving on (`complete { endJourney: true }`). */
  endJourney: boolean;
  onEndJourney: (value: boolean) => void;
  onAction: (action: ActionName) => void;
  /** A ticket the server answered outside the counter commands (its payment). */
  onTicket: (ticket: Ticket) => void;
}

/** Which ticket actions fit the counter's state (the server decides; this only avoids pointless requests). */
export function actionEnabled(counter: Counter): Record<Exclude<ActionName, 'pause'>, boolean> {
  const open = counter.status === 'open';
  const status = counter.currentTicket?.status;
  return {
    callNext: open && !counter.currentTicket,
    recall: open && status === 'called',
    start: open && status === 'called',
    complete: open && (status === 'called' || status === 'serving'),
    noShow: open && status === 'called',
    transfer: open && (status === 'called' || status === 'serving'),
  };
}

/** The current ticket in large type and the actions in the order they are used. */
export function TicketPanel({ counter, services, priorities, busy, outcome, onOutcome, endJourney, onEndJourney, onAction, onTicket }: Props) {
  const now = useNow();
  const ticket = counter.currentTicket;
  const open = counter.status === 'open';
  const status = ticket?.status;
  const service = ticket ? services.find((s) => s.id === ticket.serviceId) : undefined;
  const priority = ticket && ticket.priority !== 'none' ? priorities.find((p) => p.code === ticket.priority) : undefined;
  // Waited = from entering this line (the ticket, or on a journey this stop) to the (latest) call; service
  // time runs from the start (or the call).
  const entered = ticket ? (ticket.journey?.find((s) => s.status === 'current')?.enteredAt ?? ticket.issuedAt) : null;
  const waited = ticket && entered ? ((Date.parse(ticket.calledAt ?? '') || now) - Date.parse(entered)) / 1000 : null;
  const running = ticket ? secondsSince(ticket.startedAt ?? ticket.calledAt, now) : null;
  const next = ticket ? nextStop(ticket) : null;

  const enabled = actionEnabled(counter);
  const button = (action: Exclude<ActionName, 'pause'>, key: string, className = 'btn') => (
    <button
      type="button"
      className={`${className} btn-action`}
      disabled={!enabled[action] || busy !== null}
      aria-busy={busy === action}
      aria-keyshortcuts={key}
      data-action={action}
      onClick={() => onAction(action)}
    >
      <span>{t(`action.${action}`)}</span> <kbd>{key}</kbd>
    </button>
  );

  return (
    <section className="card ticket-panel" aria-labelledby="ticket-title">
      <h2 id="ticket-title" className="visually-hidden">
        {t('ticket.current')}
      </h2>
      {ticket ? (
        <>
          <div className="ticket-now" data-testid="current-ticket">
            <div className="ticket-code code" aria-label={`${t('ticket.current')}: ${ticket.code}`}>
              {ticket.code}
            </div>
            <div className="ticket-facts">
              <p className={`badge ${status === 'serving' ? 'badge-ok' : 'badge-warn'}`} data-testid="ticket-status">
                {t(`ticket.status.${status === 'serving' ? 'serving' : 'called'}`)}
              </p>
              <dl>
                <div>
                  <dt>{t('ticket.service')}</dt>
                  <dd>{serviceName(services, ticket.serviceId)}</dd>
                </div>
                <div>
                  <dt>{t('ticket.priority')}</dt>
                  <dd className={priority ? 'priority' : undefined}>{priority ? localized(priority.name) : t('priority.none')}</dd>
                </div>
                <div>
                  <dt>{t('ticket.waited')}</dt>
                  <dd className="num">{formatDuration(waited)}</dd>
                </div>
                <div>
                  <dt>{status === 'serving' ? t('ticket.serviceTime') : t('ticket.calledFor')}</dt>
                  <dd className="num timer" data-testid="service-timer">
                    {formatDuration(running)}
                  </dd>
                </div>
              </dl>
            </div>
          </div>
          {(ticket.journey || ticket.payment) && (
            <div className="ticket-extra">
              <JourneySteps ticket={ticket} services={services} />
              <PaymentForm key={`${ticket.id}-${ticket.serviceId}`} ticket={ticket} service={service} disabled={busy !== null} onDone={onTicket} />
            </div>
          )}
        </>
      ) : (
        <p className="ticket-empty">{open ? t('ticket.none') : t('pausedBecause', { reason: counter.pauseReason ?? t('status.paused') })}</p>
      )}
      <div className="actions" role="group" aria-label={t('ticket.current')}>
        {button('callNext', 'N', 'btn btn-primary')}
        {button('recall', 'R')}
        {button('start', 'S', 'btn btn-accent')}
        <div className="complete-group">
          <label className="field outcome">
            <span>{t('outcome.label')}</span>
            <input
              value={outcome}
              onChange={(e) => onOutcome(e.target.value)}
              placeholder={t('outcome.placeholder')}
              maxLength={200}
              disabled={!enabled.complete}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && enabled.complete) onAction('complete');
              }}
            />
          </label>
          {button('complete', 'C', 'btn btn-primary')}
          {next && (
            <div className="next-stop" data-testid="next-stop">
              <p>
                {endJourney ? t('journey.endsHere') : t('journey.nextOnComplete', { service: serviceName(services, next.serviceId) })}
              </p>
              <label className="choice">
                <input type="checkbox" checked={endJourney} disabled={!enabled.complete} onChange={(e) => onEndJourney(e.target.checked)} data-testid="end-journey" />
                {t('journey.endHere')}
              </label>
            </div>
          )}
        </div>
        {button('noShow', 'X', 'btn btn-danger')}
        {button('transfer', 'T')}
      </div>
    </section>
  );
}
