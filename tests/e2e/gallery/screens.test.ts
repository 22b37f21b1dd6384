import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { adminPassword } from '../../support/test-app';
import { axeViolations, describeViolations, hasChromium, screenshot } from '../support/browser';
import { useE2EHall } from '../support/hall';
import { checkLayout, describeProblems } from '../support/layout-check';
import { expectTextFits, Gallery } from './gallery';
import { login, longCenter, longCounters, seedLongHall, type LongHall } from './hall-content';

type Language = 'en' | 'ur';
const languages: Language[] = ['en', 'ur'];
const staffSizes = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];

/**
 * Every screen with the hall's real content (long English and Urdu names, named counters, 4-digit codes)
 * at the sizes of its devices, in both languages: screenshots for docs/screens.md, and a check that the
 * text fits its box or is shortened on purpose.
 */
describe.skipIf(!hasChromium)('screens with long names, at their real sizes', () => {
  const hall = useE2EHall();
  const gallery = new Gallery(() => hall.browser);
  let content: LongHall;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    content = await seedLongHall(hall.server.url, await login(hall.server.url, 'admin', adminPassword));
  }, 120_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    gallery.writeMarkdown();
    expect(pageErrors).toEqual([]);
  });

  /** A fresh device signed in as `username` (or not), at `viewport`. */
  async function device(viewport: { width: number; height: number }, username?: string, password?: string): Promise<Page> {
    const context = await hall.browser.newContext({ viewport });
    contexts.push(context);
    if (username) {
      const cookie = await login(hall.server.url, username, password!);
      const [name, value] = cookie.split(';')[0]!.split('=');
      await context.addCookies([{ name: name!, value: value!, url: hall.server.url }]);
    }
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
    return page;
  }
  const settle = (page: Page) => page.evaluate(() => document.fonts.ready.then(() => undefined));
  async function staffLanguage(page: Page, language: Language) {
    await page.evaluate((l) => localStorage.setItem('navbat.staff.language', l), language);
    await page.reload();
  }
  async function check(page: Page, where: string) {
    await settle(page);
    await expectTextFits(page, where);
    const problems = await checkLayout(page);
    expect(problems, `${where}:\n${describeProblems(problems)}`).toEqual([]);
    const violations = await axeViolations(page);
    expect(violations, `${where}:\n${describeViolations(violations)}`).toEqual([]);
  }

  it('kiosk (1080×1920): start, priority, an agency with long services, a 4-digit ticket', async () => {
    for (const language of languages) {
      const page = await device({ width: 1080, height: 1920 });
      await page.goto(`${hall.server.url}/kiosk?center=${longCenter}&lang=${language}&print=off&ticketSeconds=300`);
      await page.waitForSelector('[data-step="start"][data-ready="true"]');
      await check(page, `kiosk start (${language})`);
      // Six long agency names still fit without scrolling, or the page says there is more below.
      const lastBottom = await page.locator('button[data-group-id]').last().evaluate((el) => el.getBoundingClientRect().bottom);
      if (lastBottom > 1920) expect(await page.getByTestId('scroll-cue').isVisible()).toBe(true);
      await gallery.take(page, { name: `kiosk-start-${language}`, screen: 'Kiosk', language, caption: 'Start: priority line, agencies, language switch' });

      await page.locator('button[data-priority="senior"]').click();
      await page.locator('button[data-group-id]').first().click();
      await page.waitForSelector('[data-step="services"]');
      await check(page, `kiosk services (${language})`);
      await gallery.take(page, { name: `kiosk-services-${language}`, screen: 'Kiosk', language, caption: 'Services of an agency, priority chosen' });
      await page.getByRole('button', { name: language === 'en' ? 'Not priority' : 'ترجیح نہیں' }).click();

      // A 4-digit code: the identity-card line is past 1000 today.
      await page.getByRole('button', { name: language === 'en' ? 'Back' : 'واپس' }).click();
      await page.locator('button[data-group-id]').nth(1).click();
      await page.locator('button[data-prefix="NIC"]').click();
      await page.getByTestId('ticket-code').waitFor();
      expect(await page.getByTestId('ticket-code').textContent()).toMatch(/^NIC1\d{3}$/);
      await check(page, `kiosk ticket (${language})`);
      await gallery.take(page, { name: `kiosk-ticket-${language}`, screen: 'Kiosk', language, caption: 'The ticket, with "wrong service? cancel"' });
    }
  });

  it('phone page (390×844): waiting in a long line, called to a long-named counter', async () => {
    for (const language of languages) {
      const page = await device({ width: 390, height: 844 });
      await page.goto(`${hall.server.url}/t/${content.waitingUr.publicId}`);
      await page.evaluate((l) => localStorage.setItem('navbat.phone.language', l), language);
      await page.reload();
      await page.locator('.connection[data-state="live"]').waitFor({ timeout: 30_000 });
      await check(page, `phone waiting (${language})`);
      await gallery.take(page, { name: `phone-waiting-${language}`, screen: 'Phone page', language, caption: 'Waiting' });

      await page.goto(`${hall.server.url}/t/${content.bigTicket.publicId}`);
      await page.locator('.connection[data-state="live"]').waitFor({ timeout: 30_000 });
      await check(page, `phone served (${language})`);
      await gallery.take(page, { name: `phone-served-${language}`, screen: 'Phone page', language, caption: 'Being served at a named counter' });
    }
  });

  it.each(staffSizes)('counter console ($width×$height): the picker, a 4-digit ticket being served, the transfer dialog', async (size) => {
    for (const language of languages) {
      const tag = `${size.width}-${language}`;
      const picker = await device(size, content.freeOperator, `${content.freeOperator}-password`);
      await picker.goto(`${hall.server.url}/counter?center=${longCenter}`);
      await staffLanguage(picker, language);
      await picker.locator('.picker-item').first().waitFor();
      await check(picker, `console picker ${tag}`);
      await gallery.take(picker, { name: `console-picker-${tag}`, screen: 'Counter console', language, caption: 'Choosing a counter (what each serves)' });

      const op = content.operators[0]!;
      const page = await device(size, op, `${op}-password`);
      await page.goto(`${hall.server.url}/counter?center=${longCenter}`);
      await staffLanguage(page, language);
      await page.getByText(content.bigTicket.code).first().waitFor();
      await page.locator('[data-testid="connection"].conn-online').waitFor();
      await check(page, `console serving ${tag}`);
      await gallery.take(page, { name: `console-serving-${tag}`, screen: 'Counter console', language, caption: 'Serving a 4-digit ticket' });

      await page.keyboard.press('KeyT');
      const dialog = page.locator('dialog[open]');
      await dialog.waitFor();
      // The dialog stays inside the window, whatever the service names.
      const box = (await dialog.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(size.width);
      expect(await dialog.evaluate((d) => d.scrollWidth <= d.clientWidth + 1)).toBe(true);
      await check(page, `console transfer ${tag}`);
      await gallery.take(page, { name: `console-transfer-${tag}`, screen: 'Counter console', language, caption: 'Transfer dialog' });
      await page.keyboard.press('Escape');
    }
  });

  it('supervisor (1366×768, 1440, 1920×1080): live hall, a ticket timeline, counters and change log; the bar on one line', async () => {
    for (const size of [...staffSizes, { width: 1440, height: 900 }])
      for (const language of languages) {
        const tag = `${size.width}-${language}`;
        const page = await device(size, 'admin', adminPassword);
        await page.goto(`${hall.server.url}/counter/supervisor?center=${longCenter}`);
        await staffLanguage(page, language);
        await page.locator('[data-testid="live-counters"] [data-counter-id]').first().waitFor();
        await page.locator('.sup-live-head .conn-online').waitFor();
        // The top bar is one line (no wrapping at 1366 or 1440 px): one row of items, no taller than a button row.
        await settle(page);
        await screenshot(page, `gallery/supervisor-bar-${tag}`);
        const bar = await page.locator('.sup-topbar').boundingBox();
        const tops = await page.locator('.sup-topbar > *:not(.spacer)').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
        expect(bar!.height, `supervisor bar ${tag} wraps (item tops ${tops.join(',')})`).toBeLessThan(90);
        if (size.width === 1440) continue;
        await check(page, `supervisor live ${tag}`);
        await gallery.take(page, { name: `supervisor-live-${tag}`, screen: 'Supervisor', language, caption: 'Live hall' });

        await page.locator('[data-testid="live-counters"] td.code button').first().click();
        const timeline = page.getByTestId('ticket-timeline');
        await timeline.locator('ol li').first().waitFor();
        expect(await timeline.textContent()).not.toMatch(/serviceId|channel:/);
        await timeline.scrollIntoViewIfNeeded();
        await check(page, `supervisor timeline ${tag}`);
        await gallery.take(page, { name: `supervisor-timeline-${tag}`, screen: 'Supervisor', language, caption: 'Ticket timeline' });

        await page.locator('.sup-tabs button').last().click();
        await page.locator('.sup-subtabs button[data-section=counters]').click();
        await page.getByTestId('admin-counters').waitFor();
        await check(page, `supervisor admin counters ${tag}`);
        await gallery.take(page, { name: `supervisor-counters-${tag}`, screen: 'Supervisor', language, caption: 'Administration: counters' });
        await page.locator('.sup-subtabs button[data-section=audit]').click();
        await page.locator('table tbody tr').first().waitFor();
        await check(page, `supervisor change log ${tag}`);
        await gallery.take(page, { name: `supervisor-audit-${tag}`, screen: 'Supervisor', language, caption: 'Change log (staff accounts included)' });
      }
  });

  it('hall display (1366×768, 1920×1080, 1080×1920, 3840×2160) with nine counters serving', async () => {
    for (const size of [...staffSizes, { width: 1080, height: 1920 }, { width: 3840, height: 2160 }]) {
      const page = await device(size);
      await page.goto(`${hall.server.url}/display?center=${longCenter}&sound=off`);
      // The board draws once its snapshot is in: wait for any serving counter's name.
      await page.waitForFunction((names) => names.some((n) => document.body.innerText.includes(n)), longCounters.slice(0, 9), { timeout: 20_000 });
      await settle(page);
      // The board is bilingual by itself: one shot per size.
      await gallery.take(page, { name: `display-${size.width}x${size.height}`, screen: 'Hall display', language: 'en', caption: 'Now serving, recent calls, waiting (both languages on one board)' });
    }
  });
});
