import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { constantOffsetMinutes, dayChunks, nthSmallest } from '../../server/src/domain/stats';

describe('nthSmallest (quickselect behind the 90th percentile)', () => {
  it('equals sorting and indexing, for any values and rank', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 200 }), fc.nat(), (values, r) => {
        const k = r % values.length;
        const sorted = [...values].sort((a, b) => a - b);
        expect(nthSmallest(Float64Array.from(values), k)).toBe(sorted[k]);
      }),
    );
  });
});

describe('dayChunks', () => {
  it('cuts a range into consecutive week-long pieces, both ends included', () => {
    expect(dayChunks('2026-10-01', '2026-10-30', 7)).toEqual([
      ['2026-10-01', '2026-10-07'],
      ['2026-10-08', '2026-10-14'],
      ['2026-10-15', '2026-10-21'],
      ['2026-10-22', '2026-10-28'],
      ['2026-10-29', '2026-10-30'],
    ]);
    expect(dayChunks('2026-11-24', '2026-11-24', 7)).toEqual([['2026-11-24', '2026-11-24']]);
    expect(dayChunks('2026-12-30', '2027-01-02', 7)).toEqual([['2026-12-30', '2027-01-02']]);
  });
});

describe('constantOffsetMinutes', () => {
  it('gives the offset of zones that keep one, and null across a daylight-saving change', () => {
    expect(constantOffsetMinutes('Asia/Karachi', '2026-01-01', '2026-12-31')).toBe(300);
    expect(constantOffsetMinutes('Asia/Kolkata', '2026-03-01', '2026-03-31')).toBe(330);
    expect(constantOffsetMinutes('UTC', '2026-11-24', '2026-11-24')).toBe(0);
    expect(constantOffsetMinutes('Europe/London', '2026-11-01', '2026-11-30')).toBe(0);
    expect(constantOffsetMinutes('Europe/London', '2026-07-01', '2026-07-31')).toBe(60);
    expect(constantOffsetMinutes('Europe/London', '2026-10-20', '2026-11-24')).toBeNull();
    expect(constantOffsetMinutes('America/St_Johns', '2026-01-05', '2026-01-06')).toBe(-210);
  });
});
