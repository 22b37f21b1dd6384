import { useRef } from 'react';
import type { DisplayCall, PublicService } from '@navbat/shared';
import { useWholeRows } from '../hooks/useWholeRows';
import { counterLabel, text } from '../i18n';
import { textWidthEm } from '../layout/measure';
import { Bilingual } from './Bilingual';
import { ServiceName } from './NowServing';

/** The last calls, newest first (the server keeps at most ten), as a table of whole rows: as many as fit. */
export function RecentCalls({ calls, services, max }: { calls: DisplayCall[]; services: Map<number, PublicService>; max: number }) {
  const boxRef = useRef<HTMLDivElement>(null);
  const rows = calls.slice(0, max);
  const callKey = (c: DisplayCall) => `${c.counterId}-${c.ticketCode}-${c.calledAt}`;
  const fit = useWholeRows(boxRef, rows.map(callKey));
  // Columns as wide as the longest code (never cut) and counter name (at most 7 em: a longer name is set
  // smaller to fit rather than cut, so "Window 28-B" never reads "Window 28…").
  const codeEm = Math.max(3, ...rows.map((c) => textWidthEm(c.ticketCode))) + 0.3;
  const counterEm = Math.min(7, Math.max(3, ...rows.map((c) => textWidthEm(`→ ${counterLabel(c.counterName)}`, 700))) * 0.8 + 0.3);
  return (
    <section className="recent panel" aria-labelledby="recent-title">
      <h2 id="recent-title" className="section-title">
        <Bilingual text={text.recentCalls} />
      </h2>
      <div className="rows-box" ref={boxRef}>
        {calls.length === 0 ? (
          <p className="muted">
            <Bilingual text={text.noCalls} />
          </p>
        ) : (
          <table className="recent-table">
            <colgroup>
              <col style={{ width: `${codeEm}em` }} />
              <col style={{ width: `${counterEm}em` }} />
              <col />
            </colgroup>
            <thead className="visually-hidden">
              <tr>
                <th scope="col">{text.token.en}</th>
                <th scope="col">{text.counter.en}</th>
                <th scope="col">{text.service.en}</th>
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, fit).map((c) => (
                <tr key={callKey(c)} className="recent-row" data-row={callKey(c)} data-testid="recent-call" data-ticket={c.ticketCode}>
                  <td className="recent-code">{c.ticketCode}</td>
                  <td className="recent-counter" style={{ fontSize: `${Math.min(0.8, (counterEm - 0.3) / textWidthEm(`→ ${counterLabel(c.counterName)}`, 700))}em` }}>
                    <span className="cut" title={counterLabel(c.counterName)}>
                      <span aria-hidden="true">→ </span>
                      {counterLabel(c.counterName)}
                    </span>
                  </td>
                  <td className="recent-service">
                    <ServiceName service={services.get(c.serviceId)} className="cell-names" stacked />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
