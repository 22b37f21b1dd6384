import { useSyncExternalStore } from 'react';
import type { Language, Localized } from '@navbat/shared';

export type { Language };

type Messages = Record<string, string>;

/** Strings shared by the console and the supervisor app; each app may add its own with registerMessages. */
const messages: Record<Language, Messages> = {
  en: {
    'app.title': 'Navbat counter',
    'lang.switch': 'اردو',
    'lang.switchLabel': 'Switch to Urdu',
    'login.title': 'Staff sign in',
    'login.username': 'Username',
    'login.password': 'Password',
    'login.submit': 'Sign in',
    'login.busy': 'Signing in…',
    'login.invalid': 'Wrong username or password.',
    'login.expired': 'Your session has ended. Please sign in again.',
    'logout': 'Sign out',
    'loading': 'Loading…',
    'signedInAs': 'Signed in as {name}',
    'conn.reconnecting': 'Reconnecting…',
    'conn.online': 'Live',
    'counter.name': 'Counter {name}',
    'err.NETWORK_ERROR': 'The server cannot be reached. Check the network and try again.',
    'err.UNAUTHENTICATED': 'Your session has ended. Please sign in again.',
    'err.FORBIDDEN': 'You are not allowed to do this.',
    'err.RATE_LIMITED': 'Too many requests. Wait a moment and try again.',
    'err.INTERNAL_ERROR': 'Something went wrong on the server. Try again.',
    'err.SERVICE_UNAVAILABLE': 'The server is busy or restarting. Try again in a moment.',
    'err.VALIDATION_ERROR': 'Some details are not valid.',
    'err.TICKET_NOT_WAITING': 'That ticket is no longer waiting — another counter may have called it.',
    'err.TICKET_NOT_CALLED': 'The ticket has not been called yet.',
    'err.TICKET_NOT_ACTIVE': 'This ticket is already finished.',
    'err.TICKET_NOT_ELIGIBLE': 'This counter cannot serve that ticket.',
    'err.TICKET_NOT_FOUND': 'That ticket does not exist.',
    'err.COUNTER_BUSY': 'That counter is taken by someone else, or you already work another counter.',
    'err.COUNTER_NOT_OPEN': 'The counter is not open. Open or resume it first.',
    'err.COUNTER_HAS_TICKET': 'Finish the current ticket first.',
    'err.COUNTER_NOT_YOURS': 'Another operator works this counter now.',
    'err.COUNTER_INACTIVE': 'This counter has been switched off by an administrator.',
    'err.COUNTER_NOT_FOUND': 'That counter does not exist.',
    'err.NO_CURRENT_TICKET': 'There is no current ticket at this counter.',
    'err.TRANSFER_TARGET_INVALID': 'That transfer target is not possible.',
    'err.CENTER_NOT_FOUND': 'This center does not exist. Check the address.',
    'err.default': 'The request was refused ({code}).',
    'setup.notYet.title': 'This hall is not set up yet',
    'setup.notYet.text': 'There is no centre on this server yet. An administrator creates it, with its services, counters and staff, on the supervisor screen:',
    'setup.notYet.start': 'Set up the centre',
    'setup.notYet.askAdmin': 'Please ask your administrator to set up the centre.',
    'setup.notYet.waiting': 'This screen checks every few seconds and opens by itself once the centre exists.',
    'setup.missing.title': 'There is no centre “{id}” on this server. Choose one:',
    'setup.choose.title': 'Choose your centre',
  },
  ur: {
    'app.title': 'نوبت کاؤنٹر',
    'lang.switch': 'English',
    'lang.switchLabel': 'انگریزی میں دیکھیں',
    'login.title': 'عملے کا لاگ اِن',
    'login.username': 'صارف نام',
    'login.password': 'پاس ورڈ',
    'login.submit': 'لاگ اِن کریں',
    'login.busy': 'لاگ اِن ہو رہا ہے…',
    'login.invalid': 'صارف نام یا پاس ورڈ غلط ہے۔',
    'login.expired': 'آپ کا سیشن ختم ہو گیا ہے۔ دوبارہ لاگ اِن کریں۔',
    'logout': 'لاگ آؤٹ',
    'loading': 'لوڈ ہو رہا ہے…',
    'signedInAs': '{name} کے طور پر لاگ اِن',
    'conn.reconnecting': 'دوبارہ جُڑ رہا ہے…',
    'conn.online': 'براہِ راست',
    'counter.name': 'کاؤنٹر {name}',
    'err.NETWORK_ERROR': 'سرور سے رابطہ نہیں ہو رہا۔ نیٹ ورک دیکھیں اور دوبارہ کوشش کریں۔',
    'err.UNAUTHENTICATED': 'آپ کا سیشن ختم ہو گیا ہے۔ دوبارہ لاگ اِن کریں۔',
    'err.FORBIDDEN': 'آپ کو اس کی اجازت نہیں۔',
    'err.RATE_LIMITED': 'بہت زیادہ درخواستیں۔ کچھ دیر بعد کوشش کریں۔',
    'err.INTERNAL_ERROR': 'سرور میں خرابی ہوئی۔ دوبارہ کوشش کریں۔',
    'err.SERVICE_UNAVAILABLE': 'سرور مصروف ہے یا دوبارہ شروع ہو رہا ہے۔ تھوڑی دیر بعد کوشش کریں۔',
    'err.VALIDATION_ERROR': 'کچھ معلومات درست نہیں۔',
    'err.TICKET_NOT_WAITING': 'یہ ٹکٹ اب انتظار میں نہیں — شاید کسی اور کاؤنٹر نے بلا لیا۔',
    'err.TICKET_NOT_CALLED': 'یہ ٹکٹ ابھی بلایا نہیں گیا۔',
    'err.TICKET_NOT_ACTIVE': 'یہ ٹکٹ پہلے ہی ختم ہو چکا ہے۔',
    'err.TICKET_NOT_ELIGIBLE': 'یہ کاؤنٹر اس ٹکٹ کو نہیں لے سکتا۔',
    'err.TICKET_NOT_FOUND': 'یہ ٹکٹ موجود نہیں۔',
    'err.COUNTER_BUSY': 'یہ کاؤنٹر کسی اور کے پاس ہے، یا آپ پہلے سے کوئی اور کاؤنٹر چلا رہے ہیں۔',
    'err.COUNTER_NOT_OPEN': 'کاؤنٹر کھلا نہیں۔ پہلے اسے کھولیں یا دوبارہ شروع کریں۔',
    'err.COUNTER_HAS_TICKET': 'پہلے موجودہ ٹکٹ مکمل کریں۔',
    'err.COUNTER_NOT_YOURS': 'اس کاؤنٹر پر اب کوئی اور آپریٹر کام کر رہا ہے۔',
    'err.COUNTER_INACTIVE': 'منتظم نے یہ کاؤنٹر بند کر دیا ہے۔',
    'err.COUNTER_NOT_FOUND': 'یہ کاؤنٹر موجود نہیں۔',
    'err.NO_CURRENT_TICKET': 'اس کاؤنٹر پر کوئی موجودہ ٹکٹ نہیں۔',
    'err.TRANSFER_TARGET_INVALID': 'یہ منتقلی ممکن نہیں۔',
    'err.CENTER_NOT_FOUND': 'یہ مرکز موجود نہیں۔ پتہ دیکھیں۔',
    'err.default': 'درخواست رد ہو گئی ({code})۔',
    'setup.notYet.title': 'یہ ہال ابھی تیار نہیں',
    'setup.notYet.text': 'اس سرور پر ابھی کوئی مرکز نہیں۔ منتظم اسے اس کی خدمات، کاؤنٹر اور عملے کے ساتھ نگران اسکرین پر بناتا ہے:',
    'setup.notYet.start': 'مرکز تیار کریں',
    'setup.notYet.askAdmin': 'براہِ کرم اپنے منتظم سے مرکز تیار کرنے کو کہیں۔',
    'setup.notYet.waiting': 'یہ اسکرین ہر چند سیکنڈ بعد دیکھتی ہے اور مرکز بنتے ہی خود کھل جائے گی۔',
    'setup.missing.title': 'اس سرور پر “{id}” نام کا کوئی مرکز نہیں۔ ان میں سے چنیں:',
    'setup.choose.title': 'اپنا مرکز چنیں',
  },
};

