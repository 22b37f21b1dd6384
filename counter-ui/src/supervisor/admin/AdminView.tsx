import { useEffect, useState } from 'react';
import type { AuditEntry, ServiceGroup, User } from '@navbat/shared';
import { errorCode, errorText, t, useLanguage } from '../../lib';
import { useReference } from '../useReference';
import type { Done } from './AdminFields';
import { adminApi } from './admin-api';
import { AuditSection } from './AuditSection';
import { CenterSection } from './CenterSection';
import { CountersSection } from './CountersSection';
import { GroupsSection } from './GroupsSection';
import { ServicesSection } from './ServicesSection';
import { UsersSection } from './UsersSection';
import { WebhooksSection } from './WebhooksSection';
import { TemplatesSection } from './TemplatesSection';
import { ClosuresSection } from './ClosuresSection';
import { NationalView } from '../national/NationalView';
import { SetupChecklist } from '../setup/SetupChecklist';

/** Two audit lists as one, newest first, each entry once, at most `limit`. */
export function mergeAudit(a: AuditEntry[], b: AuditEntry[], limit: number): AuditEntry[] {
  const byId = new Map([...a, ...b].map((e) => [e.id, e]));
  return [...byId.values()].sort((x, y) => y.at.localeCompare(x.at) || y.id - x.id).slice(0, limit);
}

type Section = 'center' | 'groups' | 'services' | 'counters' | 'users' | 'webhooks' | 'messages' | 'closures' | 'audit' | 'centres';
const sections: Section[] = ['center', 'groups', 'services', 'counters', 'users', 'webhooks', 'messages', 'closures', 'audit', 'centres'];

/** Administration (admin role): the centers, service groups, services, counters, staff, and the change log. */
export function AdminView({ centerId, onCentersChanged, onSwitchCenter }: { centerId: string; onCentersChanged: () => void; onSwitchCenter: (centerId: string) => void }) {
  useLanguage();
  const ref = useReference(centerId);
  const [section, setSection] = useState<Section>('services');
  const [groups, setGroups] = useState<ServiceGroup[] | null>(null);
  const [users, setUsers] = useState<User[] | null>(null);
  const [audit, setAudit] = useState<AuditEntry[] | null>(null);

  async function reloadGroups() {
    setGroups(await adminApi.groups(centerId).catch(() => []));
  }
  async function reloadAll() {
    await ref.reload();
    await reloadGroups();
    setUsers(await adminApi.users().catch(() => []));
    // Staff accounts belong to no centre, so their changes are fetched beside this centre's and merged.
    const [own, staff] = await Promise.all([adminApi.audit({ centerId, limit: 50 }).catch(() => []), adminApi.audit({ entity: 'user', limit: 50 }).catch(() => [])]);
    setAudit(mergeAudit(own, staff, 50));
  }
  useEffect(() => {
    void reloadAll();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [centerId]);
  const done: Done = (close) => () => {
    close();
    void reloadAll();
  };

  return (
    <div className="sup-admin">
      <nav className="sup-subtabs" aria-label={t('sup.tab.admin')}>
        {sections.map((s) => (
          <button key={s} type="button" data-section={s} className={`btn btn-quiet ${section === s ? 'sup-tab-current' : ''}`} aria-current={section === s ? 'page' : undefined} onClick={() => setSection(s)}>
            {t(`admin.${s}`)}
          </button>
        ))}
      </nav>
      {ref.center && <SetupChecklist center={ref.center} services={ref.services} counters={ref.counters} users={users} onGo={setSection} />}
      {!ref.center && <p role="status">{ref.error ? errorText(errorCode(ref.error)) : t('loading')}</p>}
      {section === 'center' && ref.center && <CenterSection center={ref.center} onSaved={() => void reloadAll()} onCentersChanged={onCentersChanged} onSwitchCenter={onSwitchCenter} />}
      {section === 'groups' && <GroupsSection centerId={centerId} groups={groups} services={ref.services} done={done} onReordered={reloadGroups} />}
      {section === 'services' && <ServicesSection centerId={centerId} services={ref.services} groups={groups} done={done} />}
      {section === 'counters' && <CountersSection centerId={centerId} counters={ref.counters} services={ref.services} done={done} />}
      {section === 'users' && <UsersSection users={users} done={done} />}
      {section === 'webhooks' && <WebhooksSection />}
      {section === 'messages' && <TemplatesSection center={ref.center} services={ref.services} counters={ref.counters} />}
      {section === 'closures' && ref.center && <ClosuresSection centerId={centerId} services={ref.services.filter((s) => s.active)} timeZone={ref.center.timezone} />}
      {section === 'audit' && <AuditSection audit={audit} users={users} />}
      {section === 'centres' && <NationalView />}
    </div>
  );
}
