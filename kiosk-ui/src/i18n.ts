import { formatWaitRange, type JourneyStopStatus, type Language, type Localized, type OpeningHours, type PaymentStatus, type TicketStatus, type WaitRange } from '@navbat/shared';

/** Every text a citizen reads, in English and Urdu; both pages share it. */
export interface Messages {
  appName: string;
  chooseLanguage: string;
  languageName: string;
  switchLanguage: string;
  offline: string;
  /** The phone page's banner with a supervisor's message to everyone waiting. */
  broadcastTitle: string;
  broadcastDismiss: string;
  /** The kiosk printed a ticket the help desk issued (for the citizen standing there). */
  staffSlipPrinted: (code: string) => string;
  loading: string;
  back: string;
  startOver: string;
  chooseGroup: string;
  chooseService: string;
  servicesCount: (n: number) => string;
  waiting: (n: number) => string;
  /** The wait as a range rounded to 5 minutes ("Wait: about 15–25 min"), never a false precision. */
  estimate: (range: WaitRange | null) => string;
  /** The range alone, for a line already labelled "Estimated wait". */
  estimateShort: (range: WaitRange | null) => string;
  closed: string;
  closedHours: (hours: string) => string;
  closedNoHours: string;
  welcome: string;
  priorityLine: string;
  priorityLineHelp: string;
  priorityChosen: (category: string) => string;
  priorityRemove: string;
  regularOnly: string;
  priority: string;
  issuing: string;
  wrongService: string;
  cancelling: string;
  cancelled: (code: string) => string;
  cancelFailed: string;
  moreBelow: string;
  notSetUp: string;
  unknownCenter: (id: string) => string;
  yourToken: string;
  service: string;
  position: string;
  positionValue: (n: number) => string;
  estimatedWait: string;
  scanToFollow: string;
  printing: string;
  returning: (seconds: number) => string;
  done: string;
  keepTicket: string;
  errors: Record<'SERVICE_CLOSED' | 'DAILY_CAP_REACHED' | 'RATE_LIMITED' | 'NETWORK_ERROR' | 'OTHER', string>;
  // phone page
  ticketNotFound: string;
  connecting: string;
  live: string;
  status: Record<TicketStatus, string>;
  /** "Your turn — go to counter 3" for a numbered counter, "Your turn — go to Window 3" for a named one. */
  yourTurn: (counter: string) => string;
  beingServed: (counter: string) => string;
  positionLine: (n: number) => string;
  cancel: string;
  cancelQuestion: string;
  cancelYes: string;
  cancelNo: string;
  rateTitle: string;
  stars: (n: number) => string;
  comment: string;
  submitRating: string;
  thanks: string;
  issuedAt: string;
  // check-in at the kiosk (bookings and remote tickets)
  checkInStart: string;
  checkInTitle: string;
  checkInHelp: string;
  checkInLabel: string;
  checkInSubmit: string;
  checkingIn: string;
  keypad: string;
  deleteLast: string;
  clearCode: string;
  checkInNotFound: string;
  /** TOO_EARLY: the time (HH:MM, the centre's time zone) from which check-in opens. */
  checkInTooEarly: (time: string) => string;
  checkInMissed: string;
  /** The one-tap walk-in ticket offered after a missed appointment. */
  takeWalkIn: (service: string) => string;
  checkedInAgain: string;
  /** A remote ticket that has just arrived: its place in the line it kept. */
  arrivedInLine: (position: number | null) => string;
  printTicket: string;
  /** "Appointment 10:30": on the ticket screen and the printed ticket. */
  appointment: string;
  // fees (cashless, by PSID)
  fee: string;
  /** An amount in rupees ("PKR 4,500"). */
  pkr: (amount: number) => string;
  /** "Pay in your bank app (1Link / any bank, JazzCash, Easypaisa) with PSID …". */
  payWithPsid: (psid: string) => string;
  payment: string;
  psid: string;
  psidAtCounter: string;
  paymentStatus: Record<PaymentStatus, string>;
  // phone page: remote tickets, journeys, Web Push
  comeNow: string;
  comeNowHelp: string;
  notArrived: string;
  scanAtKiosk: string;
  orTypeCode: string;
  journeyTitle: string;
  journeyStop: Record<JourneyStopStatus, string>;
  pushButton: string;
  pushAsking: string;
  pushSubscribed: string;
  pushDenied: string;
  pushFailed: string;
}

