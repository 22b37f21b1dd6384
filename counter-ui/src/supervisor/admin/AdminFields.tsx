import { useState, type ReactNode } from 'react';
import type { ErrorCode, Localized } from '@navbat/shared';
import { errorCode, errorText, t } from '../../lib';

/** What a list hands its form for "saved": given the form's `close`, closes it and shows the new state. */
export type Done = (close: () => void) => () => void;

/**
 * Runs an admin request with busy and message state, so every form reports success or the refusal.
 * `refusals` gives this form's own words for a server code (e.g. IN_USE means something else for a group).
 */
export function useSubmit(refusals: Partial<Record<ErrorCode, string>> = {}) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  async function run(fn: () => Promise<string | void>) {
    setBusy(true);
    setMessage(null);
    try {
      const text = await fn();
      setMessage({ ok: true, text: text || t('admin.saved') });
    } catch (e) {
      const code = errorCode(e);
      setMessage({ ok: false, text: e instanceof Error && !('code' in e) ? e.message : (refusals[code as ErrorCode] ?? errorText(code)) });
    } finally {
      setBusy(false);
    }
  }
  const view: ReactNode = message ? (
    <p className={message.ok ? 'notice' : 'error'} role={message.ok ? 'status' : 'alert'}>
      {message.text}
    </p>
  ) : null;
  return { busy, run, view };
}

/** A labelled form control; `hint` is a line of help under the label, tied to the control by the label. */
export function Field({ label, hint, children }: { label: string; hint?: string; children: ReactNode }) {
  return (
    <label className="field">
      <span>{label}</span>
      {hint && <small className="muted">{hint}</small>}
      {children}
    </label>
  );
}

/** The English and Urdu names that every centre, group and service has. */
export function NameFields({ value, onChange }: { value: Localized; onChange: (name: Localized) => void }) {
  return (
    <>
      <Field label={t('admin.nameEn')}>
        <input name="nameEn" value={value.en} maxLength={200} required onChange={(e) => onChange({ ...value, en: e.target.value })} />
      </Field>
      <Field label={t('admin.nameUr')}>
        <input name="nameUr" lang="ur" dir="rtl" value={value.ur} maxLength={200} required onChange={(e) => onChange({ ...value, ur: e.target.value })} />
      </Field>
    </>
  );
}

/** A large, touch-friendly checkbox with its label. */
export function CheckField({ name, label, checked, onChange }: { name: string; label: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label className="sup-check">
      <input type="checkbox" name={name} checked={checked} onChange={(e) => onChange(e.target.checked)} /> {label}
    </label>
  );
}

/**
 * The form's buttons: "Save" for an existing thing, "Create" for a new one, and "Delete" where the thing
 * exists and may be deleted; all wait while a request runs.
 */
export function FormActions({ busy, isNew, onDelete }: { busy: boolean; isNew: boolean; onDelete?: (() => void) | undefined }) {
  return (
    <p className="sup-actions">
      <button type="submit" className="btn btn-primary" disabled={busy} aria-busy={busy}>
        {isNew ? t('admin.create') : t('admin.save')}
      </button>
      {!isNew && onDelete && (
        <button type="button" className="btn btn-danger" disabled={busy} onClick={onDelete}>
          {t('admin.delete')}
        </button>
      )}
    </p>
  );
}

/**
 * One administration list (groups, services, counters, staff): a "New" button, the items each with an
 * "Edit" button, and at most one form open at a time; `form(item, close)` draws it (`item` null = new).
 */
export function EditableList<T extends { id: number }>({
  name,
  title,
  items,
  describe,
  editLabel,
  form,
  actions,
  footer,
}: {
  name: string;
  title: string;
  items: T[] | null;
  describe: (item: T) => ReactNode;
  editLabel: (item: T) => string;
  form: (item: T | null, close: () => void) => ReactNode;
  actions?: (item: T, index: number) => ReactNode;
  footer?: ReactNode;
}) {
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const close = () => setEditing(null);
  const titleId = `admin-${name}-title`;
  return (
    <section className="card" aria-labelledby={titleId}>
      <h2 id={titleId}>{title}</h2>
      <button type="button" className="btn btn-primary" aria-expanded={editing === 'new'} onClick={() => setEditing(editing === 'new' ? null : 'new')}>
        {t('admin.new')}
      </button>
      {editing === 'new' && form(null, close)}
      {items === null ? (
        <p role="status">{t('loading')}</p>
      ) : items.length === 0 ? (
        <p className="muted">{t('admin.empty')}</p>
      ) : (
        <ul className="sup-list" data-testid={`admin-${name}`}>
          {items.map((item, index) => (
            <li key={item.id} data-id={item.id}>
              <span className="sup-list-text">{describe(item)}</span>
              {actions?.(item, index)}
              <button type="button" className="btn btn-quiet" aria-expanded={editing === item.id} onClick={() => setEditing(editing === item.id ? null : item.id)} aria-label={editLabel(item)}>
                {t('admin.edit')}
              </button>
              {editing === item.id && <div className="sup-list-form">{form(item, close)}</div>}
            </li>
          ))}
        </ul>
      )}
      {footer}
    </section>
  );
}
