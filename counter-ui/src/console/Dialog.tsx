import { useEffect, useRef, type ReactNode } from 'react';
import { t } from '../lib/i18n';

interface Props {
  id: string;
  title: string;
  onCancel: () => void;
  children: ReactNode;
}

/** A modal <dialog> (focus kept inside, Escape cancels) shown as soon as it mounts. */
export function Dialog({ id, title, onCancel, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </dialog>
  );
}

/** The footer of a dialog's form: its submit button, then Cancel. */
export function DialogActions({ submitLabel, canSubmit, onCancel }: { submitLabel: string; canSubmit: boolean; onCancel: () => void }) {
  return (
    <div className="dialog-actions">
      <button type="submit" className="btn btn-primary" disabled={!canSubmit}>
        {submitLabel}
      </button>
      <button type="button" className="btn" onClick={onCancel}>
        {t('action.cancel')}
      </button>
    </div>
  );
}
