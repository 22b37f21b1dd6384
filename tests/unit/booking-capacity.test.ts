import { describe, expect, it } from 'vitest';
import { seatWarning, seatsPerHour, tallyAppointments, type BookableService } from '../../server/src/domain/booking-capacity';

const zone = 'Asia/Karachi';
const service = (o: Omit<Partial<BookableService>, 'slots'> & { slots: string[] }): BookableService => ({
  serviceId: 1,
  capacity: 2,
  booked: new Map(),
  serviceSecondsByHour: new Map(),
  fallbackSeconds: 900,
  ...o,
  slots: o.slots.map((start) => ({ start })),
});

describe('seat warnings', () => {
  it('flags no counters planned, and bookings over half the planned counters; exactly half is fine', () => {
    expect(seatWarning(0, null)).toBeNull();
    expect(seatWarning(0.5, null)).toBe('no-counters');
    expect(seatWarning(0.5, 0)).toBe('no-counters');
    expect(seatWarning(1, 2)).toBeNull();
    expect(seatWarning(1.01, 2)).toBe('little-room');
  });
});

describe('seats per hour', () => {
  it('counts a slot in the local hour it starts, sums services, and turns seats into counters by the mean service time', () => {
    const a = service({ slots: ['2026-11-24T05:00:00.000Z', '2026-11-24T05:45:00.000Z', '2026-11-24T06:00:00.000Z'], booked: new Map([['2026-11-24T05:45:00.000Z', 2]]), serviceSecondsByHour: new Map([['10', 1800]]) });
    const b = service({ serviceId: 2, capacity: 3, slots: ['2026-11-24T05:30:00.000Z'] });
    const hours = seatsPerHour([a, b], new Map([['10', { planned: 4, needed: 3 }], ['12', { planned: 1, needed: 1 }]]), zone);
    expect(hours.map((h) => h.hour)).toEqual(['10', '11', '12']);
    // 10:00: a 2 + 2 seats at 1800 s (2 counters), b 3 seats at the 900 s fallback (0.75): 2.75 of 4 planned.
    expect(hours[0]).toEqual({ hour: '10', seats: 7, booked: 2, bookingCounters: 2.8, countersPlanned: 4, countersNeeded: 3, walkInCounters: 1.2, warning: 'little-room' });
    expect(hours[1]).toEqual({ hour: '11', seats: 2, booked: 0, bookingCounters: 0.5, countersPlanned: null, countersNeeded: null, walkInCounters: null, warning: 'no-counters' });
    expect(hours[2]).toEqual({ hour: '12', seats: 0, booked: 0, bookingCounters: 0, countersPlanned: 1, countersNeeded: 1, walkInCounters: 1, warning: null });
  });
});

describe('appointment tally', () => {
  it('counts each status per service and in total, ignoring unknown statuses', () => {
    const r = tallyAppointments([
      { serviceId: 2, status: 'booked', n: 3 },
      { serviceId: 1, status: 'checked_in', n: 2 },
      { serviceId: 1, status: 'missed', n: 1 },
      { serviceId: 2, status: 'cancelled', n: 4 },
      { serviceId: 2, status: 'other', n: 9 },
    ]);
    expect(r.totals).toEqual({ total: 10, booked: 3, checkedIn: 2, missed: 1, cancelled: 4 });
    expect(r.services).toEqual([
      { serviceId: 1, total: 3, booked: 0, checkedIn: 2, missed: 1, cancelled: 0 },
      { serviceId: 2, total: 7, booked: 3, checkedIn: 0, missed: 0, cancelled: 4 },
    ]);
  });
});
