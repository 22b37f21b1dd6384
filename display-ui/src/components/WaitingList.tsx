import type { DisplayState, PublicService } from '@navbat/shared';
import { nameIn, text } from '../i18n';
import { Bilingual } from './Bilingual';

/** How many people wait per service (the services of this zone's counters). */
export function WaitingList({ waiting, services }: { waiting: DisplayState['waiting']; services: Map<number, PublicService> }) {
  const counts = new Map(waiting.map((w) => [w.serviceId, w.count]));
  // In the centre's service order; a service unknown to us yet (just added) waits for the next refresh.
  const rows = [...services.values()].filter((s) => counts.has(s.id));
  if (rows.length === 0) return null;
  return (
    <section className="waiting" aria-labelledby="waiting-title">
      <h2 id="waiting-title" className="section-title">
        <Bilingual text={text.waiting} />
      </h2>
      <ul className="waiting-list">
        {rows.map((s) => (
          <li key={s.id} className="waiting-row" data-testid="waiting-row">
            <span className="waiting-prefix">{s.prefix}</span>
            <Bilingual text={{ en: nameIn(s.name, 'en'), ur: nameIn(s.name, 'ur') }} className="waiting-name" stacked />
            <span className="waiting-count">{counts.get(s.id) ?? 0}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
