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
}

/** How many of the line are listed: the next ones, in call order (a line of 1000 would slow every second's redraw). */
const shown = 50;

/** Tickets this counter may call, live, each callable by hand (e.g. a citizen who came back late). */
export function WaitingList({ queue, counter, services, priorities, canCall, busy, onCall }: Props) {
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
                return (
                  <tr key={ticket.id} data-code={ticket.code}>
                    <th scope="row" className="code">
                      {ticket.code}
                      {priority && <span className="badge badge-warn">{localized(priority.name)}</span>}
                      {!served.has(ticket.serviceId) && <span className="badge">{t('waiting.toThisCounter')}</span>}
                    </th>
                    <td>{service ? localized(service.name) : ticket.serviceId}</td>
                    <td className="num">{formatDuration(secondsSince(ticket.issuedAt, now))}</td>
                    <td>
                      <button
                        type="button"
                        className="btn"
                        disabled={!canCall}
                        aria-busy={busy === `call-${ticket.id}`}
                        onClick={() => onCall(ticket)}
                      >
                        {t('action.call', { code: ticket.code })}
                      </button>
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
