import { useState, type FormEvent } from 'react';
import type { Counter, Service, UpdateCounterBody } from '@navbat/shared';
import { localized, t } from '../../lib';
import { CheckField, EditableList, Field, FormActions, useSubmit, type Done } from './AdminFields';
import { adminApi } from './admin-api';
import { skillsFromWeights, weightsOf } from './parsers';

function CounterForm({ centerId, counter, services, onSaved }: { centerId: string; counter: Counter | null; services: Service[]; onSaved: () => void }) {
  const [name, setName] = useState(counter?.name ?? '');
  const [zone, setZone] = useState(counter?.zone ?? '');
  const [active, setActive] = useState(counter?.active ?? true);
  const [weights, setWeights] = useState<Record<number, string>>(() => weightsOf(counter?.usualServices ?? []));
  const submit = useSubmit();
  function save(e: FormEvent) {
    e.preventDefault();
    void submit.run(async () => {
      const body = { name: name.trim(), zone: zone.trim() || null, services: skillsFromWeights(weights), active } satisfies UpdateCounterBody;
      if (counter) await adminApi.updateCounter(counter.id, body);
      else await adminApi.createCounter({ centerId, ...body });
      onSaved();
    });
  }
  return (
    <form className="sup-form" onSubmit={save} aria-label={counter ? `${t('admin.edit')} ${counter.name}` : t('admin.new')}>
      <div className="sup-form-row">
        <Field label={t('live.counter')}>
          <input name="counterName" value={name} required maxLength={60} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label={t('admin.zone')}>
          <input name="zone" dir="ltr" value={zone} maxLength={40} onChange={(e) => setZone(e.target.value)} />
        </Field>
      </div>
      <fieldset className="sup-weights">
        <legend>{t('admin.weights')}</legend>
        {services.map((s) => (
          <label key={s.id} className="field sup-weight">
            <span>
              <span className="code">{s.prefix}</span> {localized(s.name)}
            </span>
            <input type="number" min={0} max={100} name={`weight-${s.prefix}`} value={weights[s.id] ?? '0'} onChange={(e) => setWeights({ ...weights, [s.id]: e.target.value })} />
          </label>
        ))}
      </fieldset>
      <CheckField name="active" label={t('admin.active')} checked={active} onChange={setActive} />
      <FormActions busy={submit.busy} isNew={!counter} />
      {submit.view}
    </form>
  );
}

/** The Counters tab: each counter's zone and the services it calls, with their weights. */
export function CountersSection({ centerId, counters, services, done }: { centerId: string; counters: Counter[]; services: Service[]; done: Done }) {
  const prefixOf = (serviceId: number) => services.find((s) => s.id === serviceId)?.prefix ?? serviceId;
  return (
    <EditableList
      name="counters"
      title={t('admin.counters')}
      items={counters}
      describe={(c) => (
        <>
          <span className="num">{c.name}</span> · {c.zone ?? '–'} · {c.usualServices.map((k) => `${prefixOf(k.serviceId)}×${k.weight}`).join(', ')} {!c.active && <span className="badge">{t('admin.inactive')}</span>}
        </>
      )}
      editLabel={(c) => `${t('admin.edit')} ${t('live.counter')} ${c.name}`}
      form={(c, close) => <CounterForm key={c?.id ?? 'new'} centerId={centerId} counter={c} services={services} onSaved={done(close)} />}
    />
  );
}
