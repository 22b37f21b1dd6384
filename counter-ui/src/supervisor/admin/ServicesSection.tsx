import { useState, type FormEvent } from 'react';
import type { Localized, Service, ServiceGroup, UpdateServiceBody } from '@navbat/shared';
import { localized, t } from '../../lib';
import { CheckField, EditableList, Field, FormActions, NameFields, useSubmit, type Done } from './AdminFields';
import { adminApi } from './admin-api';
import { formatHours, parseHours } from './parsers';

function ServiceForm({ centerId, service, groups, onSaved }: { centerId: string; service: Service | null; groups: ServiceGroup[]; onSaved: () => void }) {
  const [prefix, setPrefix] = useState(service?.prefix ?? '');
  const [name, setName] = useState<Localized>(service?.name ?? { en: '', ur: '' });
  const [groupId, setGroupId] = useState(service?.groupId ? String(service.groupId) : '');
  const [target, setTarget] = useState(String(service?.slaTargetMinutes ?? 15));
  const [allowsPriority, setAllowsPriority] = useState(service?.allowsPriority ?? true);
  const [cap, setCap] = useState(service?.dailyCap ? String(service.dailyCap) : '');
  const [hours, setHours] = useState(formatHours(service?.openingHours ?? null));
  const [active, setActive] = useState(service?.active ?? true);
  const submit = useSubmit();
  function save(e: FormEvent) {
    e.preventDefault();
    void submit.run(async () => {
      const openingHours = parseHours(hours);
      if (openingHours === undefined) throw new Error(t('admin.badHours'));
      const body = {
        prefix: prefix.trim().toUpperCase(),
        name,
        groupId: groupId ? Number(groupId) : null,
        slaTargetMinutes: Number(target),
        allowsPriority,
        dailyCap: cap ? Number(cap) : null,
        openingHours,
        active,
      } satisfies UpdateServiceBody;
      if (service) await adminApi.updateService(service.id, body);
      else await adminApi.createService({ centerId, ...body });
      onSaved();
    });
  }
  async function remove() {
    if (!service) return;
    await submit.run(async () => {
      const deactivated = await adminApi.deleteService(service.id);
      onSaved();
      return deactivated ? t('admin.deactivated') : undefined;
    });
  }
  return (
    <form className="sup-form" onSubmit={save} aria-label={service ? `${t('admin.edit')} ${service.prefix}` : t('admin.new')}>
      <div className="sup-form-row">
        <Field label={t('admin.prefix')}>
          <input name="prefix" dir="ltr" value={prefix} maxLength={3} pattern="[A-Za-z]{1,3}" required onChange={(e) => setPrefix(e.target.value)} />
        </Field>
        <Field label={t('admin.target')}>
          <input name="target" type="number" min={1} max={1440} value={target} onChange={(e) => setTarget(e.target.value)} />
        </Field>
        <Field label={t('admin.dailyCap')}>
          <input name="dailyCap" type="number" min={1} value={cap} onChange={(e) => setCap(e.target.value)} />
        </Field>
      </div>
      <NameFields value={name} onChange={setName} />
      <Field label={t('admin.group')}>
        <select name="group" value={groupId} onChange={(e) => setGroupId(e.target.value)}>
          <option value="">{t('admin.noGroup')}</option>
          {groups.map((g) => (
            <option key={g.id} value={g.id}>
              {localized(g.name)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('admin.hours')}>
        <input name="hours" dir="ltr" value={hours} onChange={(e) => setHours(e.target.value)} />
      </Field>
      <CheckField name="allowsPriority" label={t('admin.allowsPriority')} checked={allowsPriority} onChange={setAllowsPriority} />
      <CheckField name="active" label={t('admin.active')} checked={active} onChange={setActive} />
      <FormActions busy={submit.busy} isNew={!service} onDelete={() => void remove()} />
      {submit.view}
    </form>
  );
}

/** The Services tab: every service of the center, inactive ones too, with its group and target. */
export function ServicesSection({ centerId, services, groups, done }: { centerId: string; services: Service[]; groups: ServiceGroup[] | null; done: Done }) {
  const groupName = (groupId: number | null) => localized(groups?.find((g) => g.id === groupId)?.name) || t('admin.noGroup');
  return (
    <EditableList
      name="services"
      title={t('admin.services')}
      items={services}
      describe={(s) => (
        <>
          <span className="code">{s.prefix}</span> {localized(s.name)} · {groupName(s.groupId)} · <span className="num">{t('live.minutes', { n: s.slaTargetMinutes })}</span> {!s.active && <span className="badge">{t('admin.inactive')}</span>}
        </>
      )}
      editLabel={(s) => `${t('admin.edit')} ${s.prefix}`}
      form={(s, close) => <ServiceForm key={s?.id ?? 'new'} centerId={centerId} service={s} groups={groups ?? []} onSaved={done(close)} />}
    />
  );
}
