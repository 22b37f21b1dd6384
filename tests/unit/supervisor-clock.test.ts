import { afterEach, describe, expect, it, vi } from 'vitest';
import { centerToday, isoWeekday, noteServerTime, wallClock } from '../../counter-ui/src/lib/clock';

describe("the supervisor's dates are the centre's days (counter-ui/src/lib/clock.ts)", () => {
  afterEach(() => {
    vi.useRealTimers();
    noteServerTime(new Date().toISOString());
  });

  it('reads an instant as the wall clock of a zone', () => {
    // 19:30 UTC is 00:30 the next day in Islamabad (UTC+5).
    expect(wallClock(new Date('2026-12-01T19:30:00Z'), 'Asia/Karachi')).toEqual({ date: '2026-12-02', time: '00:30' });
    expect(wallClock(new Date('2026-12-01T19:30:00Z'), 'UTC')).toEqual({ date: '2026-12-01', time: '19:30' });
  });

  it("today is the centre's date on the server's clock, not the browser's", () => {
    vi.useFakeTimers({ now: new Date('2026-12-01T19:30:00Z') });
    noteServerTime('2026-12-01T19:30:00Z');
    expect(centerToday('Asia/Karachi')).toBe('2026-12-02');
    expect(centerToday('America/New_York')).toBe('2026-12-01');
    // The device's clock is an hour behind the server's: the server's day still counts.
    noteServerTime('2026-12-01T20:30:00Z');
    expect(centerToday('Europe/London')).toBe('2026-12-01');
    noteServerTime('2026-12-02T00:30:00Z');
    expect(centerToday('Europe/London')).toBe('2026-12-02');
  });

  it('numbers weekdays from Monday (1) to Sunday (7)', () => {
    expect(isoWeekday('2026-11-30')).toBe(1);
    expect(isoWeekday('2026-12-02')).toBe(3);
    expect(isoWeekday('2026-12-06')).toBe(7);
  });
});
