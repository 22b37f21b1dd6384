import type { Fee, Localized } from '@navbat/shared';

/** The demo centre: "Asan Khidmat Markaz, Islamabad", with the agencies a citizen expects there. */
export const demoCenter = {
  id: 'isb-g9',
  name: { en: 'Asan Khidmat Markaz, Islamabad', ur: 'آسان خدمت مرکز، اسلام آباد' } satisfies Localized,
  timezone: 'Asia/Karachi',
};

interface DemoService {
  prefix: string;
  name: Localized;
  slaTargetMinutes: number;
  dailyCap?: number;
  /** A fee paid cashless by PSID (the demo's amounts are examples, and say so). */
  fee?: Fee;
  payBeforeCall?: boolean;
  /** The default journey after this service, by prefix (a one-stop visit through several counters). */
  next?: string[];
}

interface DemoGroup {
  /** Services appended later into the group at this index (so earlier services keep their ids), not a group of their own. */
  joins?: number;
  name: Localized;
  services: DemoService[];
}

export const demoGroups: DemoGroup[] = [
  {
    name: { en: 'NADRA — Identity', ur: 'نادرا — شناخت' },
    services: [
      { prefix: 'A', name: { en: 'National ID card (CNIC)', ur: 'قومی شناختی کارڈ' }, slaTargetMinutes: 20 },
      { prefix: 'B', name: { en: 'Birth & family registration (B-Form, FRC)', ur: 'پیدائش و خاندانی اندراج (ب فارم)' }, slaTargetMinutes: 20 },
    ],
  },
  {
    name: { en: 'Passports & Immigration', ur: 'پاسپورٹ و امیگریشن' },
    services: [{ prefix: 'P', name: { en: 'Passport — new and renewal', ur: 'پاسپورٹ — نیا اور تجدید' }, slaTargetMinutes: 25 }],
  },
  {
    name: { en: 'Transport', ur: 'ٹرانسپورٹ' },
    services: [
      { prefix: 'D', name: { en: 'Driving licence', ur: 'ڈرائیونگ لائسنس' }, slaTargetMinutes: 15 },
      { prefix: 'V', name: { en: 'Vehicle registration & transfer', ur: 'گاڑی کی رجسٹریشن و منتقلی' }, slaTargetMinutes: 20 },
    ],
  },
  {
    name: { en: 'Tax & Business', ur: 'ٹیکس و کاروبار' },
    services: [
      { prefix: 'T', name: { en: 'FBR — NTN and tax filing', ur: 'ایف بی آر — این ٹی این و ٹیکس گوشوارے' }, slaTargetMinutes: 15 },
      { prefix: 'C', name: { en: 'SECP — company registration', ur: 'ایس ای سی پی — کمپنی رجسٹریشن' }, slaTargetMinutes: 30 },
      { prefix: 'BF', name: { en: 'Business Facilitation Center (startups & investors)', ur: 'بزنس فسیلیٹیشن سینٹر (اسٹارٹ اپس و سرمایہ کار)' }, slaTargetMinutes: 30 },
    ],
  },
  {
    name: { en: 'Police & Certificates', ur: 'پولیس و اسناد' },
    services: [
      { prefix: 'K', name: { en: 'Police character certificate', ur: 'پولیس کریکٹر سرٹیفکیٹ' }, slaTargetMinutes: 15 },
      { prefix: 'M', name: { en: 'Domicile certificate', ur: 'ڈومیسائل سرٹیفکیٹ' }, slaTargetMinutes: 15 },
    ],
  },
  {
    name: { en: 'Utilities', ur: 'یوٹیلیٹیز' },
    services: [{ prefix: 'U', name: { en: 'Utility bills & connections (electricity, gas, water)', ur: 'یوٹیلیٹی بل و کنکشن (بجلی، گیس، پانی)' }, slaTargetMinutes: 10 }],
  },
  // One-stop visits (journeys, issue 17). Appended, so the ids of the services above never move; the fees
  // are examples (labelled so), not the authorities' current schedules.
  {
    // Into the passport agency's own group (no new card on the kiosk's first screen).
    joins: 1,
    name: { en: 'Passport — one visit, four steps', ur: 'پاسپورٹ — ایک آمد، چار مراحل' },
    services: [
      {
        prefix: 'PD',
        name: { en: 'Passport: documents check', ur: 'پاسپورٹ: کاغذات کی جانچ' },
        slaTargetMinutes: 15,
        next: ['PB', 'PF', 'PC'],
      },
      { prefix: 'PB', name: { en: 'Passport: photo, fingerprints & signature', ur: 'پاسپورٹ: تصویر، انگلیوں کے نشان و دستخط' }, slaTargetMinutes: 15 },
      {
        prefix: 'PF',
        name: { en: 'Passport: fee (pay by PSID)', ur: 'پاسپورٹ: فیس (پی ایس آئی ڈی سے ادائیگی)' },
        slaTargetMinutes: 10,
        fee: { amountPkr: 4500, label: { en: 'Passport fee, 36 pages, normal (example)', ur: 'پاسپورٹ فیس، 36 صفحات، عام (مثال)' } },
        payBeforeCall: true,
      },
      { prefix: 'PC', name: { en: 'Passport: collection', ur: 'پاسپورٹ: وصولی' }, slaTargetMinutes: 10 },
    ],
  },
  {
    // Into the tax and business group, beside the BFC's own desk.
    joins: 3,
    name: { en: 'Business Facilitation Center — start a company', ur: 'بزنس فسیلیٹیشن سینٹر — کمپنی شروع کریں' },
    services: [
      {
        prefix: 'CR',
        name: { en: 'BFC: SECP company incorporation', ur: 'بی ایف سی: ایس ای سی پی کمپنی رجسٹریشن' },
        slaTargetMinutes: 30,
        fee: { amountPkr: 1000, label: { en: 'SECP incorporation fee (example)', ur: 'ایس ای سی پی رجسٹریشن فیس (مثال)' } },
        next: ['NT', 'CH'],
      },
      { prefix: 'NT', name: { en: 'BFC: FBR tax number (NTN)', ur: 'بی ایف سی: ایف بی آر ٹیکس نمبر (این ٹی این)' }, slaTargetMinutes: 15 },
      {
        prefix: 'CH',
        name: { en: 'BFC: Chamber of Commerce membership', ur: 'بی ایف سی: چیمبر آف کامرس رکنیت' },
        slaTargetMinutes: 20,
        fee: { amountPkr: 10000, label: { en: 'Chamber membership fee (example)', ur: 'چیمبر رکنیت فیس (مثال)' } },
      },
    ],
  },
];

