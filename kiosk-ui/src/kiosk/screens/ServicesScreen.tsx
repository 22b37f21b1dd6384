import type { Language, PriorityCategory, PublicService, ServicesResponse } from '@navbat/shared';
import { formatHours, localize, messages, type Messages } from '../../i18n';
import { PriorityIcon } from '../../components/PriorityIcon';
import { feeText } from '../../components/FeeFacts';

/** What the start and services screens share: the language, the chosen priority and an issue in flight. */
export interface ChoiceProps {
  data: ServicesResponse;
  language: Language;
  /** `none` or the chosen priority category. */
  priority: string;
  disabled: boolean;
  /** The service whose ticket is being issued right now (its card shows a spinner). */
  issuingServiceId: number | null;
  error: keyof Messages['errors'] | null;
  cancelledCode: string | null;
  onPriority: (priority: string) => void;
  onService: (service: PublicService) => void;
}

/**
 * The priority line, clearly apart on the start screen: one button per category (the category is the
 * tap that chooses priority, so a priority ticket takes as many taps as any other). Once chosen, a banner
 * says so on every screen, with a way to undo it.
 */
export function PriorityPanel({
  categories,
  priority,
  language,
  disabled,
  onChoose,
  onChooseIn,
}: {
  categories: PriorityCategory[];
  priority: string;
  language: Language;
  disabled: boolean;
  onChoose: (priority: string) => void;
  /** On the start screen: each category also in the other language, which it switches to (one tap, no language step). */
  onChooseIn?: (priority: string, language: Language) => void;
}) {
  const t = messages[language];
  const other: Language = language === 'en' ? 'ur' : 'en';
  if (categories.length === 0) return null;
  const chosen = categories.find((c) => c.code === priority);
  if (chosen)
    return (
      <div className="priority-banner" role="status" data-testid="priority-banner">
        <PriorityIcon code={chosen.code} />
        <span className="priority-banner-text">{t.priorityChosen(localize(chosen.name, language))}</span>
        <button type="button" className="priority-remove" disabled={disabled} onClick={() => onChoose('none')}>
          {t.priorityRemove}
        </button>
      </div>
    );
  return (
    <section className="priority-panel" aria-labelledby="priority-title" data-testid="priority-panel">
      <h2 id="priority-title">{t.priorityLine}</h2>
      <p className="priority-help">{t.priorityLineHelp}</p>
      <ul className="priority-choices" role="list">
        {categories.map((c) => (
          <li key={c.code}>
            <button type="button" className="priority-choice" disabled={disabled} onClick={() => onChoose(c.code)} data-priority={c.code}>
              <PriorityIcon code={c.code} />
              <span>{localize(c.name, language)}</span>
            </button>
            {onChooseIn ? (
              <button type="button" className="priority-choice-other" lang={other} dir={other === 'ur' ? 'rtl' : 'ltr'} disabled={disabled} onClick={() => onChooseIn(c.code, other)} data-priority-in={c.code}>
                {localize(c.name, other)}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The refusal of the last tap, or the note that a ticket was cancelled. */
export function ChoiceMessages({ language, error, cancelledCode }: { language: Language; error: ChoiceProps['error']; cancelledCode: string | null }) {
  const t = messages[language];
  const final = error === 'SERVICE_CLOSED' || error === 'DAILY_CAP_REACHED';
  return (
    <>
      {cancelledCode && !error ? (
        <p className="message message-info" role="status" data-testid="cancelled">
          {t.cancelled(cancelledCode)}
        </p>
      ) : null}
      {error ? (
        <div className={`message ${final ? 'message-error' : 'message-warning'}`} role="alert" data-error={error}>
          {t.errors[error]}
        </div>
      ) : null}
    </>
  );
}

/** Service cards: name, people waiting, estimated wait; a tap issues the ticket. Closed ones stay visible with their hours. */
export function ServiceList({ services, data, language, priority, disabled, issuingServiceId, onService }: Omit<ChoiceProps, 'error' | 'cancelledCode' | 'onPriority'> & { services: PublicService[] }) {
  const t = messages[language];
  return (
    <ul className="card-list service-list" role="list">
      {services.map((s) => {
        const hours = formatHours(s.openingHours, language);
        const issuing = issuingServiceId === s.id;
        return (
          <li key={s.id}>
            <button
              type="button"
              className={`card service-card ${s.open ? '' : 'closed'} ${issuing ? 'issuing' : ''}`}
              disabled={disabled || !s.open || issuingServiceId !== null}
              aria-busy={issuing}
              onClick={() => onService(s)}
              data-service-id={s.id}
              data-prefix={s.prefix}
            >
              <span className="card-title">{localize(s.name, language)}</span>
              {/* The fee is said before the tap that takes the ticket. */}
              {s.fee ? (
                <span className="card-fee" data-testid="service-fee">
                  {t.fee}: {feeText(s.fee, language)}
                </span>
              ) : null}
              {issuing ? (
                <span className="card-meta issuing-meta">
                  <span className="spinner" aria-hidden="true" />
                  <span>{t.issuing}</span>
                </span>
              ) : s.open ? (
                <span className="card-meta">
                  <span className="waiting-count">{t.waiting(s.waiting)}</span>
                  <span>{t.estimate(s.estimatedWaitRange)}</span>
                  {priority !== 'none' && data.priorityCategories.length > 0 && !s.allowsPriority ? <span className="regular-only">{t.regularOnly}</span> : null}
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
  );
}

/** The services of one agency (group). */
export function ServicesScreen(props: ChoiceProps & { groupId: number | null }) {
  const { data, groupId, language, priority, disabled, onPriority, error, cancelledCode } = props;
  const t = messages[language];
  const group = data.groups.find((g) => g.id === groupId);
  const services = data.services.filter((s) => s.groupId === groupId);
  return (
    <section className="screen" aria-labelledby="services-title">
      <p className="eyebrow">{group ? localize(group.name, language) : ''}</p>
      <h1 id="services-title">{t.chooseService}</h1>
      {priority !== 'none' ? <PriorityPanel categories={data.priorityCategories} priority={priority} language={language} disabled={disabled} onChoose={onPriority} /> : null}
      <ChoiceMessages language={language} error={error} cancelledCode={cancelledCode} />
      <ServiceList {...props} services={services} />
    </section>
  );
}
