import { useState } from 'react';
import type { BookingSeats } from '@navbat/shared';
import { centerToday, errorCode, errorText, t, useLanguage } from '../../lib';
import { DateField, FormCard, ltr } from '../FormCard';
import { bookingsApi } from './bookings-api';
import './messages';
import './bookings.css';

const dash = (v: number | null) => (v === null ? '–' : String(v));

/** Appointment seats per hour of a day against the counters planned, with the hours that leave walk-ins too little room. */
export function SeatsCard({ centerId, timeZone }: { centerId: string; timeZone: string }) {
  useLanguage();
  const [date, setDate] = useState(() => centerToday(timeZone));
  const [seats, setSeats] = useState<BookingSeats | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function load() {
    setLoading(true);
    setError(null);
    try {
      setSeats(await bookingsApi.seats(centerId, date));
    } catch (e) {
      setError(errorText(errorCode(e)));
    } finally {
      setLoading(false);
    }
  }
  const flagged = seats?.hours.filter((h) => h.warning !== null).length ?? 0;
  return (
    <FormCard
      id="seats"
      title={t('seats.title')}
      hint={t('seats.hint', { percent: seats?.maxBookingPercent ?? 50 })}
      submitLabel={t('seats.show')}
      busy={loading}
      error={error}
      onSubmit={() => void load()}
      testId="seats-card"
      fields={<DateField label={t('seats.date')} name="seatsDate" value={date} required onChange={setDate} />}
    >
      {seats && seats.hours.length === 0 && <p>{t('seats.empty')}</p>}
      {seats && seats.hours.length > 0 && (
        <>
          <p className={flagged ? 'seats-summary seats-warn' : 'seats-summary'} data-testid="seats-summary">
            {flagged ? t('seats.summary', { n: flagged, hours: seats.hours.length }) : t('seats.summaryOk')}
          </p>
          <div className="sup-table-wrap">
            <table className="sup-table seats-table" data-testid="seats-table">
              <caption>{t('seats.caption', { date: ltr(seats.date) })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('seats.hour')}</th>
                  <th scope="col">{t('seats.seats')}</th>
                  <th scope="col">{t('seats.booked')}</th>
                  <th scope="col">{t('seats.bookingCounters')}</th>
                  <th scope="col">{t('seats.planned')}</th>
                  <th scope="col">{t('seats.walkIn')}</th>
                  <th scope="col">{t('seats.check')}</th>
                </tr>
              </thead>
              <tbody>
                {seats.hours.map((h) => (
                  <tr key={h.hour} data-hour={h.hour} data-warning={h.warning ?? 'none'} className={h.warning ? 'seats-flagged' : undefined}>
                    <th scope="row" className="num">
                      {h.hour}:00
                    </th>
                    <td className="num">{h.seats}</td>
                    <td className="num">{h.booked}</td>
                    <td className="num">{h.bookingCounters}</td>
                    <td className="num">{dash(h.countersPlanned)}</td>
                    <td className="num">{dash(h.walkInCounters)}</td>
                    <td>{h.warning ? <strong className="seats-note">{t(`seats.${h.warning}`)}</strong> : <span className="muted">{h.seats > 0 ? t('seats.ok') : '–'}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </FormCard>
  );
}
