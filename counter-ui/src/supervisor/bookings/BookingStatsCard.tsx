import { useEffect, useState } from 'react';
import type { BookingStats } from '@navbat/shared';
import { errorCode, errorText, t, useLanguage } from '../../lib';
import { bookingsApi } from './bookings-api';
import { ltr } from '../FormCard';
import './messages';

const columns = ['total', 'booked', 'checkedIn', 'missed', 'cancelled'] as const;

/** Bookings per service for the period the statistics show: made, still to come, checked in, missed, cancelled. */
export function BookingStatsCard({ centerId, from, to, serviceLabel }: { centerId: string; from: string; to: string; serviceLabel: (id: number) => string }) {
  useLanguage();
  const [stats, setStats] = useState<BookingStats | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    setError(null);
    bookingsApi
      .stats(centerId, { from, to })
      .then((s) => current && setStats(s))
      .catch((e: unknown) => current && setError(errorText(errorCode(e))));
    return () => {
      current = false;
    };
  }, [centerId, from, to]);
  const range = ltr(from === to ? from : `${from} – ${to}`);
  return (
    <section className="card" aria-labelledby="booking-stats-title" data-testid="booking-stats-card">
      <h2 id="booking-stats-title">{t('bstats.title')}</h2>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!stats && !error && <p role="status">{t('loading')}</p>}
      {stats && stats.totals.total === 0 && <p>{t('bstats.empty')}</p>}
      {stats && stats.totals.total > 0 && (
        <div className="sup-table-wrap">
          <table className="sup-table" data-testid="booking-stats">
            <caption>{t('bstats.caption', { range })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('live.service')}</th>
                {columns.map((c) => (
                  <th key={c} scope="col">
                    {t(`bstats.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {stats.services.map((s) => (
                <tr key={s.serviceId} data-service={s.serviceId}>
                  <th scope="row">{serviceLabel(s.serviceId)}</th>
                  {columns.map((c) => (
                    <td key={c} className="num" data-col={c}>
                      {s[c]}
                    </td>
                  ))}
                </tr>
              ))}
              <tr className="sup-total-row">
                <th scope="row">{t('bstats.all')}</th>
                {columns.map((c) => (
                  <td key={c} className="num" data-total={c}>
                    {stats.totals[c]}
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