/** Counters: name, zone, and the prefixes they serve with a weight (higher is called first). */
export const demoCounters: { name: string; zone: string; skills: [prefix: string, weight: number][] }[] = [
  { name: '1', zone: 'hall-a', skills: [['A', 2], ['B', 1]] },
  { name: '2', zone: 'hall-a', skills: [['A', 2], ['B', 1]] },
  { name: '3', zone: 'hall-a', skills: [['A', 1], ['B', 2]] },
  { name: '4', zone: 'hall-a', skills: [['P', 1], ['PD', 1], ['PC', 1]] },
  { name: '5', zone: 'hall-a', skills: [['P', 1], ['PB', 1], ['PF', 1]] },
  { name: '6', zone: 'hall-a', skills: [['D', 2], ['V', 1]] },
  { name: '7', zone: 'hall-a', skills: [['V', 2], ['D', 1]] },
  { name: '8', zone: 'hall-b', skills: [['T', 1], ['NT', 1]] },
  { name: '9', zone: 'hall-b', skills: [['C', 2], ['BF', 1], ['CR', 1]] },
  { name: '10', zone: 'hall-b', skills: [['BF', 2], ['C', 1], ['CH', 1]] },
  { name: '11', zone: 'hall-b', skills: [['K', 1], ['M', 1]] },
  { name: '12', zone: 'hall-b', skills: [['M', 2], ['K', 1]] },
  { name: '13', zone: 'hall-b', skills: [['U', 1]] },
  { name: '14', zone: 'hall-b', skills: [['U', 1], ['T', 1]] },
];

/** Demo staff; the README lists them. Never use these passwords outside a demo. */
export const demoStaff = [
  { username: 'operator1', password: 'operator1-demo', name: 'Ayesha Khan', role: 'operator' as const },
  { username: 'operator2', password: 'operator2-demo', name: 'Bilal Ahmed', role: 'operator' as const },
  { username: 'operator3', password: 'operator3-demo', name: 'Fatima Raza', role: 'operator' as const },
  { username: 'supervisor', password: 'supervisor-demo', name: 'Imran Qureshi', role: 'supervisor' as const },
];
