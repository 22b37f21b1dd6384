import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, describeViolations, hasChromium, launchBrowser, screenshot } from './support/browser';
import { startE2EServer, type E2EServer } from './support/server';
import { adminPassword } from '../support/test-app';

// Administration → Holidays & issuing (issue 20): stop issuing for the centre and for one service, the
// kiosk's list shows it, and the holiday calendar; English and Urdu, axe clean.

const poll = <T,>(fn: () => Promise<T> | T, timeout = 10_000) => expect.poll(fn, { timeout, interval: 100 });

async function expectNoAxeViolations(page: Page, what: string) {
  const violations = await axeViolations(page);
  expect(violations, `${what}:\n${describeViolations(violations)}`).toEqual([]);
}

/** What the kiosk's service list says, per prefix. */
const kioskServices = (page: Page) =>
  page.evaluate(async () => {
    const body = (await (await fetch('/api/v1/centers/isb-g9/services')).json()) as { services: { prefix: string; open: boolean; closure: { code: string; reason: string | null } | null }[] };
    return Object.fromEntries(body.services.map((s) => [s.prefix, { open: s.open, closure: s.closure?.code ?? null, reason: s.closure?.reason ?? null }]));
  });

describe.skipIf(!hasChromium)('Administration → Holidays & issuing', () => {
  let server: E2EServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startE2EServer();
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('stops and resumes issuing, keeps a holiday calendar, in English and Urdu', async () => {
    await page.goto(`${server.url}/counter/supervisor?center=isb-g9`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Administration', exact: true }).click();
    await page.getByRole('button', { name: 'Holidays & issuing', exact: true }).click();
    await page.getByText('No holidays ahead.').waitFor();

    // The whole centre: stopped with a reason, every service shows closed on the kiosk, then resumed.
    await page.getByLabel('Reason (optional)').fill('The hall is full for today');
    await page.getByRole('button', { name: 'Stop issuing: Whole centre' }).click();
    await page.getByRole('button', { name: 'Resume issuing: Whole centre' }).waitFor();
    const stopped = await kioskServices(page);
    expect(Object.values(stopped).every((s) => !s.open && s.closure === 'ISSUING_STOPPED' && s.reason === 'The hall is full for today')).toBe(true);
    await page.getByRole('button', { name: 'Resume issuing: Whole centre' }).click();
    await page.getByRole('button', { name: 'Stop issuing: Whole centre' }).waitFor();

    // One service, until late tonight: only it is closed.
    await page.getByLabel('Reason (optional)').fill('');
    await page.getByLabel('Resume by itself at (optional)').fill('23:59');
    const rowA = page.locator('tr[data-service="1"]');
    await rowA.getByRole('button', { name: /^Stop issuing: A · / }).click();
    await rowA.getByText('Stopped until 23:59').waitFor();
    await poll(async () => (await kioskServices(page)).A).toEqual({ open: false, closure: 'ISSUING_STOPPED', reason: null });
    expect((await kioskServices(page)).B?.closure).toBeNull();

    // A holiday tomorrow (in the centre's zone), with an English and Urdu reason; the same day again is refused.
    const tomorrow = await page.evaluate(() => new Date(Date.now() + 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Asia/Karachi' }));
    await page.getByLabel('Date').fill(tomorrow);
    await page.locator('input[name="holidayReason"]').fill('Eid ul-Fitr · عید الفطر');
    await page.getByRole('button', { name: 'Add holiday' }).click();
    const holiday = page.locator(`li[data-date="${tomorrow}"]`);
    await holiday.getByText('Eid ul-Fitr · عید الفطر').waitFor();
    expect(await page.evaluate(async (d) => (await (await fetch(`/api/v1/centers/isb-g9/services/1/slots?date=${d}`)).json()) as unknown, tomorrow)).toEqual({ date: tomorrow, slots: [] });
    await page.getByLabel('Date').fill(tomorrow);
    await page.locator('input[name="holidayReason"]').fill('again');
    await page.getByRole('button', { name: 'Add holiday' }).click();
    await page.getByRole('alert').filter({ hasText: 'That day is already a holiday.' }).waitFor();
    await expectNoAxeViolations(page, 'holidays & issuing (en)');
    await screenshot(page, 'closures-admin-en', { fullPage: true });

    // Urdu: right to left, the same state, axe clean; a holiday is removed from here.
    await page.getByRole('button', { name: 'Switch to Urdu' }).click();
    await page.getByRole('heading', { name: 'تعطیلات', exact: true }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await rowA.getByText('23:59 تک رُکا ہوا').waitFor();
    await expectNoAxeViolations(page, 'holidays & issuing (ur)');
    await screenshot(page, 'closures-admin-ur', { fullPage: true });
    await holiday.getByRole('button', { name: /^تعطیل .* ہٹائیں$/ }).click();
    await page.getByText('آگے کوئی تعطیل نہیں۔').waitFor();
    await rowA.getByRole('button', { name: /^ٹوکن دوبارہ شروع کریں: A · / }).click();
    await poll(async () => (await kioskServices(page)).A?.closure).toBeNull();
    expect(pageErrors).toEqual([]);
  });
});
