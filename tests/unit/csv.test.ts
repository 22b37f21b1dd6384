import { describe, expect, it } from 'vitest';
import { csvCell, csvTable } from '../../server/src/services/views/csv';

describe('CSV cells', () => {
  it('keeps text a spreadsheet would run as a formula as text, and numbers as numbers', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-1+2')).toBe("'-1+2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    // A negative bias or a rounded figure is a number a spreadsheet sums, not text.
    expect(csvCell(-12.5)).toBe('-12.5');
    expect(csvCell(0)).toBe('0');
  });

  it('quotes commas, quotes and line ends, and leaves none empty', () => {
    expect(csvCell('Counter 7, Hall B')).toBe('"Counter 7, Hall B"');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('writes a header and CRLF-ended rows', () => {
    expect(csvTable(['a', 'b'], [[1, 'x'], [-2, null]])).toBe('a,b\r\n1,x\r\n-2,\r\n');
  });
});
