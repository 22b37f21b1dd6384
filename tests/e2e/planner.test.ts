import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { axeViolations, describeViolations, hasChromium, launchBrowser, outputDir, screenshot } from './support/browser';
import { startE2EServer, type E2EServer } from './support/server';
import { adminPassword } from '../support/test-app';
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

async function axeClean(page: Page, what: string) {
  const violations = await axeViolations(page);
  expect(violations, `${what}:\n${describeViolations(violations)}`).toEqual([]);
}

/** Switches the supervisor app to `language` unless it is already shown in it. */
async function setLanguage(page: Page, language: 'en' | 'ur') {
  const dir = language === 'ur' ? 'rtl' : 'ltr';
  await page.getByRole('button', { name: /Switch to Urdu|انگریزی میں دیکھیں/ }).waitFor();
  if ((await page.evaluate(() => document.documentElement.dir)) !== dir) await page.getByRole('button', { name: /Switch to Urdu|انگریزی میں دیکھیں/ }).click();
  await poll(() => page.evaluate(() => document.documentElement.dir)).toBe(dir);
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

  it('shows booking seats per hour against the counters planned, replays a recorded day with other counters, and counts bookings per service, in English and Urdu', async () => {
    const app = server.app;
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: adminPassword } });
    const cookie = `navbat_session=${login.cookies.find((c) => c.name === 'navbat_session')!.value}`;
    // Service 1 takes two bookings every 30 minutes; two are booked tomorrow at 11:00 and one is cancelled.
    expect((await app.inject({ method: 'PATCH', url: '/api/v1/admin/services/1', headers: { cookie }, payload: { booking: { slotMinutes: 30, capacity: 2 } } })).statusCode).toBe(200);
    const today = localTime(new Date(), 'Asia/Karachi').date;
    const tomorrow = addDays(today, 1);
    const eleven = new Date(startOfLocalDay(tomorrow, 'Asia/Karachi').getTime() + 11 * 3600_000).toISOString();
    const booked = [];
    for (let i = 0; i < 2; i++) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/appointments', payload: { serviceId: 1, start: eleven } });
      expect(res.statusCode, res.body).toBe(201);
      booked.push(res.json().appointment as { publicId: string });
    }
    expect((await app.inject({ method: 'POST', url: `/api/v1/appointments/${booked[1]!.publicId}/cancel` })).statusCode).toBe(200);

    await page.goto(`${server.url}/counter/supervisor?center=isb-g9`);
    await setLanguage(page, 'en');
    await page.getByRole('button', { name: 'Plan', exact: true }).click();

    // Seats per hour of today (the weekday of the history): hours the hall staffs have room; others have none planned.
    const seats = page.getByTestId('seats-card');
    await seats.getByRole('button', { name: 'Show seats' }).click();
    await seats.getByTestId('seats-table').waitFor();
    expect(await seats.locator('tbody tr').count()).toBe(24);
    const ten = seats.locator('tr[data-hour="10"]');
    expect(await ten.getAttribute('data-warning')).toBe('none');
    expect(await ten.locator('td').first().textContent()).toBe('4');
    expect(await seats.locator('tr[data-hour="03"]').getAttribute('data-warning')).toBe('no-counters');
    expect(await seats.locator('tr[data-hour="03"]').textContent()).toContain('no counters planned');
    expect(await seats.getByTestId('seats-summary').textContent()).toMatch(/^\d+ of 24 hours leave too little room for walk-ins\.$/);
    await seats.screenshot({ path: `${outputDir}/screenshots/supervisor-plan-seats-en.png` });
    // Tomorrow at 11:00 shows the seat still booked (the cancelled one gave its seat back).
    await seats.getByLabel('Day').fill(tomorrow);
    await seats.getByRole('button', { name: 'Show seats' }).click();
    await poll(() => seats.locator('caption').textContent()).toContain(tomorrow);
    expect(await seats.locator('tr[data-hour="11"] td').nth(1).textContent()).toBe('1');

    // The digital twin: last week's day with its own staffing, then without counter 3.
    const replay = page.getByTestId('replay-card');
    await replay.getByLabel('Recorded day').fill(addDays(today, -7));
    await replay.getByRole('button', { name: 'Load the day' }).click();
    await replay.getByTestId('replay-figures').waitFor();
    expect(await replay.locator('[data-counter]').count()).toBe(3);
    expect(await replay.getByTestId('replay-per-hour').textContent()).toContain('10:00 · 3');
    const cell = (measure: string, col: string) => replay.locator(`tr[data-measure="${measure}"] td[data-col="${col}"]`).textContent();
    expect(await cell('replay.called', 'recorded')).toBe(await cell('replay.called', 'replay'));
    const ownWait = await cell('replay.avgWait', 'replay');
    await axeClean(page, 'plan: seats and replay (en)');
    await screenshot(page, 'supervisor-plan-replay-en', { fullPage: true });
    // Evenly spaced arrivals never queue at two counters; at one counter alone they do.
    await replay.getByRole('button', { name: 'Remove Counter 3 from the replay' }).click();
    await replay.getByRole('button', { name: 'Remove Counter 2 from the replay' }).click();
    expect(await replay.getByTestId('replay-per-hour').textContent()).toContain('10:00 · 1');
    // Counter 1 stays until late, so it can call everyone.
    await replay.locator('input[name="to-1"]').fill('23:30');
    expect(await replay.getByTestId('replay-per-hour').textContent()).toContain('20:00 · 1');
    await replay.getByRole('button', { name: 'Replay with these counters' }).click();
    await poll(() => cell('replay.avgWait', 'replay')).not.toBe(ownWait);
    expect(await cell('replay.unserved', 'replay')).toBe('0');

    // Urdu: the same cards, right to left, axe clean.
    await setLanguage(page, 'ur');
    await poll(() => replay.getByRole('button', { name: 'ان کاؤنٹروں سے دوبارہ چلائیں' }).count()).toBe(1);
    await axeClean(page, 'plan: seats and replay (ur)');
    await screenshot(page, 'supervisor-plan-replay-ur', { fullPage: true });

    // Statistics: bookings per service for tomorrow.
    await page.getByRole('button', { name: 'اعداد و شمار', exact: true }).click();
    await page.locator('input[name="from"]').fill(tomorrow);
    await page.locator('input[name="to"]').fill(tomorrow);
    await page.locator('form[aria-labelledby="range-title"] button[type="submit"]').click();
    const card = page.getByTestId('booking-stats-card');
    await card.getByTestId('booking-stats').waitFor();
    expect(await card.locator('td[data-total="total"]').textContent()).toBe('2');
    expect(await card.locator('td[data-total="booked"]').textContent()).toBe('1');
    expect(await card.locator('td[data-total="cancelled"]').textContent()).toBe('1');
    await axeClean(page, 'statistics with bookings (ur)');
    await screenshot(page, 'supervisor-stats-bookings-ur', { fullPage: true });
    await setLanguage(page, 'en');
    await card.getByText('Bookings per service').waitFor();
    await screenshot(page, 'supervisor-stats-bookings-en', { fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
