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