const STORAGE_KEY = 'navbat.staff.language';

function initialLanguage(): Language {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'ur') return saved;
  } catch {
    // storage may be disabled; English is the default
  }
  return 'en';
}

let current: Language = initialLanguage();
const listeners = new Set<() => void>();

function applyToDocument(language: Language) {
  document.documentElement.lang = language;
  document.documentElement.dir = language === 'ur' ? 'rtl' : 'ltr';
}
applyToDocument(current);

/** Switches the language of the whole page (html lang/dir) and remembers it on this device. */
export function setLanguage(language: Language): void {
  current = language;
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // not remembered, still applied
  }
  applyToDocument(language);
  listeners.forEach((l) => l());
}

export function getLanguage(): Language {
  return current;
}

/** Adds (or overrides) strings, e.g. the supervisor app's own keys. */
export function registerMessages(extra: Partial<Record<Language, Messages>>): void {
  for (const lang of Object.keys(extra) as Language[]) Object.assign(messages[lang], extra[lang]);
}

/** The current language's string for `key` with `{name}` placeholders filled (English, then the key, as fallback). */
export function t(key: string, vars: Record<string, string | number> = {}): string {
  const template = messages[current][key] ?? messages.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

/** A counter as people say it: a bare number gets the word ("Counter 3"), a name is itself ("Window 2-B"). */
export function counterLabel(name: string): string {
  if (/^\d+$/.test(name.trim())) return t('counter.name', { name });
  // In Urdu a Latin name is isolated (FSI … PDI) so its number stays with it in a right-to-left sentence.
  return current === 'ur' ? `\u2068${name}\u2069` : name;
}

/** A localized name (`{en, ur}`) in the current language. */
export function localized(name: Localized | undefined | null): string {
  if (!name) return '';
  return name[current] ?? name.en;
}

/** The plain-words message for a refused or failed API call. */
export function errorText(code: string): string {
  const key = `err.${code}`;
  return messages[current][key] ?? messages.en[key] ?? t('err.default', { code });
}

/** Re-renders the calling component when the language changes. */
export function useLanguage(): { language: Language; dir: 'ltr' | 'rtl'; setLanguage: (l: Language) => void; toggle: () => void } {
  const language = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
  return {
    language,
    dir: language === 'ur' ? 'rtl' : 'ltr',
    setLanguage,
    toggle: () => setLanguage(language === 'en' ? 'ur' : 'en'),
  };
}

/** Seconds as m:ss or h:mm:ss (digits stay Latin so they read the same in both languages). */
export function formatDuration(totalSeconds: number | null | undefined): string {
  if (totalSeconds === null || totalSeconds === undefined || !Number.isFinite(totalSeconds)) return '–';
  const s = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}
