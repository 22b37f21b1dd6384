import type { AuditEntry } from '@navbat/shared';
import { t } from '../../lib';

/** What was changed, by its own name where the entry says it (a username, a prefix), else its id. */
function auditSubject(a: AuditEntry): string {
  const data = (a.data ?? {}) as Record<string, unknown>;
  const name = data.username ?? data.prefix ?? data.name;
  return typeof name === 'string' ? name : a.entityId;
}

/** The "Change log" tab: who changed what in this center's administration, newest first. */
export function AuditSection({ audit }: { audit: AuditEntry[] | null }) {
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
                    {t(`admin.entity.${a.entity}`)} <span className="num">{auditSubject(a)}</span> · {t(`admin.action.${a.action}`)}
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
