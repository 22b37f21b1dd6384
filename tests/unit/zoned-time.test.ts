import { describe, expect, it } from 'vitest';
import { toZonedIso, utcOffsetMinutes } from '../../server/src/domain/zoned-time';

describe('toZonedIso', () => {
  it("writes an instant as the zone's wall clock with its offset", () => {
    expect(toZonedIso('2026-12-01T03:41:00.000Z', 'Asia/Karachi')).toBe('2026-12-01T08:41:00+05:00');
    expect(toZonedIso('2026-12-01T20:00:00.000Z', 'Asia/Karachi')).toBe('2026-12-02T01:00:00+05:00');
    expect(toZonedIso('2026-12-01T03:41:07.999Z', 'Asia/Kolkata')).toBe('2026-12-01T09:11:07+05:30');
    expect(toZonedIso('2026-12-01T03:41:00.000Z', 'Asia/Kathmandu')).toBe('2026-12-01T09:26:00+05:45');
    expect(toZonedIso('2026-12-01T03:41:00.000Z', 'America/St_Johns')).toBe('2026-12-01T00:11:00-03:30');
    expect(toZonedIso('2026-12-01T03:41:00.000Z', 'UTC')).toBe('2026-12-01T03:41:00+00:00');
  });

  it('follows daylight saving time on both sides of a change', () => {
    // Europe/London moves to +01:00 at 01:00 UTC on 29 March 2026.
    expect(toZonedIso('2026-03-29T00:59:59.000Z', 'Europe/London')).toBe('2026-03-29T00:59:59+00:00');
    expect(toZonedIso('2026-03-29T01:00:00.000Z', 'Europe/London')).toBe('2026-03-29T02:00:00+01:00');
    expect(utcOffsetMinutes(Date.parse('2026-07-01T12:00:00Z'), 'America/New_York')).toBe(-240);
    expect(utcOffsetMinutes(Date.parse('2026-12-01T12:00:00Z'), 'America/New_York')).toBe(-300);
  });

  it('names the same instant it was given', () => {
    for (const zone of ['Asia/Karachi', 'America/St_Johns', 'Europe/London', 'Pacific/Chatham']) {
      for (const at of ['2026-01-15T10:00:00.000Z', '2026-03-29T01:00:00.000Z', '2026-10-25T00:30:00.000Z']) {
        expect(Date.parse(toZonedIso(at, zone)), `${zone} ${at}`).toBe(Date.parse(at));
      }
    }
  });
});
