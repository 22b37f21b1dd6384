import { describe, expect, it } from 'vitest';
import { addDays, isOpenAt, localTime, serviceDay, startOfLocalDay } from '../../server/src/domain/time';
import { ticketCode } from '../../server/src/domain/numbering';
import { naiveWaitSeconds } from '../../server/src/domain/wait-estimate';

describe('service day in the center time zone', () => {
  it('Asia/Karachi (UTC+5) changes day at 19:00 UTC', () => {
    expect(serviceDay(new Date('2026-11-24T18:59:59.999Z'), 'Asia/Karachi')).toBe('2026-11-24');
    expect(serviceDay(new Date('2026-11-24T19:00:00.000Z'), 'Asia/Karachi')).toBe('2026-11-25');
  });

  it('start of a local day is local midnight', () => {
    expect(startOfLocalDay('2026-11-25', 'Asia/Karachi').toISOString()).toBe('2026-11-24T19:00:00.000Z');
    expect(startOfLocalDay('2026-03-29', 'Europe/London').toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(startOfLocalDay('2026-07-01', 'Europe/London').toISOString()).toBe('2026-06-30T23:00:00.000Z');
  });

  it('local time and weekday', () => {
    expect(localTime(new Date('2026-11-24T04:30:00.000Z'), 'Asia/Karachi')).toEqual({ date: '2026-11-24', time: '09:30', weekday: 2, hour: 9 });
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('opening hours', () => {
    const hours = [{ days: [1, 2, 3, 4, 5], open: '08:00', close: '16:00' }];
    expect(isOpenAt(null, new Date(), 'Asia/Karachi')).toBe(true);
    expect(isOpenAt(hours, new Date('2026-11-24T04:30:00.000Z'), 'Asia/Karachi')).toBe(true); // Tue 09:30
    expect(isOpenAt(hours, new Date('2026-11-24T11:00:00.000Z'), 'Asia/Karachi')).toBe(false); // Tue 16:00
    expect(isOpenAt(hours, new Date('2026-11-22T04:30:00.000Z'), 'Asia/Karachi')).toBe(false); // Sunday
  });
});

describe('ticket codes', () => {
  it('pad the daily number to three digits', () => {
    expect(ticketCode('A', 7)).toBe('A007');
    expect(ticketCode('BF', 123)).toBe('BF123');
    expect(ticketCode('A', 1000)).toBe('A1000');
  });
});

describe('wait estimate', () => {
  it('is the line ahead times the average service time shared by open counters', () => {
    expect(naiveWaitSeconds(4, 120, 2)).toBe(240);
    expect(naiveWaitSeconds(3, null, 2)).toBeNull();
    expect(naiveWaitSeconds(3, 120, 0)).toBeNull();
  });
});
