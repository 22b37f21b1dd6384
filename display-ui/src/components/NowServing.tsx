import { useMemo, useRef } from 'react';
import type { DisplayCall, PublicService } from '@navbat/shared';
import type { BoardModel } from '../board/board-model';
import { useElementSize } from '../hooks/useElementSize';
import { usePager } from '../hooks/usePager';
import { counterLabel, nameIn, text } from '../i18n';
import { chooseGrid } from '../layout/serving-grid';
import { textWidthEm } from '../layout/measure';
import { Bilingual } from './Bilingual';

interface Props {
  model: BoardModel;
  services: Map<number, PublicService>;
  /** How long each page of tiles shows when the counters do not all fit at a legible size. */
  pageMs: number;
}

const arrow = ' → ';

/**
 * The newest call, huge, flashing while it is fresh; under it, every other counter's call as a tile,
 * in pages when they do not all fit with codes legible from the back of the hall.
 */
export function NowServing({ model, services, pageMs }: Props) {
  const serving = model.state?.serving ?? [];
  const highlight = model.highlight;
  const hero: DisplayCall | undefined =
    (highlight && serving.find((c) => c.counterId === highlight.counterId && c.ticketCode === highlight.ticketCode)) ?? serving[0];
  const others = serving.filter((c) => c !== hero).sort((a, b) => a.counterName.localeCompare(b.counterName, 'en', { numeric: true }));
  const flashing = !!hero && !!highlight && hero.ticketCode === highlight.ticketCode && hero.counterId === highlight.counterId;

  const heroRef = useRef<HTMLDivElement>(null);
  const heroBox = useElementSize(heroRef);
  const tilesRef = useRef<HTMLDivElement>(null);
  const tilesBox = useElementSize(tilesRef);

  const viewport = typeof window === 'undefined' ? { w: 1920, h: 1080 } : { w: window.innerWidth, h: window.innerHeight };
  const vmin = Math.min(viewport.w, viewport.h) / 100;
  const gap = Math.min(48, Math.max(8, 1.2 * vmin)); // var(--gap) in styles.css
  const grid = useMemo(() => {
    const codeEm = Math.max(0, ...others.map((c) => textWidthEm(c.ticketCode)));
    const counterEm = Math.max(0, ...others.map((c) => textWidthEm(`→ ${counterLabel(c.counterName)}`, 700)));
    // 4.4 vmin (48 px on a 1080p TV): a code still read from about 10 m away.
    return chooseGrid({ width: tilesBox.width, height: tilesBox.height, count: others.length, gap, minFont: Math.max(22, 4.4 * vmin), maxFont: 11 * vmin, codeEm, counterEm });
  }, [others, tilesBox.width, tilesBox.height, vmin, gap]);
  const page = usePager(grid.pages, pageMs);
  // A counter name longer than its tile is set smaller rather than cut, so "Window 12" never reads "Window 1…"
  // (the tile's padding is 0.25em each side, in the grid's font).
  const tileTextPx = (tilesBox.width - (grid.columns - 1) * gap) / Math.max(1, grid.columns) - 0.5 * grid.font;
  const counterFontEm = (name: string) => Math.min(0.6, (0.97 * tileTextPx) / (textWidthEm(`→ ${counterLabel(name)}`, 700) * grid.font));
  const shown = others.slice(page * grid.perPage, (page + 1) * grid.perPage);

  // The hero line is as big as the hall allows while "code → counter" fits on one line.
  const heroLine = hero ? `${hero.ticketCode}${arrow}${counterLabel(hero.counterName)}` : '';
  // The hero's side padding is 2.5% of its slot and its border at most 0.5 vmin: 92% is left for the line.
  // In portrait with no other counter serving, the hero takes the whole area: the code on one line and
  // "→ counter" on the next, as big as the width and the height allow.
  const alone = !!hero && others.length === 0;
  const stacked = alone && viewport.h > viewport.w;
  const stackedEm = hero ? Math.max(textWidthEm(hero.ticketCode), textWidthEm(`${arrow.trimStart()}${counterLabel(hero.counterName)}`)) + 0.1 : 1;
  const heroFont =
    hero && heroBox.width > 0
      ? stacked
        ? Math.floor(Math.min(24 * vmin, (heroBox.width * 0.92) / stackedEm, heroBox.height > 0 ? (heroBox.height * 0.62) / 2.3 : Infinity))
        : Math.floor(Math.min(17 * vmin, (heroBox.width * 0.92) / (textWidthEm(heroLine) + 0.1)))
      : 0;

  return (
    <section className={alone ? 'now-serving alone' : 'now-serving'} aria-labelledby="now-serving-title">
      <div className="section-head">
        <h2 id="now-serving-title" className="section-title">
          <Bilingual text={text.nowServing} />
        </h2>
        {grid.pages > 1 && (
          <p className="page-indicator" data-testid="serving-page" data-page={page + 1} data-pages={grid.pages} data-per-page={grid.perPage} data-columns={grid.columns}>
            <Bilingual text={{ en: `${text.page.en} ${page + 1}/${grid.pages}`, ur: `${text.page.ur} ${page + 1}/${grid.pages}` }} />
          </p>
        )}
      </div>
      <div className="hero-slot" ref={heroRef}>
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
          <div className="hero-line" style={heroFont ? { fontSize: `${heroFont}px` } : undefined}>
            <span className="hero-code">{hero.ticketCode}</span>
            <span className="hero-arrow" aria-hidden="true">
              →
            </span>
            <span className="visually-hidden"> counter </span>
            <span className="hero-counter-name">{counterLabel(hero.counterName)}</span>
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
      </div>
      <div className="tiles-area" ref={tilesRef}>
        {shown.length > 0 && (
          <ul
            className="tiles"
            aria-label="Other counters"
            data-page={page + 1}
            style={{ gridTemplateColumns: `repeat(${grid.columns}, minmax(0, 1fr))`, gridTemplateRows: `repeat(${grid.rows}, minmax(0, 1fr))`, fontSize: `${grid.font}px` }}
          >
            {shown.map((c) => (
              <li key={c.counterId} className="tile" data-testid="serving-tile" data-ticket={c.ticketCode} data-counter={c.counterName}>
                <span className="tile-code">{c.ticketCode}</span>
                <span className="tile-counter" title={counterLabel(c.counterName)} style={{ fontSize: `${counterFontEm(c.counterName)}em` }}>
                  <span aria-hidden="true">→ </span>
                  <span className="visually-hidden">counter </span>
                  {counterLabel(c.counterName)}
                </span>
                <ServiceName service={services.get(c.serviceId)} className="tile-service" stacked />
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

/** A service's name in both languages (empty until the names have loaded); cut names keep their full text as a title. */
export function ServiceName({ service, className, stacked = false }: { service: PublicService | undefined; className: string; stacked?: boolean }) {
  if (!service) return <span className={className} />;
  return <Bilingual text={{ en: nameIn(service.name, 'en'), ur: nameIn(service.name, 'ur') }} className={className} stacked={stacked} titled />;
}
