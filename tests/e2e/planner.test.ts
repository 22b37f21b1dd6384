import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { axeViolations, describeViolations, hasChromium, launchBrowser, screenshot } from './support/browser';
import { startE2EServer, type E2EServer } from './support/server';
import { addDays, localTime, startOfLocalDay } from '../../server/src/domain/time';

const poll = <T,>(fn: () => Promise<T> | T, timeout = 8000) => expect.poll(fn, { timeout, interval: 100 });

/** The system clock, which the history below holds at chosen past moments. */
const clock = { at: null as number | null, now: () => new Date(clock.at ?? Date.now()) };

/**
 * Three past weeks of the same weekday as today, played through the API at their own times: arrivals
 * rising to a late-morning peak, counters 1–3 serving A and B for six minutes each.
 */
async function playHistory(app: FastifyInstance) {
  const login = async (username: string, password: string) => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
    return `navbat_session=${res.cookies.find((c) => c.name === 'navbat_session')!.value}`;
  };
  const today = localTime(new Date(), 'Asia/Karachi').date;
  const perHour = [4, 9, 14, 12, 8, 6, 3];
  for (let week = 1; week <= 3; week++) {
    const day = addDays(today, -7 * week);
    const opening = startOfLocalDay(day, 'Asia/Karachi').getTime() + 9 * 3600_000;
    clock.at = opening - 60_000;
    const cookies = [await login('operator1', 'operator1-demo'), await login('operator2', 'operator2-demo'), await login('operator3', 'operator3-demo')];
    for (let c = 0; c < 3; c++) expect((await app.inject({ method: 'POST', url: `/api/v1/counters/${c + 1}/open`, headers: { cookie: cookies[c]! } })).statusCode).toBe(200);
    const events: { at: number; kind: 0 | 1 | 2; counter: number; serviceId: number }[] = [];
    const free = [opening, opening, opening];
    let i = 0;
    perHour.forEach((n, h) => {
      for (let k = 0; k < n + week - 1; k++, i++) {
        const issued = opening + h * 3600_000 + Math.floor(((k + 0.5) * 3600_000) / (n + week - 1));
        const counter = i % 3;
        const call = Math.max(issued + 20_000, free[counter]!);
        free[counter] = call + 6 * 60_000;
        events.push({ at: issued, kind: 1, counter, serviceId: i % 4 === 0 ? 2 : 1 }, { at: call, kind: 2, counter, serviceId: 0 }, { at: free[counter]!, kind: 0, counter, serviceId: 0 });
      }
    });
    events.sort((a, b) => a.at - b.at || a.kind - b.kind);
    for (const e of events) {
      clock.at = e.at;
      const res =
        e.kind === 1
          ? await app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/tickets', payload: { serviceId: e.serviceId } })
          : await app.inject({ method: 'POST', url: `/api/v1/counters/${e.counter + 1}/${e.kind === 2 ? 'call-next' : 'complete'}`, headers: { cookie: cookies[e.counter]! } });
      expect(res.statusCode, res.body).toBeLessThan(300);
    }
    for (let c = 0; c < 3; c++) await app.inject({ method: 'POST', url: `/api/v1/counters/${c + 1}/close`, headers: { cookie: cookies[c]! } });
  }
  clock.at = null;
}

describe.skipIf(!hasChromium)('the supervisor Plan page', () => {
  let server: E2EServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startE2EServer({ clock });
    await playHistory(server.app);
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1366, height: 1400 } })).newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows counters needed per hour, follows an edited target, and answers a what-if, in English and Urdu', async () => {
    await page.goto(`${server.url}/counter/supervisor?center=isb-g9`);
    await page.getByLabel('Username').fill('supervisor');
    await page.getByLabel('Password').fill('supervisor-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Plan', exact: true }).click();

    await poll(() => page.getByTestId('plan-peak').textContent()).toMatch(/^\d+$/);
    await expect(page.getByTestId('plan-summary')).toBeDefined();
    expect(await page.getByTestId('plan-summary').textContent()).toContain('Learnt from 3 past');
    const peak = Number(await page.getByTestId('plan-peak').textContent());
    expect(peak).toBeGreaterThan(0);
    expect(await page.locator('.plan-chart canvas').count()).toBe(1);
    expect(await page.locator('.plan .sup-table tbody tr').count()).toBeGreaterThanOrEqual(7);

    // A stricter target (99% within 2 minutes) needs more counters at the peak.
    await page.getByLabel('Target: share served in time (%)').fill('99');
    await page.getByLabel('Target: within (minutes)').fill('2');
    await page.getByRole('button', { name: 'Show plan' }).click();
    await poll(async () => Number(await page.getByTestId('plan-peak').textContent())).toBeGreaterThan(peak);

    // What-if: 60 an hour, 8 minutes each; the recommendation follows the target.
    await page.getByLabel('Arrivals per hour').fill('60');
    await page.getByLabel('Mean service (minutes)').fill('8');
    await page.getByRole('button', { name: 'Calculate' }).click();
    await poll(() => page.getByTestId('whatif-recommended').textContent()).toMatch(/^\d+$/);
    const strict = Number(await page.getByTestId('whatif-recommended').textContent());
    await page.getByLabel('Target: share served in time (%)').fill('80');
    await page.getByLabel('Target: within (minutes)').fill('10');
    await page.getByRole('button', { name: 'Calculate' }).click();
    await poll(async () => Number(await page.getByTestId('whatif-recommended').textContent())).toBeLessThan(strict);
    await page.getByRole('button', { name: 'Show plan' }).click();
    await poll(async () => Number(await page.getByTestId('plan-peak').textContent())).toBe(peak);

    // Scheduling fewer counters than needed marks the hour short.
    const firstNeeded = page.locator('.plan .sup-table tbody tr').nth(2);
    await firstNeeded.getByRole('spinbutton').fill('0');
    await poll(() => page.locator('.plan-short').count()).toBeGreaterThan(0);

    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await screenshot(page, 'supervisor-plan', { fullPage: true });

    await page.getByRole('button', { name: 'Switch to Urdu' }).click();
    await poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await poll(() => page.getByRole('heading', { name: 'عملے کا منصوبہ' }).count()).toBe(1);
    const urViolations = await axeViolations(page);
    expect(urViolations, describeViolations(urViolations)).toEqual([]);
    await screenshot(page, 'supervisor-plan-ur', { fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
