import { useState, type FormEvent } from 'react';
import type { Localized, Service, ServiceGroup } from '@navbat/shared';
import { getLanguage, localized, t } from '../../lib';
import { EditableList, FormActions, NameFields, useSubmit, type Done } from './AdminFields';
import { adminApi } from './admin-api';

function GroupForm({ centerId, group, nextOrder, members, onSaved }: { centerId: string; group: ServiceGroup | null; nextOrder: number; members: number; onSaved: () => void }) {
  const [name, setName] = useState<Localized>(group?.name ?? { en: '', ur: '' });
  const submit = useSubmit({ IN_USE: t('admin.groupInUse', { n: members }) });
  function save(e: FormEvent) {
    e.preventDefault();
    void submit.run(async () => {
      if (group) await adminApi.updateGroup(group.id, { name });
      else await adminApi.createGroup({ centerId, name, sortOrder: nextOrder });
      onSaved();
    });
  }
  async function remove() {
    if (!group) return;
    await submit.run(async () => {
      await adminApi.deleteGroup(group.id);
      onSaved();
    });
  }
  return (
    <form className="sup-form" onSubmit={save} aria-label={group ? `${t('admin.edit')} ${localized(group.name)}` : t('admin.new')}>
      <NameFields value={name} onChange={setName} />
      <FormActions busy={submit.busy} isNew={!group} onDelete={() => void remove()} />
      {submit.view}
    </form>
  );
}

/** A name in the other language, for lists where admins check both spellings at a glance. */
function OtherName({ name }: { name: Localized }) {
  const other = getLanguage() === 'ur' ? 'en' : 'ur';
  return (
    <span className="muted" lang={other} dir={other === 'ur' ? 'rtl' : 'ltr'}>
      {name[other]}
    </span>
  );
}

/** The "Service groups" tab: the kiosk's first-level headings, their order and names. */
export function GroupsSection({
  centerId,
  groups,
  services,
  done,
  onReordered,
}: {
  centerId: string;
  groups: ServiceGroup[] | null;
  services: Service[];
  done: Done;
  onReordered: () => Promise<void>;
}) {
  const order = useSubmit();
  const membersOf = (groupId: number) => services.filter((s) => s.groupId === groupId).length;
  /** Moves a group one place up or down; the kiosk shows groups in this order. Only changed positions are sent. */
  function move(index: number, by: -1 | 1) {
    void order.run(async () => {
      const list = [...(groups ?? [])];
      const [moved] = list.splice(index, 1);
      list.splice(index + by, 0, moved!);
      for (const [position, g] of list.entries()) {
        if (g.sortOrder !== position) await adminApi.updateGroup(g.id, { sortOrder: position });
      }
      await onReordered();
      return t('admin.orderSaved');
    });
  }
  return (
    <EditableList
      name="groups"
      title={t('admin.groups')}
      items={groups}
      describe={(g) => (
        <>
          <span className="sup-name">{localized(g.name)}</span> · <OtherName name={g.name} /> · <span className="num">{membersOf(g.id) === 1 ? t('admin.groupMembers.one') : t('admin.groupMembers', { n: membersOf(g.id) })}</span>
        </>
      )}
      actions={(g, index) => (
        <>
          <button type="button" className="btn btn-quiet" disabled={order.busy || index === 0} onClick={() => move(index, -1)} aria-label={t('admin.moveUp', { name: localized(g.name) })}>
            ↑
          </button>
          <button type="button" className="btn btn-quiet" disabled={order.busy || index === (groups?.length ?? 0) - 1} onClick={() => move(index, 1)} aria-label={t('admin.moveDown', { name: localized(g.name) })}>
            ↓
          </button>
        </>
      )}
      editLabel={(g) => `${t('admin.edit')} ${localized(g.name)}`}
      form={(g, close) => <GroupForm key={g?.id ?? 'new'} centerId={centerId} group={g} nextOrder={Math.max(-1, ...(groups ?? []).map((x) => x.sortOrder)) + 1} members={g ? membersOf(g.id) : 0} onSaved={done(close)} />}
      footer={order.view}
    />
  );
}
