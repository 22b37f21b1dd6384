import type { JourneyStop, PublicService, Ticket } from '@navbat/shared';
import { localized, t } from '../lib/i18n';

/** A stop's service as the console names it: prefix and name (its id when the service is unknown here). */
export function serviceName(services: PublicService[], serviceId: number): string {
  const service = services.find((s) => s.id === serviceId);
  return service ? `${service.prefix} · ${localized(service.name)}` : `#${serviceId}`;
}

/** The stop the ticket goes on to when the current one is completed, if any. */
export function nextStop(ticket: Ticket): JourneyStop | null {
  return ticket.journey?.find((s) => s.status === 'pending') ?? null;
}

const marks = { done: '✓', current: '●', pending: '○' } as const;

/** A ticket's journey: the stops done, the current one and those to come, in order. */
export function JourneySteps({ ticket, services }: { ticket: Ticket; services: PublicService[] }) {
  const journey = ticket.journey;
  if (!journey) return null;
  return (
    <div className="journey" data-testid="journey">
      <h3>{t('journey.title', { n: journey.length })}</h3>
      <ol>
        {journey.map((stop, i) => (
          <li key={`${stop.serviceId}-${i}`} className={`journey-stop journey-${stop.status}`} data-status={stop.status} aria-current={stop.status === 'current' ? 'step' : undefined}>
            <span className="journey-mark" aria-hidden="true">
              {marks[stop.status]}
            </span>
            <span className="journey-name">{serviceName(services, stop.serviceId)}</span>
            <span className="journey-state">{t(`journey.${stop.status}`)}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
