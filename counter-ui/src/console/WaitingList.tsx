import type { Counter, PriorityCategory, PublicService, Ticket } from '@navbat/shared';
import { formatDuration, localized, t } from '../lib/i18n';
import { secondsSince, useNow } from './useNow';

interface Props {
  queue: Ticket[] | null;
  counter: Counter;
  services: PublicService[];
  priorities: PriorityCategory[];
  canCall: boolean;
  busy: string | null;
  onCall: (ticket: Ticket) => void;
  /** Opens the fee of a waiting ticket (its PSID, paid or waived). */
  onPayment: (ticket: Ticket) => void;
}

/** A slot time as the hall's clocks show it (24-hour, Latin digits). */
const slotTime = (iso: string) => new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });

/** How many of the line are listed: the next ones, in call order (a line of 1000 would slow every second's redraw). */
const shown = 50;

/** Tickets this counter may call, live, each callable by hand (e.g. a citizen who came back late). */
export function WaitingList({ queue, counter, services, priorities, canCall, busy, onCall, onPayment }: Props) {
  const now = useNow();
  const served = new Set(counter.services.map((s) => s.serviceId));
  return (
    <section className="card waiting" aria-labelledby="waiting-title">
      <h2 id="waiting-title">
        {t('waiting.title')}{' '}
        {queue && (
          <span className="badge" data-testid="waiting-count">
            {t('waiting.count', { count: queue.length })}
          </span>
        )}
      </h2>
      {queue === null ? (
        <p role="status">{t('loading')}</p>
      ) : queue.length === 0 ? (
        <p className="muted">{t('waiting.empty')}</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label={t('waiting.title')}>
          <table data-testid="waiting-list">
            <thead>
              <tr>
                <th scope="col">{t('waiting.code')}</th>
                <th scope="col">{t('waiting.service')}</th>
                <th scope="col">{t('waiting.waited')}</th>
                <th scope="col">{t('waiting.action')}</th>
              </tr>
            </thead>
            <tbody>
              {queue.slice(0, shown).map((ticket) => {
                const service = services.find((s) => s.id === ticket.serviceId);
                const priority = ticket.priority !== 'none' ? priorities.find((p) => p.code === ticket.priority) : undefined;
                const stop = ticket.journey ? ticket.journey.findIndex((s) => s.status === 'current') : -1;
                // On a journey the wait in this line counts from entering it.
                const entered = (stop >= 0 ? ticket.journey?.[stop]?.enteredAt : null) ?? ticket.issuedAt;
                return (
                  <tr key={ticket.id} data-code={ticket.code}>
                    <th scope="row" className="code">
                      {ticket.code}
                      {priority && <span className="badge badge-warn">{localized(priority.name)}</span>}
                      {!served.has(ticket.serviceId) && <span className="badge">{t('waiting.toThisCounter')}</span>}
                    </th>
                    <td>
                      <span className="waiting-service">{service ? localized(service.name) : ticket.serviceId}</span>
                      <span className="waiting-marks">
                        {ticket.journey && stop >= 0 && (
                          <span className="badge" data-mark="journey">
                            {t('waiting.step', { n: stop + 1, of: ticket.journey.length })}
                          </span>
                        )}
                        {ticket.awaitingPayment && (
                          <span className="badge badge-warn" data-mark="payment">
                            {t('waiting.forPayment')}
                          </span>
                        )}
                        {ticket.appointmentAt && (
                          <span className="badge" data-mark="appointment">
                            {t('waiting.appointment', { time: slotTime(ticket.appointmentAt) })}
                          </span>
                        )}
                        {!ticket.arrived && (
                          <span className="badge badge-muted" data-mark="remote">
                            {t('waiting.notArrived')}
                          </span>
                        )}
                      </span>
                    </td>
                    <td className="num">{formatDuration(secondsSince(entered, now))}</td>
                    <td className="waiting-actions">
                      <button
                        type="button"
                        className="btn"
                        disabled={!canCall || ticket.awaitingPayment}
                        aria-busy={busy === `call-${ticket.id}`}
                        onClick={() => onCall(ticket)}
                      >
                        {t('action.call', { code: ticket.code })}
                      </button>
                      {ticket.payment && ticket.payment.status === 'unpaid' && (
                        <button type="button" className="btn" onClick={() => onPayment(ticket)} data-testid={`fee-${ticket.code}`}>
                          {t('action.fee', { code: ticket.code })}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {queue.length > shown && <p className="muted">{t('waiting.more', { n: queue.length - shown })}</p>}
        </div>
      )}
    </section>
  );
}
