import { useState, type FormEvent } from 'react';
import { t } from '../lib/i18n';
import { Dialog, DialogActions } from './Dialog';

const REASONS = ['break', 'prayer', 'system', 'meeting', 'other'] as const;
type Reason = (typeof REASONS)[number];
// Stored in English whatever the screen language, so supervisors' reports group them.
const STORED: Record<Exclude<Reason, 'other'>, string> = { break: 'Break', prayer: 'Prayer', system: 'System issue', meeting: 'Meeting / supervisor' };

interface Props {
  onSubmit: (reason: string) => void;
  onCancel: () => void;
}

/** Asks why the counter pauses (break, prayer, system issue, …, or free text). */
export function PauseDialog({ onSubmit, onCancel }: Props) {
  const [reason, setReason] = useState<Reason>('break');
  const [other, setOther] = useState('');
  const text = reason === 'other' ? other.trim() : STORED[reason];

  function submit(e: FormEvent) {
    e.preventDefault();
    if (text) onSubmit(text.slice(0, 200));
  }

  return (
    <Dialog id="pause" title={t('pause.title')} onCancel={onCancel}>
      <form onSubmit={submit} className="dialog-form">
        <fieldset>
          <legend>{t('pause.reason')}</legend>
          {REASONS.map((r) => (
            <label key={r} className="choice">
              <input type="radio" name="reason" value={r} checked={reason === r} onChange={() => setReason(r)} />
              {t(`pause.${r}`)}
            </label>
          ))}
        </fieldset>
        {reason === 'other' && (
          <label className="field">
            <span>{t('pause.otherText')}</span>
            <input value={other} onChange={(e) => setOther(e.target.value)} maxLength={200} required />
          </label>
        )}
        <DialogActions submitLabel={t('pause.submit')} canSubmit={!!text} onCancel={onCancel} />
      </form>
    </Dialog>
  );
}
