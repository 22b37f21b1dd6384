import { useState } from 'react';
import type { Counter, PublicService, User } from '@navbat/shared';
import { counterLabel, localized, t } from '../lib/i18n';

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
  services: PublicService[];
  busy: boolean;
  onOpen: (counter: Counter) => void;
}

/** The services a counter serves, the most weighted first (its main line), as the public knows them. */
function servedBy(counter: Counter, services: PublicService[]): PublicService[] {
  return [...counter.services]
    .sort((a, b) => b.weight - a.weight)
    .flatMap((k) => services.filter((s) => s.id === k.serviceId));
}

/** Lists the center's counters with the services each serves; only free (closed) ones, or the user's own, can be opened. */
export function CounterPicker({ centerId, user, counters, services, busy, onOpen }: Props) {
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
          const served = servedBy(c, services);
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
              <span className="picker-name num" title={c.name} dir="auto">
                {counterLabel(c.name)}
              </span>
              <span className="picker-note">{note}</span>
              <span className="visually-hidden">{t('picker.serves')}:</span>
              {/* A label holds phrasing content only: spans laid out as lines. */}
              <span className="picker-services" data-testid="picker-services">
                {served.length === 0 ? <span className="muted">{t('picker.servesNothing')}</span> : null}
                {served.map((s) => (
                  <span key={s.id} title={localized(s.name)}>
                    <span className="code">{s.prefix}</span> {localized(s.name)}
                  </span>
                ))}
              </span>
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
        {chosenCounter ? t('picker.open', { name: counterLabel(chosenCounter.name) }) : t('picker.title')}
      </button>
    </section>
  );
}