const dayNames: Record<Language, string[]> = {
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
  ur: ['اتوار', 'پیر', 'منگل', 'بدھ', 'جمعرات', 'جمعہ', 'ہفتہ'],
};

/**
 * A counter as a place: a bare number gets the word ("counter 3"), a name says it already ("Window 3").
 * Inside Urdu a Latin name is isolated (FSI … PDI), so its number stays with it instead of joining the
 * right-to-left sentence, and its last word is bound to the one before, so a wrap never leaves "12" alone.
 */
const counterPlace = (name: string, word: string, isolate = false) => {
  if (/^\d+$/.test(name.trim())) return `${word}${name}`;
  // Its last word ("12") stays on the line of the one before ("Desk") when the sentence wraps.
  const kept = name.trim().replace(/ (\S+)$/, '\u00a0$1');
  return isolate ? `\u2068${kept}\u2069` : kept;
};

const en: Messages = {
  appName: 'Navbat',
  chooseLanguage: 'Choose your language',
  languageName: 'English',
  switchLanguage: 'اردو',
  offline: 'The kiosk cannot reach the server. Please wait a moment — it will reconnect by itself.',
  broadcastTitle: 'Message from the centre',
  broadcastDismiss: 'Hide this message',
  staffSlipPrinted: (code) => `Ticket ${code} from the help desk is printing here. Please take it.`,
  loading: 'Loading…',
  back: 'Back',
  startOver: 'Start over',
  chooseGroup: 'What do you need help with?',
  chooseService: 'Choose a service',
  servicesCount: (n) => (n === 1 ? '1 service' : `${n} services`),
  waiting: (n) => (n === 1 ? '1 person waiting' : `${n} people waiting`),
  estimate: (r) => `Wait: ${formatWaitRange(r, 'en') ?? 'no estimate yet'}`,
  estimateShort: (r) => formatWaitRange(r, 'en') ?? 'no estimate yet',
  closed: 'Closed now',
  closedHours: (h) => `Open ${h}`,
  closedNoHours: 'Not available today',
  welcome: 'Welcome — tap what you need and your token prints at once',
  priorityLine: 'Priority line',
  priorityLineHelp: 'Senior citizen, disability, pregnant — priority line. Tap yours first:',
  priorityChosen: (c) => `Priority line: ${c}`,
  priorityRemove: 'Not priority',
  regularOnly: 'Normal line only',
  priority: 'Priority',
  issuing: 'Printing your token…',
  wrongService: 'Wrong service? Cancel this token',
  cancelling: 'Cancelling…',
  cancelled: (code) => `Token ${code} is cancelled. Please choose the right service.`,
  cancelFailed: 'This token can no longer be cancelled. Please ask at the help desk.',
  moreBelow: 'More below',
  notSetUp: 'This kiosk is not set up yet. Please ask at the help desk.',
  unknownCenter: (id) => `This kiosk is set to a centre that does not exist (“${id}”). Please ask at the help desk.`,
  yourToken: 'Your token number',
  service: 'Service',
  position: 'Your place in line',
  positionValue: (n) => `${n}`,
  estimatedWait: 'Estimated wait',
  scanToFollow: 'Scan with your phone to follow your turn',
  printing: 'Please take your printed ticket.',
  returning: (s) => `This screen closes in ${s} s`,
  done: 'Done',
  keepTicket: 'Watch the hall screens for your number.',
  errors: {
    SERVICE_CLOSED: 'This service is closed right now. Please choose another service or come back during its opening hours.',
    DAILY_CAP_REACHED: 'All tokens for this service have been given out for today. Please come back tomorrow.',
    RATE_LIMITED: 'Too many tokens were taken at this kiosk just now. Please wait one minute and try again.',
    NETWORK_ERROR: 'The kiosk could not reach the server. Please tap the service again — you will not get two tokens.',
    OTHER: 'Something went wrong. Please ask at the help desk.',
  },
  ticketNotFound: 'We could not find this token. Please check the link on your ticket.',
  connecting: 'Connecting…',
  live: 'Updates live',
  status: {
    waiting: 'Waiting',
    called: 'Your turn',
    serving: 'Being served',
    done: 'Done — thank you for visiting',
    no_show: 'Missed — you were called but did not come. Please take a new token.',
    cancelled: 'Cancelled',
    expired: 'Expired — this token is no longer valid.',
  },
  yourTurn: (c) => `Your turn — go to ${counterPlace(c, 'counter ')}`,
  beingServed: (c) => `You are being served at ${counterPlace(c, 'counter ')}`,
  positionLine: (n) => (n === 1 ? 'You are next in line' : `You are number ${n} in line`),
  cancel: 'Cancel my token',
  cancelQuestion: 'Cancel this token? You will lose your place in line.',
  cancelYes: 'Yes, cancel it',
  cancelNo: 'No, keep it',
  rateTitle: 'How was the service?',
  stars: (n) => (n === 1 ? '1 star' : `${n} stars`),
  comment: 'Comment (optional)',
  submitRating: 'Send rating',
  thanks: 'Thank you for your feedback.',
  issuedAt: 'Taken at',
  checkInStart: 'I have a booking / I joined online',
  checkInTitle: 'Check in',
  checkInHelp: 'Hold the QR code of your booking or your phone’s token under the scanner, or type your 6-character booking code.',
  checkInLabel: 'Booking code',
  checkInSubmit: 'Check in',
  checkingIn: 'Checking in…',
  keypad: 'Letters and digits of the booking code',
  deleteLast: 'Delete last letter',
  clearCode: 'Clear',
  checkInNotFound: 'We could not find this code. Please check it and try again, or ask at the help desk.',
  checkInTooEarly: (time) => `You are early. Please come back at ${time} to check in.`,
  checkInMissed: 'The time of your appointment has passed, so the booking has lapsed. You can take a normal token for the same service now.',
  takeWalkIn: (service) => `Take a token for ${service}`,
  checkedInAgain: 'You are already checked in. This is your token.',
  arrivedInLine: (n) => (n === null ? 'You are checked in' : n === 1 ? 'You are checked in — you are next in line' : `You are in line, position ${n}`),
  printTicket: 'Print my ticket',
  appointment: 'Appointment',
  fee: 'Fee',
  pkr: (n) => `PKR ${n.toLocaleString('en-US')}`,
  payWithPsid: (psid) => `Pay in your bank app (1Link / any bank, JazzCash, Easypaisa) with PSID ${psid}`,
  payment: 'Payment',
  psid: 'PSID',
  psidAtCounter: 'The counter gives you the PSID to pay it in your bank app.',
  paymentStatus: { unpaid: 'Not paid yet', paid: 'Paid', waived: 'Waived' },
  comeNow: 'Come to the centre now',
  comeNowHelp: 'Your turn is near. When you arrive, scan this code at the kiosk.',
  notArrived: 'Not checked in yet. When you arrive, tap “I have a booking / I joined online” at the kiosk and scan this code.',
  scanAtKiosk: 'Scan at the kiosk',
  orTypeCode: 'or type this code',
  journeyTitle: 'Your visit',
  journeyStop: { done: 'Done', current: 'Now', pending: 'To come' },
  pushButton: 'Tell me when my turn is near',
  pushAsking: 'Asking your phone…',
  pushSubscribed: 'We will tell you when your turn is near.',
  pushDenied: 'Notifications are blocked for this page. You can allow them in your browser settings.',
  pushFailed: 'That did not work. Please try again.',
};

