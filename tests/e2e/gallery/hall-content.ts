import { expect } from 'vitest';
import type { Ticket } from '@navbat/shared';

/** A hall as a real centre fills it: long English and Urdu names, named counters, 3-letter prefixes, 4-digit codes. */
export const longCenter = 'long-names';

const groups = [
  { en: 'Business Facilitation Center — companies, investors and exporters', ur: 'بزنس فیسلیٹیشن سینٹر — کمپنیاں، سرمایہ کار اور برآمد کنندگان' },
  { en: 'NADRA — identity cards, family registration and certificates', ur: 'نادرا — شناختی کارڈ، خاندانی اندراج اور سرٹیفکیٹ' },
  { en: 'Directorate General of Immigration & Passports', ur: 'ڈائریکٹوریٹ جنرل امیگریشن و پاسپورٹ' },
  { en: 'Islamabad Traffic Police — driving licences', ur: 'اسلام آباد ٹریفک پولیس — ڈرائیونگ لائسنس' },
  { en: 'Excise, Taxation & Narcotics Control Department', ur: 'محکمہ ایکسائز، ٹیکسیشن و انسدادِ منشیات' },
  { en: 'Utilities — electricity, gas, water and telephone', ur: 'یوٹیلیٹیز — بجلی، گیس، پانی اور ٹیلیفون' },
];
const services: { group: number; prefix: string; en: string; ur: string }[] = [
  { group: 0, prefix: 'BFC', en: 'Business Facilitation Center — company registration', ur: 'بزنس فیسلیٹیشن سینٹر — کمپنی رجسٹریشن' },
  { group: 0, prefix: 'BFI', en: 'Investor facilitation, NOCs and export licences (chamber of commerce)', ur: 'سرمایہ کاروں کی سہولت، این او سی اور برآمدی لائسنس (ایوانِ تجارت)' },
  { group: 0, prefix: 'BFT', en: 'Sales tax registration and NTN for sole proprietors', ur: 'سیلز ٹیکس رجسٹریشن اور انفرادی کاروبار کے لیے این ٹی این' },
  { group: 1, prefix: 'NIC', en: 'NADRA identity card (new, renewal, modification)', ur: 'نادرا شناختی کارڈ (نیا، تجدید، ترمیم)' },
  { group: 1, prefix: 'FRC', en: 'Family registration certificate and B-Form for children under 18', ur: 'خاندانی رجسٹریشن سرٹیفکیٹ اور 18 سال سے کم عمر بچوں کا ب فارم' },
  { group: 2, prefix: 'PSP', en: 'Machine-readable passport — new, renewal, lost or damaged', ur: 'مشین ریڈایبل پاسپورٹ — نیا، تجدید، گمشدہ یا خراب' },
  { group: 3, prefix: 'DLV', en: 'Driving licence — learner, permanent, renewal and international', ur: 'ڈرائیونگ لائسنس — لرنر، مستقل، تجدید اور بین الاقوامی' },
  { group: 4, prefix: 'MVR', en: 'Motor vehicle registration, transfer of ownership and token tax', ur: 'موٹر گاڑی کی رجسٹریشن، ملکیت کی منتقلی اور ٹوکن ٹیکس' },
  { group: 5, prefix: 'UTL', en: 'Utility bills, new connections and meter complaints', ur: 'یوٹیلیٹی بل، نئے کنکشن اور میٹر کی شکایات' },
];
/** Counter names as halls write them; the first nine are worked. */
export const longCounters = ['Business Facilitation Desk 12', 'Window 2-B', 'Counter 15', 'Desk 3', 'NADRA Mega Counter 7', 'Passport Window 21-A', '9', 'Excise Desk 4', 'Utilities Window 11', 'Counter 16', 'Window 2-C', 'Desk 5'];

export interface LongHall {
  /** Operator usernames by counter name (password `<username>-password`). */
  operators: string[];
  /** The 4-digit ticket the first counter serves. */
  bigTicket: Ticket;
  /** A waiting ticket of the longest service, taken in Urdu. */
  waitingUr: Ticket;
  /** An operator without a counter (for the counter picker). */
  freeOperator: string;
}

