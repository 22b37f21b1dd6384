import type { DisplayCall, PublicService } from '@navbat/shared';
import { text } from '../i18n';
import { Bilingual } from './Bilingual';
import { ServiceName } from './NowServing';

/** The last calls, newest first (the server keeps at most ten). */
export function RecentCalls({ calls, services, max }: { calls: DisplayCall[]; services: Map<number, PublicService>; max: number }) {
  return (
    <section className="recent" aria-labelledby="recent-title">
      <h2 id="recent-title" className="section-title">
        <Bilingual text={text.recentCalls} />
      </h2>
      {calls.length === 0 ? (
        <p className="muted">
          <Bilingual text={text.noCalls} />
        </p>
      ) : (
        <ol className="recent-list">
          {calls.slice(0, max).map((c) => (
            <li key={`${c.counterId}-${c.ticketCode}-${c.calledAt}`} className="recent-row" data-testid="recent-call" data-ticket={c.ticketCode}>
              <span className="recent-code">{c.ticketCode}</span>
              <span className="recent-counter">
                <span className="visually-hidden">counter </span>
                <span aria-hidden="true">→ </span>
                {c.counterName}
              </span>
              <ServiceName service={services.get(c.serviceId)} className="recent-service" stacked />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
