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

/**
 * A counter is said by its number: "Counter 15", "Desk 3" and "15" are all "counter 15", "Window 2-B" is
 * "counter 2 B" (the board shows the full name; spelling W-I-N-D-O-W would only make the call long).
 * A number we have a word for (1–20) is said as one; anything else is spelled out.
 */
function counterSymbols(counterName: string): string[] {
  const words = counterName.trim().split(/\s+/);
  const numbered = words.length > 1 && /\d/.test(words.at(-1)!) ? words.at(-1)! : counterName.trim();
  if (/^\d{1,2}$/.test(numbered) && Number(numbered) <= 20) return [String(Number(numbered))];
  return spell(numbered);
}

/** Clip keys (see clips.json) for "Token A 0 4 2, counter 7" in one language; `brief`: "A 0 4 2, 7". */
export function clipKeys(ticketCode: string, counterName: string, lang: SpokenLanguage, brief = false): string[] {
  const code = spell(ticketCode).map((s) => `${lang}:${s}`);
  const counter = counterSymbols(counterName).map((s) => `${lang}:${s}`);
  return brief ? [...code, ...counter] : [`${lang}:token`, ...code, `${lang}:counter`, ...counter];
}

function word(symbol: string, lang: SpokenLanguage): string {
  if (/^\d+$/.test(symbol)) return (lang === 'en' ? enNumbers : urNumbers)[Number(symbol)] ?? symbol;
  return lang === 'en' ? symbol : (urLetters[symbol] ?? symbol);
}

/**
 * The sentence a speech engine reads: "Token A 0 4 2, counter 7, Biometrics" / "ٹوکن نمبر اے صفر چار دو،
 * کاؤنٹر نمبر سات، بائیو میٹرکس" (the service, when known, tells a citizen on a journey which stop calls them);
 * `brief` (while other calls wait): "A 0 4 2, 7" / "اے صفر چار دو، سات", without the service.
 */
export function spokenText(ticketCode: string, counterName: string, lang: SpokenLanguage, brief = false, serviceName?: { en: string; ur?: string }): string {
  const code = spell(ticketCode);
  const counter = counterSymbols(counterName);
  const service = brief ? '' : serviceSaid(serviceName, lang);
  if (lang === 'en') return brief ? `${code.join(' ')}, ${counter.join(' ')}` : `Token ${code.join(' ')}, counter ${counter.join(' ')}${service ? `, ${service}` : ''}`;
  const urCode = code.map((s) => word(s, 'ur')).join(' ');
  const urCounter = counter.map((s) => word(s, 'ur')).join(' ');
  return brief ? `${urCode}، ${urCounter}` : `ٹوکن نمبر ${urCode}، کاؤنٹر نمبر ${urCounter}${service ? `، ${service}` : ''}`;
}

/** A service name short enough to say after a call (a long one, "NADRA identity card (new, renewal, …)", is left to the board). */
function serviceSaid(name: { en: string; ur?: string } | undefined, lang: SpokenLanguage): string {
  const said = (lang === 'ur' ? name?.ur : name?.en)?.trim() ?? '';
  return said.length > 0 && said.length <= maxSpokenServiceChars && !/[()]/.test(said) ? said : '';
}

/** About two seconds of speech: longer names would make every call late in a busy hall. */
const maxSpokenServiceChars = 32;
