import type { Language, PriorityCategory, PublicService } from '@navbat/shared';
import { localize, messages, type Messages } from '../../i18n';
import { PriorityIcon } from '../../components/PriorityIcon';

export interface ConfirmScreenProps {
  service: PublicService;
  priority: PriorityCategory | null;
  language: Language;
  busy: boolean;
  offline: boolean;
  error: keyof Messages['errors'] | null;
  onConfirm: () => void;
  onChooseAnother: () => void;
}

/** What the citizen is about to get, and one big button; it stays disabled while the request is in flight. */
export function ConfirmScreen({ service, priority, language, busy, offline, error, onConfirm, onChooseAnother }: ConfirmScreenProps) {
  const t = messages[language];
  const final = error === 'SERVICE_CLOSED' || error === 'DAILY_CAP_REACHED';
  return (
    <section className="screen confirm-screen" aria-labelledby="confirm-title">
      <h1 id="confirm-title">{t.confirmTitle}</h1>
      <dl className="summary">
        <div>
          <dt>{t.confirmService}</dt>
          <dd className="summary-service">{localize(service.name, language)}</dd>
        </div>
        {priority ? (
          <div>
            <dt>{t.confirmPriority}</dt>
            <dd className="summary-priority">
              <PriorityIcon code={priority.code} />
              {localize(priority.name, language)}
            </dd>
          </div>
        ) : null}
        <div>
          <dt className="visually-hidden">{t.estimatedWait}</dt>
          <dd className="summary-meta">
            {t.waiting(service.waiting)} · {t.estimate(service.estimatedWaitSeconds)}
          </dd>
        </div>
      </dl>
      {error ? (
        <div className={`message ${final ? 'message-error' : 'message-warning'}`} role="alert" data-error={error}>
          {t.errors[error]}
        </div>
      ) : null}
      {final ? (
        <button type="button" className="primary-button" onClick={onChooseAnother}>
          {t.chooseAnother}
        </button>
      ) : (
        <button type="button" className="primary-button confirm-button" disabled={busy || offline} aria-busy={busy} onClick={onConfirm} data-testid="confirm">
          {busy ? (
            <>
              <span className="spinner" aria-hidden="true" />
              {t.confirmBusy}
            </>
          ) : error ? (
            t.tryAgain
          ) : (
            t.confirmButton
          )}
        </button>
      )}
    </section>
  );
}
