import { useState, type FormEvent } from 'react';
import type { PauseBody } from '@navbat/shared';
import { t } from '../lib/i18n';
import { Dialog, DialogActions } from './Dialog';
import './pause-dialog.css';

const REASONS = ['break', 'prayer', 'system', 'meeting', 'other'] as const;
type Reason = (typeof REASONS)[number];
// Stored in English whatever the screen language, so supervisors' reports group them.
const STORED: Record<Exclude<Reason, 'other'>, string> = { break: 'Break', prayer: 'Prayer', system: 'System issue', meeting: 'Meeting / supervisor' };

type Minutes = NonNullable<PauseBody['expectedMinutes']>;
// The lengths the contract accepts; the wait estimates count the counter back after the chosen one.
const LENGTHS: readonly Minutes[] = [5, 15, 30, 60];

interface Props {
  onSubmit: (reason: string, expectedMinutes: Minutes) => void;
  onCancel: () => void;
}

/** Asks why the counter pauses (break, prayer, system issue, …, or free text) and for how long it expects to. */
export function PauseDialog({ onSubmit, onCancel }: Props) {
  const [reason, setReason] = useState<Reason>('break');
  const [other, setOther] = useState('');
  const [minutes, setMinutes] = useState<Minutes>(15);
  const text = reason === 'other' ? other.trim() : STORED[reason];

  function submit(e: FormEvent) {
    e.preventDefault();
    if (text) onSubmit(text.slice(0, 200), minutes);
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
        <fieldset className="pause-lengths">
          <legend>{t('pause.length')}</legend>
          {LENGTHS.map((m) => (
            <label key={m} className="choice">
              <input type="radio" name="expected-minutes" value={m} checked={minutes === m} onChange={() => setMinutes(m)} />
              {t('pause.minutes', { n: m })}
            </label>
          ))}
        </fieldset>
        <DialogActions submitLabel={t('pause.submit')} canSubmit={!!text} onCancel={onCancel} />
      </form>
    </Dialog>
  );
}