async function call<T>(baseUrl: string, method: string, path: string, body: unknown, cookie?: string, expected = [200, 201]): Promise<T> {
  const res = await fetch(baseUrl + path, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(cookie ? { cookie } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  expect(expected, `${method} ${path}: ${res.status} ${text}`).toContain(res.status);
  return (text ? JSON.parse(text) : null) as T;
}

export async function login(baseUrl: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  expect(res.status).toBe(200);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

/**
 * Creates the long-names centre through the admin API, takes 1000 tickets of one service (so codes reach
 * 4 digits), opens nine counters with an operator each and has each call a ticket: the first the 1000th.
 */
export async function seedLongHall(baseUrl: string, adminCookie: string): Promise<LongHall> {
  const admin = <T>(method: string, path: string, body?: unknown) => call<T>(baseUrl, method, path, body, adminCookie);
  await admin('POST', '/api/v1/admin/centers', { id: longCenter, name: { en: 'Asan Khidmat Markaz & Business Facilitation Centre, Islamabad (Blue Area)', ur: 'آسان خدمت مرکز و بزنس فیسلیٹیشن سینٹر، اسلام آباد (بلیو ایریا)' } });
  const groupIds: number[] = [];
  for (const name of groups) groupIds.push((await admin<{ group: { id: number } }>('POST', '/api/v1/admin/service-groups', { centerId: longCenter, name })).group.id);
  const serviceIds = new Map<string, number>();
  for (const s of services) {
    const { service } = await admin<{ service: { id: number } }>('POST', '/api/v1/admin/services', { centerId: longCenter, groupId: groupIds[s.group], prefix: s.prefix, name: { en: s.en, ur: s.ur } });
    serviceIds.set(s.prefix, service.id);
  }
  const counterIds: number[] = [];
  for (const [i, name] of longCounters.entries()) {
    // Each counter serves two or three lines, so every line has somewhere to go.
    const served = [services[i % services.length]!, services[(i + 3) % services.length]!, services[(i + 5) % services.length]!];
    const { counter } = await admin<{ counter: { id: number } }>('POST', '/api/v1/admin/counters', {
      centerId: longCenter,
      name,
      zone: i < 6 ? 'hall-a' : 'hall-b',
      services: served.map((s, k) => ({ serviceId: serviceIds.get(s.prefix)!, weight: 3 - k })),
    });
    counterIds.push(counter.id);
  }

  // 1000 identity-card tickets, a few at a time; then a few of every other line.
  const issue = (prefix: string, language: 'en' | 'ur' = 'en') =>
    call<{ ticket: Ticket }>(baseUrl, 'POST', `/api/v1/centers/${longCenter}/tickets`, { serviceId: serviceIds.get(prefix), language }).then((r) => r.ticket);
  let bigTicket: Ticket | null = null;
  for (let done = 0; done < 1000; done += 25) {
    const batch = await Promise.all(Array.from({ length: 25 }, () => issue('NIC')));
    bigTicket = batch.find((t) => t.number === 1000) ?? bigTicket;
  }
  for (const s of services) if (s.prefix !== 'NIC') for (let i = 0; i < 4; i++) await issue(s.prefix, i % 2 ? 'ur' : 'en');
  const waitingUr = await issue('BFI', 'ur');

  const operators: string[] = [];
  for (let i = 0; i < 10; i++) {
    const username = `long-op${i + 1}`;
    await admin('POST', '/api/v1/admin/users', { username, password: `${username}-password`, name: i === 0 ? 'Muhammad Abdul Rehman Chaudhry' : `Operator ${i + 1}`, role: 'operator' });
    operators.push(username);
  }
  for (let i = 0; i < 9; i++) {
    const cookie = await login(baseUrl, operators[i]!, `${operators[i]}-password`);
    await call(baseUrl, 'POST', `/api/v1/counters/${counterIds[i]}/open`, undefined, cookie);
    if (i === 0) await call(baseUrl, 'POST', `/api/v1/counters/${counterIds[i]}/call`, { ticketId: bigTicket!.id }, cookie);
    else await call(baseUrl, 'POST', `/api/v1/counters/${counterIds[i]}/call-next`, undefined, cookie, [200, 204]);
  }
  await call(baseUrl, 'POST', `/api/v1/counters/${counterIds[0]}/start`, undefined, await login(baseUrl, operators[0]!, `${operators[0]}-password`));
  return { operators, bigTicket: bigTicket!, waitingUr, freeOperator: operators[9]! };
}
