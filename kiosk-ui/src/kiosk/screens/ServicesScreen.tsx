import type { Language, PublicService, ServicesResponse } from '@navbat/shared';
import { formatHours, localize, messages } from '../../i18n';

/** The services of one group: name, people waiting and the estimated wait; closed ones stay visible with their hours. */
export function ServicesScreen({ data, groupId, language, disabled, onChoose }: { data: ServicesResponse; groupId: number | null; language: Language; disabled: boolean; onChoose: (service: PublicService) => void }) {
  const t = messages[language];
  const group = data.groups.find((g) => g.id === groupId);
  const services = data.services.filter((s) => s.groupId === groupId);
  return (
    <section className="screen" aria-labelledby="services-title">
      <p className="eyebrow">{group ? localize(group.name, language) : ''}</p>
      <h1 id="services-title">{t.chooseService}</h1>
      <ul className="card-list" role="list">
        {services.map((s) => {
          const hours = formatHours(s.openingHours, language);
          return (
            <li key={s.id}>
              <button
                type="button"
                className={`card service-card ${s.open ? '' : 'closed'}`}
                disabled={disabled || !s.open}
                onClick={() => onChoose(s)}
                data-service-id={s.id}
                data-prefix={s.prefix}
              >
                <span className="card-title">{localize(s.name, language)}</span>
                {s.open ? (
                  <span className="card-meta">
                    <span className="waiting-count">{t.waiting(s.waiting)}</span>
                    <span>{t.estimate(s.estimatedWaitSeconds)}</span>
                  </span>
                ) : (
                  <span className="card-meta closed-meta">
                    <span className="closed-badge">{t.closed}</span>
                    <span>{hours ? t.closedHours(hours) : t.closedNoHours}</span>
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