const ur: Messages = {
  appName: 'نوبت',
  chooseLanguage: 'اپنی زبان منتخب کریں',
  languageName: 'اردو',
  switchLanguage: 'English',
  offline: 'کیوسک کا سرور سے رابطہ نہیں ہو رہا۔ براہِ کرم تھوڑا انتظار کریں — رابطہ خود بحال ہو جائے گا۔',
  broadcastTitle: 'مرکز کی طرف سے پیغام',
  broadcastDismiss: 'یہ پیغام چھپائیں',
  staffSlipPrinted: (code) => `ہیلپ ڈیسک کا ٹکٹ \u2066${code}\u2069 یہاں پرنٹ ہو رہا ہے۔ براہ کرم لے لیں۔`,
  loading: 'لوڈ ہو رہا ہے…',
  back: 'واپس',
  startOver: 'شروع سے',
  chooseGroup: 'آپ کو کس کام میں مدد چاہیے؟',
  chooseService: 'سروس منتخب کریں',
  servicesCount: (n) => (n === 1 ? '1 سروس' : `${n} سروسز`),
  waiting: (n) => (n === 1 ? '1 فرد انتظار میں' : `${n} افراد انتظار میں`),
  estimate: (r) => `انتظار: ${formatWaitRange(r, 'ur') ?? 'ابھی اندازہ نہیں'}`,
  estimateShort: (r) => formatWaitRange(r, 'ur') ?? 'ابھی اندازہ نہیں',
  closed: 'اس وقت بند ہے',
  closedHours: (h) => `اوقات: ${h}`,
  closedNoHours: 'آج دستیاب نہیں',
  welcome: 'خوش آمدید — اپنا کام چھوئیں، ٹوکن فوراً پرنٹ ہو گا',
  priorityLine: 'ترجیحی قطار',
  priorityLineHelp: 'بزرگ شہری، معذور افراد، حاملہ خواتین — ترجیحی قطار۔ پہلے اپنا زمرہ چھوئیں:',
  priorityChosen: (c) => `ترجیحی قطار: ${c}`,
  priorityRemove: 'ترجیح نہیں',
  regularOnly: 'صرف عام قطار',
  priority: 'ترجیح',
  issuing: 'آپ کا ٹوکن پرنٹ ہو رہا ہے…',
  wrongService: 'غلط سروس؟ یہ ٹوکن منسوخ کریں',
  cancelling: 'منسوخ ہو رہا ہے…',
  cancelled: (code) => `ٹوکن ${code} منسوخ ہو گیا۔ براہِ کرم درست سروس منتخب کریں۔`,
  cancelFailed: 'یہ ٹوکن اب منسوخ نہیں ہو سکتا۔ براہِ کرم معلوماتی کاؤنٹر سے رابطہ کریں۔',
  moreBelow: 'مزید نیچے',
  notSetUp: 'یہ کیوسک ابھی تیار نہیں۔ براہِ کرم معلوماتی کاؤنٹر سے رابطہ کریں۔',
  unknownCenter: (id) => `یہ کیوسک ایسے مرکز پر لگا ہے جو موجود نہیں (“${id}”)۔ براہِ کرم معلوماتی کاؤنٹر سے رابطہ کریں۔`,
  yourToken: 'آپ کا ٹوکن نمبر',
  service: 'سروس',
  position: 'قطار میں آپ کا نمبر',
  positionValue: (n) => `${n}`,
  estimatedWait: 'متوقع انتظار',
  scanToFollow: 'اپنی باری دیکھنے کے لیے فون سے اسکین کریں',
  printing: 'براہِ کرم اپنی پرنٹ شدہ پرچی لے لیں۔',
  returning: (s) => `یہ اسکرین ${s} سیکنڈ میں بند ہو جائے گی`,
  done: 'ٹھیک ہے',
  keepTicket: 'اپنے نمبر کے لیے ہال کی اسکرینیں دیکھتے رہیں۔',
  errors: {
    SERVICE_CLOSED: 'یہ سروس اس وقت بند ہے۔ براہِ کرم کوئی اور سروس منتخب کریں یا اوقاتِ کار میں دوبارہ آئیں۔',
    DAILY_CAP_REACHED: 'اس سروس کے آج کے تمام ٹوکن ختم ہو چکے ہیں۔ براہِ کرم کل تشریف لائیں۔',
    RATE_LIMITED: 'ابھی اس کیوسک سے بہت زیادہ ٹوکن لیے گئے ہیں۔ براہِ کرم ایک منٹ انتظار کر کے دوبارہ کوشش کریں۔',
    NETWORK_ERROR: 'کیوسک کا سرور سے رابطہ نہیں ہو سکا۔ براہِ کرم سروس دوبارہ چھوئیں — آپ کو دو ٹوکن نہیں ملیں گے۔',
    OTHER: 'کچھ غلط ہو گیا۔ براہِ کرم معلوماتی کاؤنٹر سے رابطہ کریں۔',
  },
  ticketNotFound: 'یہ ٹوکن نہیں ملا۔ براہِ کرم اپنی پرچی پر دیا گیا لنک چیک کریں۔',
  connecting: 'رابطہ ہو رہا ہے…',
  live: 'براہِ راست معلومات',
  status: {
    waiting: 'انتظار میں',
    called: 'آپ کی باری',
    serving: 'آپ کا کام ہو رہا ہے',
    done: 'مکمل — تشریف آوری کا شکریہ',
    no_show: 'آپ کو بلایا گیا مگر آپ نہیں آئے۔ براہِ کرم نیا ٹوکن لیں۔',
    cancelled: 'منسوخ',
    expired: 'میعاد ختم — یہ ٹوکن اب کارآمد نہیں۔',
  },
  yourTurn: (c) => `آپ کی باری — ${counterPlace(c, 'کاؤنٹر ', true)} پر تشریف لے جائیں`,
  beingServed: (c) => `${counterPlace(c, 'کاؤنٹر ', true)} پر آپ کا کام ہو رہا ہے`,
  positionLine: (n) => (n === 1 ? 'اگلی باری آپ کی ہے' : `قطار میں آپ کا نمبر ${n} ہے`),
  cancel: 'میرا ٹوکن منسوخ کریں',
  cancelQuestion: 'کیا یہ ٹوکن منسوخ کریں؟ قطار میں آپ کی جگہ ختم ہو جائے گی۔',
  cancelYes: 'ہاں، منسوخ کریں',
  cancelNo: 'نہیں، رہنے دیں',
  rateTitle: 'سروس کیسی رہی؟',
  stars: (n) => `${n} ستارے`,
  comment: 'رائے (اختیاری)',
  submitRating: 'درجہ بندی بھیجیں',
  thanks: 'آپ کی رائے کا شکریہ۔',
  issuedAt: 'ٹوکن کا وقت',
  checkInStart: 'میری بکنگ ہے / میں نے آن لائن قطار میں جگہ لی',
  checkInTitle: 'آمد کا اندراج',
  checkInHelp: 'اپنی بکنگ یا فون پر ٹوکن کا QR کوڈ اسکینر کے نیچے رکھیں، یا اپنا 6 حروف کا بکنگ کوڈ لکھیں۔',
  checkInLabel: 'بکنگ کوڈ',
  checkInSubmit: 'اندراج کریں',
  checkingIn: 'اندراج ہو رہا ہے…',
  keypad: 'بکنگ کوڈ کے حروف اور ہندسے',
  deleteLast: 'آخری حرف مٹائیں',
  clearCode: 'صاف کریں',
  checkInNotFound: 'یہ کوڈ نہیں ملا۔ براہِ کرم کوڈ چیک کر کے دوبارہ کوشش کریں، یا معلوماتی کاؤنٹر سے رابطہ کریں۔',
  checkInTooEarly: (time) => `آپ جلدی آ گئے ہیں۔ براہِ کرم اندراج کے لیے ${time} پر دوبارہ آئیں۔`,
  checkInMissed: 'آپ کی ملاقات کا وقت گزر چکا ہے، اس لیے بکنگ ختم ہو گئی۔ آپ اسی سروس کا عام ٹوکن ابھی لے سکتے ہیں۔',
  takeWalkIn: (service) => `${service} کا ٹوکن لیں`,
  checkedInAgain: 'آپ کا اندراج پہلے ہی ہو چکا ہے۔ یہ آپ کا ٹوکن ہے۔',
  arrivedInLine: (n) => (n === null ? 'آپ کا اندراج ہو گیا' : n === 1 ? 'آپ کا اندراج ہو گیا — اگلی باری آپ کی ہے' : `آپ قطار میں ہیں، آپ کا نمبر ${n} ہے`),
  printTicket: 'میری پرچی پرنٹ کریں',
  appointment: 'ملاقات کا وقت',
  fee: 'فیس',
  pkr: (n) => `${n.toLocaleString('en-US')} روپے`,
  payWithPsid: (psid) => `اپنی بینک ایپ (1Link / کوئی بھی بینک، JazzCash، Easypaisa) میں PSID \u2066${psid}\u2069 سے ادائیگی کریں`,
  payment: 'ادائیگی',
  psid: 'PSID',
  psidAtCounter: 'کاؤنٹر آپ کو ادائیگی کے لیے PSID دے گا، جس سے آپ اپنی بینک ایپ میں ادائیگی کر سکیں گے۔',
  paymentStatus: { unpaid: 'ابھی ادا نہیں ہوئی', paid: 'ادا ہو گئی', waived: 'معاف' },
  comeNow: 'ابھی مرکز تشریف لائیں',
  comeNowHelp: 'آپ کی باری قریب ہے۔ پہنچ کر یہ کوڈ کیوسک پر اسکین کریں۔',
  notArrived: 'ابھی آمد کا اندراج نہیں ہوا۔ پہنچ کر کیوسک پر “میری بکنگ ہے / میں نے آن لائن قطار میں جگہ لی” چھوئیں اور یہ کوڈ اسکین کریں۔',
  scanAtKiosk: 'کیوسک پر اسکین کریں',
  orTypeCode: 'یا یہ کوڈ لکھیں',
  journeyTitle: 'آپ کی آمد کے مراحل',
  journeyStop: { done: 'مکمل', current: 'ابھی', pending: 'آگے' },
  pushButton: 'باری قریب آنے پر مجھے بتائیں',
  pushAsking: 'آپ کے فون سے اجازت لی جا رہی ہے…',
  pushSubscribed: 'باری قریب آنے پر ہم آپ کو بتا دیں گے۔',
  pushDenied: 'اس صفحے کے لیے اطلاعات بند ہیں۔ آپ انہیں براؤزر کی ترتیبات میں کھول سکتے ہیں۔',
  pushFailed: 'یہ کام نہیں ہوا۔ براہِ کرم دوبارہ کوشش کریں۔',
};

