/**
 * Booking capacity against staffing, as pure rules: how many appointment seats each local hour of a day
 * holds, how many counters serving them would take, and whether that leaves the walk-in line enough room
 * (issue 14: "the default capacity leaves room for walk-ins"). Time comes in as values; no clock, no table.
 */
import { localTime } from './time';

/** Bookings may take at most this share of the counters planned in an hour; beyond it the hour is flagged. */
export const maxBookingShare = 0.5;

/** One bookable service's slots of the day with the seats booked in each, and its mean service time. */
export interface BookableService {
  serviceId: number;
  capacity: number;
  slots: readonly { start: string }[];
  /** Seats booked per slot start (ISO); a slot without an entry has none booked. */
  booked: ReadonlyMap<string, number>;
  /** Mean service seconds per local hour ("HH") where history knows it; else `fallbackSeconds`. */
  serviceSecondsByHour: ReadonlyMap<string, number>;
  fallbackSeconds: number;
}

/** The counters an hour is planned with (the weekday plan: what the hall opened, what it needs). */
export interface PlannedHour {
  planned: number;
  needed: number;
}

export type SeatWarning = 'no-counters' | 'little-room';

export interface SeatHour {
  hour: string;
  seats: number;
  booked: number;
  /** Counters the seats would keep busy for the whole hour: Σ seats × mean service time ÷ 3600. */
  bookingCounters: number;
  countersPlanned: number | null;
  countersNeeded: number | null;
  /** Counters left for the walk-in line when every seat is used (planned − bookingCounters). */
  walkInCounters: number | null;
  warning: SeatWarning | null;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Whether an hour's seats leave the walk-in line too little: no counters planned, or bookings over `maxBookingShare` of them. */
export function seatWarning(bookingCounters: number, planned: number | null): SeatWarning | null {
  if (bookingCounters <= 0) return null;
  if (planned === null || planned <= 0) return 'no-counters';
  return bookingCounters > planned * maxBookingShare ? 'little-room' : null;
}

/**
 * The seats of each local hour (a slot counts in the hour it starts), summed over the services, against
 * the counters planned for that hour. Hours with seats or with counters planned are listed, in order.
 */
export function seatsPerHour(services: readonly BookableService[], plan: ReadonlyMap<string, PlannedHour>, timeZone: string): SeatHour[] {
  const sums = new Map<string, { seats: number; booked: number; busySeconds: number }>();
  for (const s of services) {
    for (const slot of s.slots) {
      const hour = String(localTime(new Date(slot.start), timeZone).hour).padStart(2, '0');
      const sum = sums.get(hour) ?? { seats: 0, booked: 0, busySeconds: 0 };
      sum.seats += s.capacity;
      sum.booked += s.booked.get(slot.start) ?? 0;
      sum.busySeconds += s.capacity * (s.serviceSecondsByHour.get(hour) ?? s.fallbackSeconds);
      sums.set(hour, sum);
    }
  }
  const hours = [...new Set([...sums.keys(), ...plan.keys()])].sort();
  return hours.map((hour) => {
    const sum = sums.get(hour) ?? { seats: 0, booked: 0, busySeconds: 0 };
    const p = plan.get(hour);
    const bookingCounters = round1(sum.busySeconds / 3600);
    const planned = p ? round1(p.planned) : null;
    return {
      hour,
      seats: sum.seats,
      booked: sum.booked,
      bookingCounters,
      countersPlanned: planned,
      countersNeeded: p ? p.needed : null,
      walkInCounters: planned === null ? null : round1(planned - bookingCounters),
      warning: seatWarning(bookingCounters, planned),
    };
  });
}

export type AppointmentTally = Record<'booked' | 'checkedIn' | 'missed' | 'cancelled', number> & { total: number };

/** Bookings per service by status (status `booked` = still to come); `total` counts every booking made. */
export function tallyAppointments(rows: readonly { serviceId: number; status: string; n: number }[]): { totals: AppointmentTally; services: (AppointmentTally & { serviceId: number })[] } {
  const empty = (): AppointmentTally => ({ total: 0, booked: 0, checkedIn: 0, missed: 0, cancelled: 0 });
  const totals = empty();
  const byService = new Map<number, AppointmentTally>();
  const key: Record<string, keyof Omit<AppointmentTally, 'total'>> = { booked: 'booked', checked_in: 'checkedIn', missed: 'missed', cancelled: 'cancelled' };
  for (const r of rows) {
    const k = key[r.status];
    if (!k) continue;
    const t = byService.get(r.serviceId) ?? empty();
    t[k] += r.n;
    t.total += r.n;
    totals[k] += r.n;
    totals.total += r.n;
    byService.set(r.serviceId, t);
  }
  return { totals, services: [...byService].sort(([a], [b]) => a - b).map(([serviceId, t]) => ({ serviceId, ...t })) };
}
