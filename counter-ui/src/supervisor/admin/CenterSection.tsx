import { useState, type FormEvent } from 'react';
import { centerIdSchema, createCenterBodySchema, type Center, type Localized, type UpdateCenterBody } from '@navbat/shared';
import { localized, t } from '../../lib';
import { Field, FormActions, NameFields, useSubmit } from './AdminFields';
import { adminApi } from './admin-api';
import { formatCategories, formatHours, parseCategories, parseHours } from './parsers';

/** What makes a new centre refused before anything is sent: its id or its time zone; null when both are fine. */
export function newCenterError(id: string | null, timezone: string): string | null {
  if (id !== null && !centerIdSchema.safeParse(id.trim()).success) return t('admin.badCenterId');
  if (!createCenterBodySchema.shape.timezone.safeParse(timezone.trim()).success) return t('admin.badTimezone');
  return null;
}

/** A centre's id (only while it is new: it cannot change), English and Urdu names, and time zone. */
export function CenterIdentityFields({ id, onId, name, onName, timezone, onTimezone }: { id: string | null; onId: (id: string) => void; name: Localized; onName: (name: Localized) => void; timezone: string; onTimezone: (tz: string) => void }) {
  return (
    <>
      {id !== null && (
        <Field label={t('admin.centerId')} hint={t('admin.centerIdHint')}>
          <input name="centerId" dir="ltr" autoComplete="off" value={id} maxLength={32} required onChange={(e) => onId(e.target.value.toLowerCase())} />
        </Field>
      )}
      <NameFields value={name} onChange={onName} />
      <Field label={t('admin.timezone')}>
        <input name="timezone" dir="ltr" list="admin-timezones" value={timezone} onChange={(e) => onTimezone(e.target.value)} required />
      </Field>
    </>
  );
}

/** The settings of a center; with `center` null, a new center that starts from `template`'s settings. */
function CenterForm({ center, template, onSaved }: { center: Center | null; template: Center; onSaved: (center: Center) => void }) {
  const from = center ?? template;
  const [id, setId] = useState(center?.id ?? '');
  const [name, setName] = useState<Localized>(center?.name ?? { en: '', ur: '' });
  const [timezone, setTimezone] = useState(from.timezone);
  const [hours, setHours] = useState(formatHours(from.openingHours));
  const [categories, setCategories] = useState(formatCategories(from.priorityCategories));
  const [priorityRun, setPriorityRun] = useState(String(from.priorityRun));
  const [pauseAlert, setPauseAlert] = useState(String(from.pauseAlertMinutes));
  const submit = useSubmit({ ALREADY_EXISTS: t('admin.centerExists') });
  function save(e: FormEvent) {
    e.preventDefault();
    void submit.run(async () => {
      const refused = newCenterError(center ? null : id, timezone);
      if (refused) throw new Error(refused);
      const openingHours = parseHours(hours);
      if (openingHours === undefined) throw new Error(t('admin.badHours'));
      const priorityCategories = parseCategories(categories);
      if (!priorityCategories) throw new Error(t('admin.badCategories'));
      const body = { name, timezone: timezone.trim(), openingHours, priorityCategories, priorityRun: Number(priorityRun), pauseAlertMinutes: Number(pauseAlert) } satisfies UpdateCenterBody;
      onSaved(center ? await adminApi.updateCenter(center.id, body) : await adminApi.createCenter({ id: id.trim(), ...body }));
    });
  }
  return (
    <form className="sup-form" onSubmit={save} {...(center ? { 'aria-labelledby': 'center-form-title' } : { 'aria-label': t('admin.newCenter') })}>
      {center && (
        <h3 id="center-form-title" className="num">
          {center.id}
        </h3>
      )}
      <CenterIdentityFields id={center ? null : id} onId={setId} name={name} onName={setName} timezone={timezone} onTimezone={setTimezone} />
      <Field label={t('admin.hours')}>
        <input name="hours" dir="ltr" value={hours} onChange={(e) => setHours(e.target.value)} />
      </Field>
      <Field label={t('admin.priorityCategories')}>
        <textarea name="categories" rows={4} value={categories} onChange={(e) => setCategories(e.target.value)} />
      </Field>
      <Field label={t('admin.priorityRun')}>
        <input name="priorityRun" type="number" min={1} max={100} value={priorityRun} onChange={(e) => setPriorityRun(e.target.value)} />
      </Field>
      <Field label={t('admin.pauseAlert')}>
        <input name="pauseAlert" type="number" min={1} max={600} value={pauseAlert} onChange={(e) => setPauseAlert(e.target.value)} />
      </Field>
      <FormActions busy={submit.busy} isNew={!center} />
      {submit.view}
    </form>
  );
}

/** The time zones a browser knows, offered while typing (the server checks the same IANA names). */
export function TimezoneList() {
  const [zones] = useState(() => (typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['Asia/Karachi']));
  return (
    <datalist id="admin-timezones">
      {zones.map((z) => (
        <option key={z} value={z} />
      ))}
    </datalist>
  );
}

/** "Add a center": the form, then what was created and a way to switch to it. */
function NewCenter({ template, onCreated, onSwitch }: { template: Center; onCreated: () => void; onSwitch: (centerId: string) => void }) {
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<Center | null>(null);
  return (
    <section className="card" aria-labelledby="admin-new-center-title">
      <h2 id="admin-new-center-title">{t('admin.newCenter')}</h2>
      <p className="muted">{t('admin.newCenterHint')}</p>
      {created && (
        <p className="sup-actions">
          <span className="notice" role="status">
            {t('admin.centerCreated', { name: localized(created.name), id: created.id })}
          </span>
          <button type="button" className="btn btn-primary" onClick={() => onSwitch(created.id)}>
            {t('admin.switchTo', { name: localized(created.name) })}
          </button>
        </p>
      )}
      <button
        type="button"
        className="btn btn-primary"
        aria-expanded={open}
        onClick={() => {
          setOpen(!open);
          setCreated(null);
        }}
      >
        {t('admin.addCenter')}
      </button>
      {open && (
        <CenterForm
          center={null}
          template={template}
          onSaved={(c) => {
            setCreated(c);
            setOpen(false);
            onCreated();
          }}
        />
      )}
    </section>
  );
}

/** The Center tab: this center's settings, and adding another center that starts from them. */
export function CenterSection({ center, onSaved, onCentersChanged, onSwitchCenter }: { center: Center; onSaved: () => void; onCentersChanged: () => void; onSwitchCenter: (centerId: string) => void }) {
  return (
    <>
      <section className="card" aria-labelledby="admin-center-title">
        <h2 id="admin-center-title">{t('admin.center')}</h2>
        <CenterForm
          key={center.id}
          center={center}
          template={center}
          onSaved={() => {
            onSaved();
            onCentersChanged();
          }}
        />
      </section>
      <NewCenter template={center} onCreated={onCentersChanged} onSwitch={onSwitchCenter} />
      <TimezoneList />
    </>
  );
}
