import type { Localized } from '@navbat/shared';

/**
 * The board speaks to everyone at once, so every label is shown in English and Urdu side by side.
 * `Bilingual` (components/Bilingual.tsx) renders a pair with the right `lang` and direction.
 */
export const text = {
  nowServing: { en: 'Now serving', ur: 'اب باری' },
  token: { en: 'Token', ur: 'ٹوکن' },
  counter: { en: 'Counter', ur: 'کاؤنٹر' },
  recentCalls: { en: 'Recent calls', ur: 'حالیہ اعلانات' },
  waiting: { en: 'Waiting', ur: 'انتظار میں' },
  pleaseWait: { en: 'Please wait for your token to be called', ur: 'براہ کرم اپنے ٹوکن کے اعلان کا انتظار کریں' },
  noCalls: { en: 'No calls yet today', ur: 'آج ابھی کوئی اعلان نہیں ہوا' },
  connecting: { en: 'Connecting…', ur: 'رابطہ ہو رہا ہے…' },
  reconnecting: { en: 'Reconnecting…', ur: 'دوبارہ رابطہ ہو رہا ہے…' },
  soundOn: { en: 'Sound on', ur: 'آواز چالو' },
  soundOff: { en: 'Sound off', ur: 'آواز بند' },
  enableSound: { en: 'Tap to enable sound', ur: 'آواز چالو کرنے کے لیے چھوئیں' },
  recall: { en: 'Again', ur: 'دوبارہ' },
  unknownZone: { en: 'This display is set up for a zone no counter of this centre has.', ur: 'یہ ڈسپلے ایسے زون کے لیے ترتیب دیا گیا ہے جس میں اس مرکز کا کوئی کاؤنٹر نہیں۔' },
  unknownCenter: { en: 'This display is set up for a centre that does not exist.', ur: 'یہ ڈسپلے کسی موجود مرکز کے لیے ترتیب نہیں دیا گیا۔' },
  chooseCenter: { en: 'Add ?center=ID to the address of this display.', ur: 'اس ڈسپلے کے پتے میں ‎?center=ID‎ شامل کریں۔' },
  zone: { en: 'Zone', ur: 'زون' },
  page: { en: 'Page', ur: 'صفحہ' },
  service: { en: 'Service', ur: 'سروس' },
  people: { en: 'People', ur: 'افراد' },
  wait: { en: 'Wait', ur: 'انتظار' },
  counterClosed: { en: 'Closed', ur: 'بند' },
  counterPaused: { en: 'Paused', ur: 'وقفہ' },
  useAnotherCounter: { en: 'Please wait for your token on the hall display', ur: 'براہ کرم ہال کے ڈسپلے پر اپنے ٹوکن کا انتظار کریں' },
  backSoon: { en: 'Back soon', ur: 'جلد واپسی' },
  readyForNext: { en: 'Ready for the next token', ur: 'اگلے ٹوکن کے لیے تیار' },
  unknownCounter: { en: 'This screen is set up for a counter that does not exist.', ur: 'یہ اسکرین کسی موجود کاؤنٹر کے لیے ترتیب نہیں دی گئی۔' },
} satisfies Record<string, Localized>;

/** The name in a language, falling back to English when a translation is missing. */
export function nameIn(name: { en: string; ur?: string } | undefined, lang: 'en' | 'ur'): string {
  if (!name) return '';
  return (lang === 'ur' ? name.ur : name.en) || name.en;
}

/** A counter's name as the board says it: a bare number ("7") reads "Counter 7", a full name is kept. */
export function counterLabel(name: string): string {
  return /^\d+$/.test(name.trim()) ? `${text.counter.en} ${name.trim()}` : name;
}

/** A zone id as people read it: `hall-a` → "Hall A". */
export function zoneLabel(zone: string): string {
  return zone
    .split(/[-_\s]+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

/** "Back at 11:30" / "واپسی 11:30" in the centre's time zone. */
export function backAt(iso: string, timeZone: string): { en: string; ur: string } {
  const format = (zone: string) => new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: zone }).format(new Date(iso));
  let time: string;
  try {
    time = format(timeZone);
  } catch {
    time = format('Asia/Karachi'); // a centre's zone the browser does not know
  }
  return { en: `Back at ${time}`, ur: `واپسی ${time} بجے` };
}
