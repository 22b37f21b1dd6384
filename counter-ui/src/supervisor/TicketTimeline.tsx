import { useEffect, useRef, useState } from 'react';
import type { TicketEvent } from '@navbat/shared';
import { api, counterLabel, errorCode, errorText, t, useLanguage } from '../lib';
import { describeEventData, type TimelineNames } from './timeline-text';

/** A ticket's audit trail: issued, called by whom at which counter, recalled, transferred, completed, rated. */
export function TicketTimeline({ ticketId, code, names, onClose }: { ticketId: number; code?: string; names: TimelineNames; onClose?: () => void }) {
  useLanguage();
  const [events, setEvents] = useState<TicketEvent[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    setEvents(null);
    setError(null);
    api.ticketEvents(ticketId).then(setEvents, (e) => setError(errorText(errorCode(e))));
    heading.current?.focus();
  }, [ticketId]);

  const counterName = (id: number | null) => {
    if (id === null) return null;
    const found = names.counters.find((c) => c.id === id);
    return found ? counterLabel(found.name) : t('timeline.unknownCounter');
  };
  return (
    <section className="card sup-timeline" aria-labelledby="timeline-title" data-testid="ticket-timeline">
      <h2 id="timeline-title" ref={heading} tabIndex={-1}>
        {code ? t('live.timeline', { code }) : t('timeline.title')}
      </h2>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!events && !error && <p role="status">{t('loading')}</p>}
      {events && events.length === 0 && <p>{t('timeline.empty')}</p>}
      {events && events.length > 0 && (
        <ol className="sup-events">
          {events.map((e, i) => {
            const counter = counterName(e.counterId);
            const details = describeEventData(e, names);
            return (
              <li key={i}>
                <span className="num">{new Date(e.at).toLocaleString('en-GB')}</span> <strong>{t(`event.${e.type}`)}</strong>
                {e.actor && <> · {t('timeline.by', { name: e.actor.name })}</>}
                {counter && <> · {t('timeline.atCounter', { counter })}</>}
                {details && <span className="muted"> · {details}</span>}
              </li>
            );
          })}
        </ol>
      )}
      {onClose && (
        <button type="button" className="btn btn-quiet" onClick={onClose}>
          {t('timeline.close')}
        </button>
      )}
    </section>
  );
}
