import type { CSSProperties } from 'react';
import type { DisplayCall, PublicService } from '@navbat/shared';
import type { BoardModel } from '../board/board-model';
import { nameIn, text } from '../i18n';
import { Bilingual } from './Bilingual';

interface Props {
  model: BoardModel;
  services: Map<number, PublicService>;
  /** How many other counters fit as tiles under the newest call. */
  maxTiles: number;
}

/**
 * The newest call, huge, flashing while it is fresh; under it, what every other counter is serving.
 */
export function NowServing({ model, services, maxTiles }: Props) {
  const serving = model.state?.serving ?? [];
  const highlight = model.highlight;
  const hero: DisplayCall | undefined =
    (highlight && serving.find((c) => c.counterId === highlight.counterId && c.ticketCode === highlight.ticketCode)) ?? serving[0];
  const others = serving.filter((c) => c !== hero).slice(0, maxTiles);
  const flashing = !!hero && !!highlight && hero.ticketCode === highlight.ticketCode && hero.counterId === highlight.counterId;

  return (
    <section className="now-serving" aria-labelledby="now-serving-title">
      <h2 id="now-serving-title" className="section-title">
        <Bilingual text={text.nowServing} />
      </h2>
      {hero ? (
        <div
          key={`${hero.counterId}-${hero.ticketCode}-${highlight?.until ?? 0}`}
          className={flashing ? 'hero flashing' : 'hero'}
          data-testid="hero"
          data-ticket={hero.ticketCode}
          data-counter={hero.counterName}
          data-highlighted={flashing ? 'true' : 'false'}
          aria-live="polite"
        >
          <div className="hero-token">
            <span className="label">
              <Bilingual text={text.token} />
            </span>
            <span className="hero-code" style={{ '--chars': Math.max(4, hero.ticketCode.length) } as CSSProperties}>
              {hero.ticketCode}
            </span>
          </div>
          <span className="hero-arrow" aria-hidden="true">
            →
          </span>
          <div className="hero-counter">
            <span className="label">
              <Bilingual text={text.counter} />
            </span>
            <span className="hero-counter-name" style={{ '--chars': Math.max(2, hero.counterName.length) } as CSSProperties}>
              {hero.counterName}
            </span>
          </div>
          <ServiceName service={services.get(hero.serviceId)} className="hero-service" />
          {flashing && highlight?.recall && (
            <span className="recall-badge">
              <Bilingual text={text.recall} />
            </span>
          )}
        </div>
      ) : (
        <div className="hero hero-empty" data-testid="hero" data-ticket="">
          <Bilingual text={text.pleaseWait} />
        </div>
      )}
      {others.length > 0 && (
        <ul className="tiles" aria-label="Other counters">
          {others.map((c) => (
            <li key={c.counterId} className="tile" data-testid="serving-tile" data-ticket={c.ticketCode} data-counter={c.counterName}>
              <span className="tile-code">{c.ticketCode}</span>
              <span className="tile-arrow" aria-hidden="true">
                →
              </span>
              <span className="tile-counter">{c.counterName}</span>
              <ServiceName service={services.get(c.serviceId)} className="tile-service" stacked />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** A service's name in both languages (empty until the names have loaded). */
export function ServiceName({ service, className, stacked = false }: { service: PublicService | undefined; className: string; stacked?: boolean }) {
  if (!service) return <span className={className} />;
  return <Bilingual text={{ en: nameIn(service.name, 'en'), ur: nameIn(service.name, 'ur') }} className={className} stacked={stacked} />;
}
