import type { Language, ServicesResponse } from '@navbat/shared';
import { localize, messages } from '../../i18n';

/** Agencies (service groups) as big cards with how many services each offers. */
export function GroupsScreen({ data, language, disabled, onChoose }: { data: ServicesResponse; language: Language; disabled: boolean; onChoose: (groupId: number) => void }) {
  const t = messages[language];
  const groups = data.groups.map((g) => ({ ...g, services: data.services.filter((s) => s.groupId === g.id) })).filter((g) => g.services.length > 0);
  return (
    <section className="screen" aria-labelledby="groups-title">
      <h1 id="groups-title">{t.chooseGroup}</h1>
      <ul className="card-list" role="list">
        {groups.map((g) => {
          const waiting = g.services.reduce((sum, s) => sum + s.waiting, 0);
          const open = g.services.some((s) => s.open);
          return (
            <li key={g.id}>
              <button type="button" className="card group-card" disabled={disabled} onClick={() => onChoose(g.id)} data-group-id={g.id}>
                <span className="card-title">{localize(g.name, language)}</span>
                <span className="card-meta">
                  <span>{t.servicesCount(g.services.length)}</span>
                  <span>{open ? t.waiting(waiting) : t.closed}</span>
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
