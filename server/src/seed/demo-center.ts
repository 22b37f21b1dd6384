import type { Localized } from '@navbat/shared';

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
}

interface DemoGroup {
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
];

/** Counters: name, zone, and the prefixes they serve with a weight (higher is called first). */
export const demoCounters: { name: string; zone: string; skills: [prefix: string, weight: number][] }[] = [
  { name: '1', zone: 'hall-a', skills: [['A', 2], ['B', 1]] },
  { name: '2', zone: 'hall-a', skills: [['A', 2], ['B', 1]] },
  { name: '3', zone: 'hall-a', skills: [['A', 1], ['B', 2]] },
  { name: '4', zone: 'hall-a', skills: [['P', 1]] },
  { name: '5', zone: 'hall-a', skills: [['P', 1]] },
  { name: '6', zone: 'hall-a', skills: [['D', 2], ['V', 1]] },
  { name: '7', zone: 'hall-a', skills: [['V', 2], ['D', 1]] },
  { name: '8', zone: 'hall-b', skills: [['T', 1]] },
  { name: '9', zone: 'hall-b', skills: [['C', 2], ['BF', 1]] },
  { name: '10', zone: 'hall-b', skills: [['BF', 2], ['C', 1]] },
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
