import type { ReactNode } from 'react';
import { t } from '../lib';

/**
 * A supervisor card whose heading sits over a one-line form (a range, a weekday, a day…): the fields, a
 * submit button that waits while loading, optional extra buttons, the refusal, then what the form shows.
 */
export function FormCard({
  id,
  title,
  hint,
  submitLabel,
  busy = false,
  submitDisabled = false,
  error,
  onSubmit,
  fields,
  actions,
  children,
  className,
  testId,
}: {
  id: string;
  title: ReactNode;
  hint?: ReactNode;
  submitLabel: string;
  busy?: boolean;
  submitDisabled?: boolean;
  error?: string | null;
  onSubmit: () => void;
  fields: ReactNode;
  actions?: ReactNode;
  children?: ReactNode;
  className?: string;
  testId?: string;
}) {
  return (
    <section className={className ? `card ${className}` : 'card'} aria-labelledby={`${id}-title`} data-testid={testId}>
      <h2 id={`${id}-title`}>{title}</h2>
      {hint && <p className="muted">{hint}</p>}
      <form
        className="sup-range"
        aria-labelledby={`${id}-title`}
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        {fields}
        <button type="submit" className="btn btn-primary" disabled={busy || submitDisabled} aria-busy={busy}>
          {busy ? t('loading') : submitLabel}
        </button>
        {actions}
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {children}
    </section>
  );
}

/** A labelled number input (digits left to right in both languages). */
export function NumberField({ label, onChange, ...input }: { label: string; name: string; value: string; onChange: (value: string) => void; min?: string; max?: string; step?: string; required?: boolean }) {
  return (
    <label className="field">
      <span>{label}</span>
      <input type="number" dir="ltr" {...input} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}

/** A labelled date input (YYYY-MM-DD). */
export function DateField({ label, onChange, ...input }: { label: string; name: string; value: string; onChange: (value: string) => void; min?: string; max?: string; required?: boolean }) {
  return (
    <label className="field">
      <span>{label}</span>
      <input type="date" {...input} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}

/** A date or time kept left to right inside a sentence (LRI … PDI), so Urdu does not turn 2026-11-24 into 24-11-2026. */
export const ltr = (text: string) => `\u2066${text}\u2069`;
