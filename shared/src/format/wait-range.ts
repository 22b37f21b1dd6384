import type { Language } from '../common.schema';
import type { WaitRange } from '../estimates.schema';

const words = {
  en: { about: (lo: number, hi: number) => `about ${lo}–${hi} min`, upTo: (hi: number) => `up to ${hi} min`, under: 'less than 5 min' },
  ur: { about: (lo: number, hi: number) => `تقریباً ${lo}–${hi} منٹ`, upTo: (hi: number) => `زیادہ سے زیادہ ${hi} منٹ`, under: '5 منٹ سے کم' },
} as const;

const toFive = (seconds: number) => Math.round(seconds / 300) * 5;

/**
 * A wait range as citizens read it: "about 15–25 min" (Urdu "تقریباً 15–25 منٹ"), both ends rounded to 5
 * minutes, never a false precision; "less than 5 min" when even the high end rounds below 5, "up to 10 min"
 * when the low end rounds to 0. Null when there is no range (the ticket is not waiting).
 */
export function formatWaitRange(range: WaitRange | null, language: Language = 'en'): string | null {
  if (range === null) return null;
  const w = words[language];
  const high = toFive(range.high);
  if (high < 5) return w.under;
  // Rounding never collapses the range to one number: "about 20–20 min" says more than it knows.
  const low = Math.min(toFive(range.low), high - 5);
  return low <= 0 ? w.upTo(high) : w.about(low, high);
}
