import type { AppointmentStatus, Language } from '@navbat/shared';

/** Every text of the booking page, in English and Urdu. */
export interface BookMessages {
  title: string;
  chooseService: string;
  noBookable: string;
  chooseDay: string;
  chooseSlot: string;
  noSlots: string;
  seatsLeft: (n: number) => string;
  full: string;
  phoneTitle: string;
  phoneHelp: string;
  phoneLabel: string;
  phoneInvalid: string;
  confirm: string;
  busy: string;
  back: string;
  bookedTitle: string;
  yourCode: string;
  showAtKiosk: string;
  when: string;
  service: string;
  addToCalendar: string;
  cancel: string;
  cancelConfirm: string;
  cancelled: string;
  bookAnother: string;
  status: Record<AppointmentStatus, string>;
  centerMissing: string;
  errors: Record<'SLOT_FULL' | 'SLOT_NOT_AVAILABLE' | 'BOOKING_LIMIT_REACHED' | 'RATE_LIMITED' | 'APPOINTMENT_NOT_FOUND' | 'OTHER', string>;
  qrAlt: (code: string) => string;
}

const en: BookMessages = {
  title: 'Book a visit',
  chooseService: 'Which service do you need?',
  noBookable: 'This centre takes no bookings at the moment. You can take a token at the kiosk.',
  chooseDay: 'Choose a day',
  chooseSlot: 'Choose a time',
  noSlots: 'No free times on this day. Please choose another day.',
  seatsLeft: (n) => (n === 1 ? '1 place left' : `${n} places left`),
  full: 'Full',
  phoneTitle: 'Your phone number (optional)',
  phoneHelp: 'We send a reminder by SMS. It is never shown to anyone.',
  phoneLabel: 'Mobile number',
  phoneInvalid: 'Please enter a phone number, for example 0300 1234567.',
  confirm: 'Book this time',
  busy: 'Booking…',
  back: 'Back',
  bookedTitle: 'Your visit is booked',
  yourCode: 'Your booking code',
  showAtKiosk: 'At the centre, scan this code at the kiosk or type the booking code. You may check in up to 30 minutes early.',
  when: 'When',
  service: 'Service',
  addToCalendar: 'Add to calendar',
  cancel: 'Cancel booking',
  cancelConfirm: 'Yes, cancel it',
  cancelled: 'This booking is cancelled.',
  bookAnother: 'Book another visit',
  status: { booked: 'Booked', checked_in: 'Checked in', cancelled: 'Cancelled', missed: 'Missed' },
  centerMissing: 'This link does not name a centre. Please use the link from the centre.',
  errors: {
    SLOT_FULL: 'Someone just took the last place at this time. Please choose another time.',
    SLOT_NOT_AVAILABLE: 'This time can no longer be booked. Please choose another time.',
    BOOKING_LIMIT_REACHED: 'This phone number already has the most bookings allowed for that day.',
    RATE_LIMITED: 'Too many tries. Please wait a minute.',
    APPOINTMENT_NOT_FOUND: 'We could not find this booking.',
    OTHER: 'Something went wrong. Please try again.',
  },
  qrAlt: (code) => `QR code of booking ${code}`,
};

const ur: BookMessages = {
  title: 'ملاقات کا وقت لیں',
  chooseService: 'آپ کو کون سی سروس چاہیے؟',
  noBookable: 'یہ مرکز اس وقت بکنگ نہیں لے رہا۔ آپ کیوسک سے ٹوکن لے سکتے ہیں۔',
  chooseDay: 'دن منتخب کریں',
  chooseSlot: 'وقت منتخب کریں',
  noSlots: 'اس دن کوئی وقت خالی نہیں۔ براہ کرم کوئی اور دن منتخب کریں۔',
  seatsLeft: (n) => `${n} جگہ باقی`,
  full: 'مکمل',
  phoneTitle: 'آپ کا فون نمبر (اختیاری)',
  phoneHelp: 'ہم ایس ایم ایس سے یاد دہانی بھیجتے ہیں۔ یہ نمبر کسی کو نہیں دکھایا جاتا۔',
  phoneLabel: 'موبائل نمبر',
  phoneInvalid: 'براہ کرم فون نمبر لکھیں، مثلاً 0300 1234567۔',
  confirm: 'یہ وقت بک کریں',
  busy: 'بک ہو رہا ہے…',
  back: 'واپس',
  bookedTitle: 'آپ کا وقت بک ہو گیا',
  yourCode: 'آپ کا بکنگ کوڈ',
  showAtKiosk: 'مرکز پہنچ کر کیوسک پر یہ کوڈ اسکین کریں یا بکنگ کوڈ لکھیں۔ آپ 30 منٹ پہلے تک حاضری لگا سکتے ہیں۔',
  when: 'وقت',
  service: 'سروس',
  addToCalendar: 'کیلنڈر میں شامل کریں',
  cancel: 'بکنگ منسوخ کریں',
  cancelConfirm: 'جی ہاں، منسوخ کریں',
  cancelled: 'یہ بکنگ منسوخ ہو چکی ہے۔',
  bookAnother: 'ایک اور وقت بک کریں',
  status: { booked: 'بک شدہ', checked_in: 'حاضری لگ گئی', cancelled: 'منسوخ', missed: 'وقت گزر گیا' },
  centerMissing: 'اس لنک میں مرکز کا نام نہیں۔ براہ کرم مرکز کا دیا ہوا لنک استعمال کریں۔',
  errors: {
    SLOT_FULL: 'اس وقت کی آخری جگہ ابھی کسی نے لے لی۔ براہ کرم کوئی اور وقت منتخب کریں۔',
    SLOT_NOT_AVAILABLE: 'یہ وقت اب بک نہیں ہو سکتا۔ براہ کرم کوئی اور وقت منتخب کریں۔',
    BOOKING_LIMIT_REACHED: 'اس فون نمبر پر اس دن کی زیادہ سے زیادہ بکنگ ہو چکی ہے۔',
    RATE_LIMITED: 'بہت زیادہ کوششیں۔ براہ کرم ایک منٹ انتظار کریں۔',
    APPOINTMENT_NOT_FOUND: 'یہ بکنگ نہیں ملی۔',
    OTHER: 'کچھ غلط ہو گیا۔ دوبارہ کوشش کریں۔',
  },
  qrAlt: (code) => `بکنگ ${code} کا کیو آر کوڈ`,
};

export const bookMessages: Record<Language, BookMessages> = { en, ur };

/** A day and time in the centre's zone, in the reader's language. */
export function formatWhen(iso: string, timeZone: string, language: Language, part: 'day' | 'time' | 'both'): string {
  const locale = language === 'ur' ? 'ur-PK' : 'en-GB';
  const options: Intl.DateTimeFormatOptions =
    part === 'day' ? { weekday: 'short', day: 'numeric', month: 'short' } : part === 'time' ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  return new Intl.DateTimeFormat(locale, { timeZone, numberingSystem: 'latn', ...options }).format(new Date(iso));
}
