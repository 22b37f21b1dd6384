/**
 * What is said for a call, in English and Urdu: as clip keys for the offline sprite and as text for the
 * Web Speech API. Pure functions of the ticket code and counter name.
 */

export type SpokenLanguage = 'en' | 'ur';

const enNumbers = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty'];
const urNumbers = ['صفر', 'ایک', 'دو', 'تین', 'چار', 'پانچ', 'چھ', 'سات', 'آٹھ', 'نو', 'دس', 'گیارہ', 'بارہ', 'تیرہ', 'چودہ', 'پندرہ', 'سولہ', 'سترہ', 'اٹھارہ', 'انیس', 'بیس'];
const urLetters: Record<string, string> = {
  A: 'اے', B: 'بی', C: 'سی', D: 'ڈی', E: 'ای', F: 'ایف', G: 'جی', H: 'ایچ', I: 'آئی', J: 'جے', K: 'کے', L: 'ایل', M: 'ایم',
  N: 'این', O: 'او', P: 'پی', Q: 'کیو', R: 'آر', S: 'ایس', T: 'ٹی', U: 'یو', V: 'وی', W: 'ڈبلیو', X: 'ایکس', Y: 'وائی', Z: 'زیڈ',
};

/** The symbols a code or name is spelled with: letters and single digits; anything else is not spoken. */
function spell(text: string): string[] {
  return text
    .toUpperCase()
    .split('')
    .filter((ch) => /[A-Z0-9]/.test(ch));
}

/** A counter is said as a number when it is one we have a word for (1–20), otherwise spelled out. */
function counterSymbols(counterName: string): string[] {
  const trimmed = counterName.trim();
  if (/^\d{1,2}$/.test(trimmed) && Number(trimmed) <= 20) return [String(Number(trimmed))];
  return spell(trimmed);
}

/** Clip keys (see clips.json) for "Token A 0 4 2, counter 7" in one language. */
export function clipKeys(ticketCode: string, counterName: string, lang: SpokenLanguage): string[] {
  return [`${lang}:token`, ...spell(ticketCode).map((s) => `${lang}:${s}`), `${lang}:counter`, ...counterSymbols(counterName).map((s) => `${lang}:${s}`)];
}

function word(symbol: string, lang: SpokenLanguage): string {
  if (/^\d+$/.test(symbol)) return (lang === 'en' ? enNumbers : urNumbers)[Number(symbol)] ?? symbol;
  return lang === 'en' ? symbol : (urLetters[symbol] ?? symbol);
}

/** The sentence a speech engine reads: "Token A 0 4 2, counter 7" / "ٹوکن نمبر اے صفر چار دو، کاؤنٹر نمبر سات". */
export function spokenText(ticketCode: string, counterName: string, lang: SpokenLanguage): string {
  const code = spell(ticketCode);
  const counter = counterSymbols(counterName);
  if (lang === 'en') return `Token ${code.join(' ')}, counter ${counter.join(' ')}`;
  return `ٹوکن نمبر ${code.map((s) => word(s, 'ur')).join(' ')}، کاؤنٹر نمبر ${counter.map((s) => word(s, 'ur')).join(' ')}`;
}
