import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openingHoursSchema } from '@navbat/shared';
import { formatCategories, formatHours, parseCategories, parseHours, skillsFromWeights, weightsOf } from '../../counter-ui/src/supervisor/admin/parsers';

describe('admin form parsers (counter-ui/src/supervisor/admin/parsers.ts)', () => {
  it('reads opening hours: day ranges and lists, several parts, empty text = always open', () => {
    expect(parseHours('1-5 09:00-17:00; 6 09:00-13:00')).toEqual([
      { days: [1, 2, 3, 4, 5], open: '09:00', close: '17:00' },
      { days: [6], open: '09:00', close: '13:00' },
    ]);
    expect(parseHours(' 0,2-3,6 08:30-12:00 ;')).toEqual([{ days: [0, 2, 3, 6], open: '08:30', close: '12:00' }]);
    expect(parseHours('   ')).toBeNull();
  });

  it('refuses text that is not opening hours (undefined, not null)', () => {
    for (const bad of ['Mon-Fri 9-5', '1-5 9:00-17:00', '7 09:00-17:00', '1-5 09:00', '1-5 09:00-17:00; nonsense']) {
      expect(parseHours(bad), bad).toBeUndefined();
    }
  });

  it('writes opening hours back as text that reads the same, and the result is valid for the API', () => {
    expect(formatHours(null)).toBe('');
    expect(formatHours([{ days: [1, 2, 3], open: '09:00', close: '17:00' }, { days: [6], open: '10:00', close: '13:00' }])).toBe('1,2,3 09:00-17:00; 6 10:00-13:00');
    const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    const part = fc.record({ days: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1 }).map((d) => d.sort()), open: time, close: time });
    fc.assert(
      fc.property(fc.array(part, { maxLength: 14 }), (hours) => {
        const read = parseHours(formatHours(hours));
        expect(read).toEqual(hours.length === 0 ? null : hours);
        expect(openingHoursSchema.safeParse(read).success).toBe(true);
      }),
    );
  });

  it('reads priority categories "code | English | Urdu" a line, and writes them back', () => {
    const text = 'elderly | Senior citizen | بزرگ شہری\n\n  disabled|Person with disability|معذور افراد  ';
    const categories = parseCategories(text);
    expect(categories).toEqual([
      { code: 'elderly', name: { en: 'Senior citizen', ur: 'بزرگ شہری' } },
      { code: 'disabled', name: { en: 'Person with disability', ur: 'معذور افراد' } },
    ]);
    expect(formatCategories(categories!)).toBe('elderly | Senior citizen | بزرگ شہری\ndisabled | Person with disability | معذور افراد');
    expect(parseCategories(formatCategories(categories!))).toEqual(categories);
    expect(parseCategories('')).toEqual([]);
  });

  it('refuses a category line without all three parts or with a code the API would refuse', () => {
    for (const bad of ['elderly | Senior citizen', 'Elderly | Senior | بزرگ', '1st | First | اول', ' | Senior | بزرگ']) {
      expect(parseCategories(bad), bad).toBeUndefined();
    }
  });

  it("turns a counter's weight inputs into its services: 0 or empty means not served", () => {
    expect(weightsOf([{ serviceId: 3, weight: 2 }, { serviceId: 7, weight: 1 }])).toEqual({ 3: '2', 7: '1' });
    expect(skillsFromWeights({ 3: '2', 7: '0', 9: '', 11: '5' })).toEqual([
      { serviceId: 3, weight: 2 },
      { serviceId: 11, weight: 5 },
    ]);
    expect(skillsFromWeights(weightsOf([{ serviceId: 4, weight: 10 }]))).toEqual([{ serviceId: 4, weight: 10 }]);
  });
});
