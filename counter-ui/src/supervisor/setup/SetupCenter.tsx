import { useState, type FormEvent } from 'react';
import type { Center, Localized } from '@navbat/shared';
import { t, useLanguage } from '../../lib';
import { useSubmit } from '../admin/AdminFields';
import { adminApi } from '../admin/admin-api';
import { CenterIdentityFields, newCenterError, TimezoneList } from '../admin/CenterSection';

/**
 * The first run: a server without any centre leads its administrator here to create one (id, English and
 * Urdu name, time zone); the server gives it the default hours and priority categories. Then the
 * administration opens on it with the set-up checklist (services, counters, staff).
 */
export function SetupCenter({ onCreated }: { onCreated: (center: Center) => void }) {
  useLanguage();
  const [id, setId] = useState('');
  const [name, setName] = useState<Localized>({ en: '', ur: '' });
  const [timezone, setTimezone] = useState('Asia/Karachi');
  const submit = useSubmit({ ALREADY_EXISTS: t('admin.centerExists') });
  function save(e: FormEvent) {
    e.preventDefault();
    void submit.run(async () => {
      const refused = newCenterError(id, timezone);
      if (refused) throw new Error(refused);
      onCreated(await adminApi.createCenter({ id: id.trim(), name, timezone: timezone.trim() }));
    });
  }
  return (
    <section className="card setup" aria-labelledby="setup-title" data-testid="setup-center">
      <h2 id="setup-title">{t('setup.title')}</h2>
      <p>{t('setup.intro')}</p>
      <ol className="setup-steps">
        <li className="setup-current">{t('setup.step.center')}</li>
        <li>{t('setup.step.services')}</li>
        <li>{t('setup.step.counters')}</li>
        <li>{t('setup.step.staff')}</li>
      </ol>
      <form className="sup-form" onSubmit={save} aria-label={t('setup.step.center')}>
        <CenterIdentityFields id={id} onId={setId} name={name} onName={setName} timezone={timezone} onTimezone={setTimezone} />
        <p className="sup-actions">
          <button type="submit" className="btn btn-primary" disabled={submit.busy} aria-busy={submit.busy}>
            {t('setup.createCenter')}
          </button>
        </p>
        {submit.view}
      </form>
      <TimezoneList />
    </section>
  );
}