export const messages: Record<Language, Messages> = { en, ur };

/** The direction and BCP 47 tag of a language, for the document root. */
export function applyLanguage(language: Language): void {
  document.documentElement.lang = language;
  document.documentElement.dir = language === 'ur' ? 'rtl' : 'ltr';
}

/** A localized name in the chosen language, falling back to English. */
export function localize(name: Localized, language: Language): string {
  return name[language] ?? name.en;
}

/** Opening hours as short text ("Mon–Fri 09:00–17:00; Sat 09:00–13:00"). */
export function formatHours(hours: OpeningHours, language: Language): string | null {
  if (!hours || hours.length === 0) return null;
  const names = dayNames[language];
  return hours
    .map((h) => {
      const days = [...h.days].sort((a, b) => a - b);
      const contiguous = days.every((d, i) => i === 0 || d === days[i - 1]! + 1);
      const dayText = days.length > 2 && contiguous ? `${names[days[0]!]}–${names[days[days.length - 1]!]}` : days.map((d) => names[d]).join(language === 'ur' ? '، ' : ', ');
      return `${dayText} ${h.open}–${h.close}`;
    })
    .join(language === 'ur' ? '؛ ' : '; ');
}

/** The message key for a failed ticket request. */
export function issueErrorKey(code: string): keyof Messages['errors'] {
  return code === 'SERVICE_CLOSED' || code === 'DAILY_CAP_REACHED' || code === 'RATE_LIMITED' || code === 'NETWORK_ERROR' ? code : 'OTHER';
}

/** A time of day as HH:MM (24 h, Latin digits) in the centre's time zone, e.g. "come back at 10:00". */
export function formatClock(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23', numberingSystem: 'latn' }).format(new Date(iso));
}
