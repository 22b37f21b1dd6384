import { useRef } from 'react';
import type { DisplayState, PublicService, WaitRange } from '@navbat/shared';
import { formatWaitRange } from '@navbat/shared/client';
import { useWholeRows } from '../hooks/useWholeRows';
import { nameIn, text } from '../i18n';
import { textWidthEm } from '../layout/measure';
import { Bilingual } from './Bilingual';

/**
 * How many people wait per service (the services of this zone's counters), with how long someone joining
 * now may wait ("about 15–25 min", the 80% range rounded to 5 minutes), as a table of whole rows.
 */
export function WaitingList({ waiting, services }: { waiting: DisplayState['waiting']; services: Map<number, PublicService> }) {
  const boxRef = useRef<HTMLDivElement>(null);
  const counts = new Map(waiting.map((w) => [w.serviceId, w.count]));
  const ranges = new Map(waiting.map((w) => [w.serviceId, w.waitRange ?? null]));
  // In the centre's service order; a service unknown to us yet (just added) waits for the next refresh.
  const rows = [...services.values()].filter((s) => (counts.get(s.id) ?? 0) > 0);
  const fit = useWholeRows(boxRef, rows.map((s) => String(s.id)));
  if (rows.length === 0) return null;
  const hidden = Math.max(0, rows.length - fit);
  return (
    <section className="waiting panel" aria-labelledby="waiting-title">
      <div className="section-head">
        <h2 id="waiting-title" className="section-title">
          <Bilingual text={text.waiting} />
        </h2>
        {hidden > 0 && fit !== Infinity && (
          <p className="more" data-testid="waiting-more">
            <Bilingual text={{ en: `+${hidden} more`, ur: `+${hidden} مزید` }} />
          </p>
        )}
      </div>
      <div className="rows-box" ref={boxRef}>
        <table className="waiting-table">
          <colgroup>
            <col />
            <col className="col-wait" />
            <col className="col-count" />
          </colgroup>
          <thead className="visually-hidden">
            <tr>
              <th scope="col">{text.service.en}</th>
              <th scope="col">{text.wait.en}</th>
              <th scope="col">{text.people.en}</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, fit).map((s) => (
              <tr key={s.id} className="waiting-row" data-row={s.id} data-testid="waiting-row">
                <td className="waiting-service">
                  <div className="waiting-cell">
                    <span className="waiting-prefix">{s.prefix}</span>
                    <Bilingual text={{ en: nameIn(s.name, 'en'), ur: nameIn(s.name, 'ur') }} className="cell-names" stacked titled />
                  </div>
                </td>
                <td className="waiting-wait" data-testid="waiting-range">
                  <WaitRangeText range={ranges.get(s.id) ?? null} />
                </td>
                <td className="waiting-count">{counts.get(s.id) ?? 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/**
 * The wait column's width and its text's size, in em of the table (styles.css `.col-wait`, `.wait-range`).
 * Never larger than the names (0.62em): the names set every row's height, so rows keep one height whatever their range says.
 */
const waitColumnEm = 6.4;
const waitTextEm = 0.62;

/**
 * "about 15–25 min" over "تقریباً 15–25 منٹ"; nothing when the server has no estimate. A long one ("about
 * 420–910 min") is set smaller to fit its column rather than cut.
 */
function WaitRangeText({ range }: { range: WaitRange | null }) {
  const en = formatWaitRange(range, 'en');
  const ur = formatWaitRange(range, 'ur');
  if (en === null || ur === null) return null;
  // The cell's padding is 0.3em; the Urdu half is set at 0.92 of the English.
  const widest = Math.max(textWidthEm(en, 400), 0.92 * textWidthEm(ur, 400, '"Noto Nastaliq Urdu"'));
  const size = Math.min(waitTextEm, (waitColumnEm - 0.4) / widest);
  return <Bilingual text={{ en, ur }} className="cell-names wait-range" stacked titled style={{ fontSize: `${size}em` }} />;
}
