import type { Language } from '@navbat/shared';
import { localize, messages } from '../../i18n';
import { ChoiceMessages, PriorityPanel, ServiceList, type ChoiceProps } from './ServicesScreen';

/** The groups that have services, each with its services (a group without any is not a choice). */
export function groupsWithServices(data: ChoiceProps['data']) {
  return data.groups.map((g) => ({ ...g, services: data.services.filter((s) => s.groupId === g.id) })).filter((g) => g.services.length > 0);
}

/**
 * The first screen: the priority line, then the agencies (service groups) as big cards; with a single
 * agency its services are shown here at once, so its lone card is never a step of its own.
 */
export function StartScreen(props: ChoiceProps & { onGroup: (groupId: number) => void; onLanguage: (language: Language) => void; onCheckIn: () => void }) {
  const { data, language, priority, disabled, issuingServiceId, onPriority, onGroup, onLanguage, onCheckIn, error, cancelledCode } = props;
  const t = messages[language];
  const groups = groupsWithServices(data);
  const single = groups.length === 1 ? groups[0]! : null;
  return (
    <section className="screen start-screen" aria-labelledby="start-title">
      <p className="welcome">{t.welcome}</p>
      <h1 id="start-title">{single ? t.chooseService : t.chooseGroup}</h1>
      {/* Each priority category in both languages: a citizen of the other language needs no language tap first. */}
      <PriorityPanel
        categories={data.priorityCategories} priority={priority} language={language} disabled={disabled || issuingServiceId !== null}
        onChoose={onPriority}
        onChooseIn={(code, l) => {
          onLanguage(l);
          onPriority(code);
        }}
      />
      <ChoiceMessages language={language} error={error} cancelledCode={cancelledCode} />
      {single ? (
        <ServiceList {...props} services={single.services} />
      ) : (
        <ul className="card-list group-grid" role="list">
          {groups.map((g) => {
            const waiting = g.services.reduce((sum, s) => sum + s.waiting, 0);
            const open = g.services.some((s) => s.open);
            return (
              <li key={g.id}>
                <button type="button" className="card group-card" disabled={disabled} onClick={() => onGroup(g.id)} data-group-id={g.id}>
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
      )}
      {/* Citizens who booked or joined the line from their phone check in here (their QR or booking code). */}
      <button type="button" className="check-in-start" disabled={disabled || issuingServiceId !== null} onClick={onCheckIn} data-testid="check-in-start">
        <span className="check-in-start-icon" aria-hidden="true">
          ▦
        </span>
        <span>{t.checkInStart}</span>
      </button>
    </section>
  );
}
