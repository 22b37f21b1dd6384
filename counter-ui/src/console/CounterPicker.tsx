import { useState } from 'react';
import type { Counter, User } from '@navbat/shared';
import { t } from '../lib/i18n';

const rememberKey = (centerId: string) => `navbat.counter.${centerId}`;

/** The counter this device last opened for this center. */
export function rememberedCounter(centerId: string): number | null {
  try {
    const v = Number(localStorage.getItem(rememberKey(centerId)));
    return Number.isInteger(v) && v > 0 ? v : null;
  } catch {
    return null;
  }
}

export function rememberCounter(centerId: string, counterId: number): void {
  try {
    localStorage.setItem(rememberKey(centerId), String(counterId));
  } catch {
    // not remembered; the picker still works
  }
}

interface Props {
  centerId: string;
  user: User;
  counters: Counter[];
  busy: boolean;
  onOpen: (counter: Counter) => void;
}

/** Lists the center's counters; only free (closed) ones, or the user's own, can be opened. */
export function CounterPicker({ centerId, user, counters, busy, onOpen }: Props) {
  const last = rememberedCounter(centerId);
  const selectable = (c: Counter) => c.active && (c.status === 'closed' || c.operator?.id === user.id);
  const initial = counters.find((c) => c.id === last && selectable(c)) ?? null;
  const [chosen, setChosen] = useState<number | null>(initial?.id ?? null);
  const chosenCounter = counters.find((c) => c.id === chosen && selectable(c)) ?? null;

  if (counters.length === 0) return <p className="notice">{t('picker.none')}</p>;
  return (
    <section className="card picker" aria-labelledby="picker-title">
      <h2 id="picker-title">{t('picker.title')}</h2>
      <p className="muted">{t('picker.hint')}</p>
      <fieldset className="picker-grid">
        <legend className="visually-hidden">{t('picker.title')}</legend>
        {counters.map((c) => {
          const free = selectable(c);
          const note = !c.active
            ? t('picker.inactive')
            : c.operator?.id === user.id
              ? t('picker.mine')
              : c.operator
                ? t('picker.takenBy', { name: c.operator.name })
                : c.status !== 'closed'
                  ? t(`status.${c.status}`)
                  : c.id === last
                    ? t('picker.last')
                    : '';
          return (
            <label key={c.id} className={`picker-item${free ? '' : ' is-taken'}${chosen === c.id ? ' is-chosen' : ''}`}>
              <input
                type="radio"
                name="counter"
                value={c.id}
                disabled={!free}
                checked={chosen === c.id}
                onChange={() => setChosen(c.id)}
              />
              <span className="picker-name num">{c.name}</span>
              <span className="picker-note">{note}</span>
            </label>
          );
        })}
      </fieldset>
      <button
        type="button"
        className="btn btn-primary btn-big"
        disabled={!chosenCounter || busy}
        aria-busy={busy}
        onClick={() => chosenCounter && onOpen(chosenCounter)}
      >
        {chosenCounter ? t('picker.open', { name: chosenCounter.name }) : t('picker.title')}
      </button>
    </section>
  );
}
