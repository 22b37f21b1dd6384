import type { AuditEntry, User } from '@navbat/shared';
import { t } from '../../lib';

/** What was changed, by its own name (a staff account's username, a service's prefix, a counter's name), else its id. */
function auditSubject(a: AuditEntry, users: User[] | null): string {
  const data = (a.data ?? {}) as Record<string, unknown>;
  if (a.entity === 'user') return users?.find((u) => String(u.id) === a.entityId)?.username ?? (typeof data.username === 'string' ? data.username : a.entityId);
  const name = data.prefix ?? data.name;
  return typeof name === 'string' ? name : a.entityId;
}

/** The "Change log" tab: who changed what in this center's administration, newest first. */
export function AuditSection({ audit, users }: { audit: AuditEntry[] | null; users: User[] | null }) {
  return (
    <section className="card" aria-labelledby="admin-audit-title">
      <h2 id="admin-audit-title">{t('admin.audit')}</h2>
      {!audit ? (
        <p role="status">{t('loading')}</p>
      ) : (
        <div className="sup-table-wrap">
          <table className="sup-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.when')}</th>
                <th scope="col">{t('admin.who')}</th>
                <th scope="col">{t('admin.what')}</th>
                <th scope="col">{t('admin.details')}</th>
              </tr>
            </thead>
            <tbody>
              {audit.map((a) => (
                <tr key={a.id}>
                  <td className="num">{new Date(a.at).toLocaleString('en-GB')}</td>
                  <td>{a.actor?.name ?? '–'}</td>
                  <td data-entity={a.entity}>
                    {t(`admin.entity.${a.entity}`)} <span className="num">{auditSubject(a, users)}</span> · {t(`admin.action.${a.action}`)}
                  </td>
                  <td className="num sup-json">{a.data ? JSON.stringify(a.data) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
