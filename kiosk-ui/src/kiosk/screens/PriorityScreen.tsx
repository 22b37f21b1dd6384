import type { Language, PriorityCategory } from '@navbat/shared';
import { localize, messages } from '../../i18n';
import { PriorityIcon } from '../../components/PriorityIcon';

/** Optional priority: the center's categories with pictograms, and a plain "no" for everyone else. */
export function PriorityScreen({ categories, language, disabled, onChoose }: { categories: PriorityCategory[]; language: Language; disabled: boolean; onChoose: (priority: string) => void }) {
  const t = messages[language];
  return (
    <section className="screen" aria-labelledby="priority-title">
      <h1 id="priority-title">{t.priorityTitle}</h1>
      <p className="lead">{t.priorityHelp}</p>
      <ul className="card-list priority-list" role="list">
        {categories.map((c) => (
          <li key={c.code}>
            <button type="button" className="card priority-card" disabled={disabled} onClick={() => onChoose(c.code)} data-priority={c.code}>
              <PriorityIcon code={c.code} />
              <span className="card-title">{localize(c.name, language)}</span>
            </button>
          </li>
        ))}
        <li>
          <button type="button" className="card priority-card none" disabled={disabled} onClick={() => onChoose('none')} data-priority="none">
            <PriorityIcon code="none" />
            <span>
              <span className="card-title">{t.priorityNone}</span>
              <span className="card-meta">{t.priorityNoneHelp}</span>
            </span>
          </button>
        </li>
      </ul>
    </section>
  );
}
