import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Appointment, Ticket } from '@navbat/shared';
import { axeViolations, describeViolations, hasChromium, screenshot } from './support/browser';
import { checkLayout, describeProblems } from './support/layout-check';
import { useE2EHall, hallApi } from './support/hall';
import { adminPassword } from '../support/test-app';

const center = 'isb-g9';
const longName = {
  en: 'Computerised National Identity Card — new, renewal, modification and duplicate (all categories)',
  ur: 'کمپیوٹرائزڈ قومی شناختی کارڈ — نیا، تجدید، ترمیم اور نقل (تمام اقسام)',
};

describe.skipIf(!hasChromium)('booking page /book?center=ID', () => {
  // A phone: 390 × 844.
  const hall = useE2EHall({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, acceptDownloads: true });

  const api = <T>(path: string, init: Parameters<typeof hallApi>[2] = {}) => hallApi<T>(hall, path, init);
  async function adminCookie(): Promise<string> {
    const login = await fetch(`${hall.server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: adminPassword }) });
    return login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  }
  async function expectClean(page: Page, screen: string) {
    const violations = await axeViolations(page);
    expect(violations, `${screen}:\n${describeViolations(violations)}`).toEqual([]);
    // The page scrolls vertically on a phone: text below the fold is not a problem, anything else is.
    const problems = (await checkLayout(page)).filter((p) => !(p.kind === 'offscreen' && p.side === 'bottom'));
    expect(problems, `${screen}:\n${describeProblems(problems)}`).toEqual([]);
  }

  /** Walks the whole flow in one language and answers the confirmation page with its booking. */
  async function bookThroughPage(language: 'en' | 'ur', phone: string): Promise<{ page: Page; appointment: Appointment; qrValue: string }> {
    const page = await hall.context.newPage();
    await page.goto(`${hall.server.url}/book?center=${center}`);
    await page.locator('.book-choice').first().waitFor();
    if (language === 'ur') {
      await page.locator('.lang-toggle').click();
      await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    }
    await expectClean(page, `${language} service`);
    await screenshot(page, `book-${language}-1-service`);
    await page.locator('.book-choice', { hasText: longName[language] }).click();
    await page.locator('.book-slot:not([disabled])').first().waitFor();
    await expectClean(page, `${language} slot`);
    await screenshot(page, `book-${language}-2-slot`);
    await page.locator('.book-slot:not([disabled])').first().click();
    await page.locator('#phone').fill(phone);
    await expectClean(page, `${language} phone`);
    await screenshot(page, `book-${language}-3-phone`);
    await page.locator('.book-primary').click();
    await page.locator('[data-testid="booking-code"]').waitFor();
    await page.locator('img.book-qr').waitFor();
    await expectClean(page, `${language} confirmation`);
    await screenshot(page, `book-${language}-4-confirmation`, { fullPage: true });
    const publicId = new URL(page.url()).searchParams.get('appointment')!;
    const { body } = await api<{ appointment: Appointment }>(`/api/v1/appointments/${publicId}`);
    const qrValue = (await page.locator('img.book-qr').getAttribute('data-qr-value'))!;
    expect(await page.locator('[data-testid="booking-code"]').textContent()).toBe(body.appointment.code);
    return { page, appointment: body.appointment, qrValue };
  }

  it('English and Urdu: service → day → time → phone → code, QR, calendar file, cancel; the kiosk checks it in by code and by QR', async () => {
    const cookie = await adminCookie();
    const patched = await api('/api/v1/admin/services/1', { method: 'PATCH', cookie, body: { name: longName, booking: { slotMinutes: 30, capacity: 3 } } });
    expect(patched.status).toBe(200);

    const en = await bookThroughPage('en', '0300 1234567');
    expect(en.qrValue).toBe(`${hall.server.url}/book?center=${center}&appointment=${en.appointment.publicId}`);
    expect(await en.page.content()).not.toContain('1234567');

    // "Add to calendar": an iCalendar file of the visit.
    const [download] = await Promise.all([en.page.waitForEvent('download'), en.page.locator('a.book-primary').click()]);
    const ics = fs.readFileSync((await download.path())!, 'utf8');
    expect(ics).toContain('BEGIN:VEVENT');
    expect(ics).toContain(`DTSTART:${en.appointment.start.replace(/[-:]/g, '').replace(/\.\d{3}/, '')}`);
    expect(ics).toContain(en.appointment.code);

    // The kiosk: typed code (lower case) and the scanned QR URL answer the same ticket. The first free slot
    // starts within 30 minutes, inside the check-in window.
    const typed = await api<{ ticket: Ticket; appointment: Appointment }>(`/api/v1/centers/${center}/check-in`, { method: 'POST', body: { code: en.appointment.code.toLowerCase() } });
    expect(typed.status).toBe(201);
    expect(typed.body.ticket).toMatchObject({ channel: 'appointment', appointmentAt: en.appointment.start, arrived: true });
    const scanned = await api<{ ticket: Ticket }>(`/api/v1/centers/${center}/check-in`, { method: 'POST', body: { code: en.qrValue } });
    expect([scanned.status, scanned.body.ticket.id]).toEqual([200, typed.body.ticket.id]);
    await en.page.reload();
    await en.page.locator('.book-done h2').waitFor();
    expect(await en.page.locator('.book-done h2').textContent()).toBe('Checked in');

    const ur = await bookThroughPage('ur', '0311 7654321');
    await ur.page.locator('.book-secondary').click();
    await ur.page.locator('.book-danger').click();
    await expect.poll(async () => (await api<{ appointment: Appointment }>(`/api/v1/appointments/${ur.appointment.publicId}`)).body.appointment.status).toBe('cancelled');
    await ur.page.locator('.book-done h2', { hasText: 'منسوخ' }).waitFor();
    await expectClean(ur.page, 'ur cancelled');
    await screenshot(ur.page, 'book-ur-5-cancelled');
  });

  it('opens on the first day with a free time until the citizen picks a day', async () => {
    const cookie = await adminCookie();
    expect((await api('/api/v1/admin/services/1', { method: 'PATCH', cookie, body: { name: longName, booking: { slotMinutes: 30, capacity: 3 } } })).status).toBe(200);
    const page = await hall.context.newPage();
    // The first two days asked for offer nothing to pick (today's times all begun; tomorrow full): the page moves on.
    const emptied: string[] = [];
    await page.route('**/api/v1/centers/*/services/*/slots?date=*', async (route) => {
      const date = new URL(route.request().url()).searchParams.get('date')!;
      if (emptied.length < 2 && !emptied.includes(date)) emptied.push(date);
      if (!emptied.includes(date)) return route.fallback();
      const full = { start: `${date}T05:00:00.000Z`, end: `${date}T05:30:00.000Z`, capacity: 3, free: 0 };
      return route.fulfill({ json: { date, slots: date === emptied[0] ? [] : [full] } });
    });
    await page.goto(`${hall.server.url}/book?center=${center}`);
    await page.locator('.book-choice', { hasText: longName.en }).click();
    await page.locator('.book-slot:not([disabled])').first().waitFor();
    const days = page.locator('.book-day');
    expect(await days.nth(2).getAttribute('aria-pressed')).toBe('true');
    // Picked by the citizen, an empty day stays picked and says so.
    await days.nth(0).click();
    await page.getByText('No free times on this day. Please choose another day.').waitFor();
    expect(await days.nth(0).getAttribute('aria-pressed')).toBe('true');
    await page.close();
  });
});
