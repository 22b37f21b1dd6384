import type { Counter, CounterToday, PublicService, QueueSummary } from '@navbat/shared';
import { formatDuration, localized, t } from '../lib/i18n';
import { secondsSince, useNow } from './useNow';

interface Props {
  counter: Counter;
  services: PublicService[];
  summary: QueueSummary | null;
  today: CounterToday | null;
}

/** Waiting count and longest wait of each service this counter serves, and the operator's day so far. */
export function SidePanel({ counter, services, summary, today }: Props) {
  const now = useNow();
  const rows = counter.services.map((skill) => ({
    service: services.find((s) => s.id === skill.serviceId),
    line: summary?.services.find((s) => s.serviceId === skill.serviceId),
    serviceId: skill.serviceId,
  }));
  return (
    <aside className="side">
      <section className="card" aria-labelledby="lines-title">
        <h2 id="lines-title">{t('side.title')}</h2>
        <table data-testid="lines">
          <thead>
            <tr>
              <th scope="col">{t('side.service')}</th>
              <th scope="col">{t('side.waiting')}</th>
              <th scope="col">{t('side.longest')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ service, line, serviceId }) => {
              // Ticks between summaries: the oldest waiting ticket's age, now.
              const longest = line?.oldestIssuedAt ? secondsSince(line.oldestIssuedAt, now) : (line?.longestWaitSeconds ?? null);
              const late = line !== undefined && longest !== null && longest > line.slaTargetMinutes * 60;
              return (
                <tr key={serviceId} data-service={service?.prefix}>
                  <th scope="row">{service ? `${service.prefix} · ${localized(service.name)}` : serviceId}</th>
                  <td className="num big-num" data-testid={`line-waiting-${service?.prefix ?? serviceId}`}>
                    {line?.waiting ?? '–'}
                  </td>
                  <td className={`num${late ? ' late' : ''}`}>{formatDuration(longest)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      <section className="card" aria-labelledby="today-title">
        <h2 id="today-title">{t('side.today')}</h2>
        <dl className="today">
          <div>
            <dt>{t('side.served')}</dt>
            <dd className="num big-num" data-testid="today-served">
              {today?.served ?? '–'}
            </dd>
          </div>
          <div>
            <dt>{t('side.avg')}</dt>
            <dd className="num big-num">{formatDuration(today?.avgServiceSeconds)}</dd>
          </div>
          <div>
            <dt>{t('side.noShow')}</dt>
            <dd className="num big-num" data-testid="today-noshow">
              {today?.noShow ?? '–'}
            </dd>
          </div>
        </dl>
      </section>
    </aside>
  );
}
