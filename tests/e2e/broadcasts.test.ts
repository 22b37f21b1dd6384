import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ServicesResponse, Ticket } from '@navbat/shared';
import { axeViolations, describeViolations, hasChromium, openConsole, screenshot } from './support/browser';
import { hallApi, useE2EHall, type E2EHall } from './support/hall';
import { checkLayout, describeProblems } from './support/layout-check';

// The control room's message to everyone waiting, on a phone page; and a help desk's ticket printed on a kiosk.

const center = 'isb-g9';

async function expectNoAxeViolations(page: Page, what: string) {
  const violations = await axeViolations(page);
  expect(violations, `${what}:\n${describeViolations(violations)}`).toEqual([]);
}

async function cookieOf(hall: E2EHall, username: string): Promise<string> {
  const login = await fetch(`${hall.server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: `${username}-demo` }) });
  expect(login.status).toBe(200);
  return login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

describe.skipIf(!hasChromium)('a broadcast on the phone page', () => {
  const hall = useE2EHall({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });

  it('shows the supervisor’s message above the ticket in English and Urdu, live, and hides it when dismissed', async () => {
    const services = (await hallApi<ServicesResponse>(hall, `/api/v1/centers/${center}/services`)).body.services;
    const { body } = await hallApi<{ ticket: Ticket }>(hall, `/api/v1/centers/${center}/tickets`, { method: 'POST', body: { serviceId: services[0]!.id } });
    const page = await hall.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${hall.server.url}/t/${body.ticket.publicId}`);
    await page.locator('[data-state="live"]').waitFor({ timeout: 10_000 });

    // Sent after the page is open: it arrives over the phone's socket.
    const supervisor = await cookieOf(hall, 'supervisor');
    const message = 'The National ID card counter is delayed by about 20 minutes because the printer is being repaired. Thank you for waiting.';
    const sent = await hallApi<{ broadcast: { id: number } }>(hall, `/api/v1/centers/${center}/broadcasts`, { method: 'POST', body: { message }, cookie: supervisor });
    expect(sent.status).toBe(201);
    const banner = page.getByRole('status').filter({ hasText: 'Message from the centre' });
    await banner.waitFor({ timeout: 10_000 });
    expect(await banner.textContent()).toContain(message);
    await expectNoAxeViolations(page, 'phone broadcast (en)');
    expect(describeProblems(await checkLayout(page))).toBe('');
    await screenshot(page, 'phone-broadcast-en', { fullPage: true });

    await page.getByRole('button', { name: 'اردو' }).click();
    const urdu = page.getByRole('status').filter({ hasText: 'مرکز کی طرف سے پیغام' });
    await urdu.waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await expectNoAxeViolations(page, 'phone broadcast (ur)');
    expect(describeProblems(await checkLayout(page))).toBe('');
    await screenshot(page, 'phone-broadcast-ur', { fullPage: true });

    // Hidden by the citizen (keyboard): gone, and stays gone after a reload.
    await page.getByRole('button', { name: 'یہ پیغام چھپائیں' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.phone-broadcast').count()).toBe(0);
    await page.reload();
    await page.locator('[data-state="live"]').waitFor({ timeout: 10_000 });
    await page.waitForTimeout(500);
    expect(await page.locator('.phone-broadcast').count()).toBe(0);

    // A new message shows again; clearing it removes it from the page live.
    const next = await hallApi<{ broadcast: { id: number } }>(hall, `/api/v1/centers/${center}/broadcasts`, { method: 'POST', body: { message: 'Counters reopen at 14:00.' }, cookie: supervisor });
    await page.locator('.phone-broadcast', { hasText: 'Counters reopen at 14:00.' }).waitFor({ timeout: 10_000 });
    await hallApi(hall, `/api/v1/centers/${center}/broadcasts/${next.body.broadcast.id}`, { method: 'DELETE', cookie: supervisor });
    await expect.poll(() => page.locator('.phone-broadcast').count(), { timeout: 10_000 }).toBe(0);
    expect(errors).toEqual([]);
  }, 120_000);
});

describe.skipIf(!hasChromium)('a help desk ticket printed on a kiosk', () => {
  const hall = useE2EHall({ viewport: { width: 1366, height: 900 } });

  it('the console lists the open kiosk, prints there, and says so; the kiosk prints the slip in the background', async () => {
    // Another machine: its own storage, so its own device id.
    const kioskContext = await hall.browser.newContext({ viewport: { width: 1080, height: 1920 } });
    const kiosk = await kioskContext.newPage();
    await kiosk.goto(`${hall.server.url}/kiosk?center=${center}&label=${encodeURIComponent('Kiosk 2 by the entrance')}`);
    await kiosk.waitForSelector('[data-step="start"][data-ready="true"]');
    // The slip is printed from its own frame: count the frames' prints.
    await kiosk.evaluate(() => {
      const w = window as unknown as { __slipPrints: string[] };
      w.__slipPrints = [];
      new MutationObserver(() => {
        for (const frame of Array.from(document.querySelectorAll<HTMLIFrameElement>('iframe[data-staff-slip]'))) {
          if (frame.dataset.watched || !frame.contentWindow) continue;
          frame.dataset.watched = '1';
          frame.contentWindow.print = () => void w.__slipPrints.push(frame.contentDocument?.querySelector('.code')?.textContent ?? '');
        }
      }).observe(document.body, { childList: true });
    });

    const page = await hall.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    kiosk.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(() => {
      window.print = () => {};
    });
    await openConsole(page, hall.server.url, center, 'operator1', 1);

    const panel = page.getByRole('region', { name: 'Ticket for a citizen' });
    const printOn = panel.getByLabel('Print on');
    // Opening the list reads the kiosks again.
    await expect
      .poll(async () => (await printOn.focus(), await page.waitForTimeout(300), (await printOn.locator('option').allTextContents()).join('|')), { timeout: 20_000 })
      .toContain('Kiosk 2 by the entrance');
    await printOn.selectOption({ label: 'Kiosk 2 by the entrance' });
    await panel.getByRole('button', { name: 'Issue ticket' }).click();
    await panel.getByTestId('help-printed-at').waitFor({ timeout: 15_000 });
    expect((await panel.getByTestId('help-printed-at').textContent())?.replace(/[\u2068\u2069]/g, '')).toBe('Ticket A001 printed at Kiosk 2 by the entrance. Send the citizen there to take it.');
    await expectNoAxeViolations(page, 'help desk printed at a kiosk (en)');
    expect(describeProblems(await checkLayout(page))).toBe('');
    await screenshot(page, 'console-print-on-kiosk-en', { fullPage: true });

    // The kiosk printed it without leaving its start screen, and tells the citizen.
    await expect.poll(() => kiosk.evaluate(() => (window as unknown as { __slipPrints: string[] }).__slipPrints)).toEqual(['A001']);
    expect(await kiosk.getByTestId('staff-slip').textContent()).toContain('A001');
    expect(await kiosk.locator('[data-step="start"]').count()).toBe(1);
    await expectNoAxeViolations(kiosk, 'kiosk with a help desk slip');
    await screenshot(kiosk, 'kiosk-staff-slip');

    await page.getByRole('button', { name: /Switch to Urdu/ }).click();
    await page.getByRole('region', { name: 'شہری کے لیے ٹکٹ' }).waitFor();
    await expectNoAxeViolations(page, 'help desk printed at a kiosk (ur)');
    expect(describeProblems(await checkLayout(page))).toBe('');
    await screenshot(page, 'console-print-on-kiosk-ur', { fullPage: true });
    await kioskContext.close();
    expect(errors).toEqual([]);
  }, 120_000);
});
