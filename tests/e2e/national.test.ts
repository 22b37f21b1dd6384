import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, describeViolations, hasChromium, screenshot } from './support/browser';
import { hallApi, useE2EHall } from './support/hall';
import { checkLayout, describeProblems } from './support/layout-check';

// The national view: an administrator of several centres sees them side by side and the weekly report.

const cities: [string, string, string][] = [
  ['khi-saddar', 'Asan Khidmat Markaz Karachi — Saddar, Abdullah Haroon Road (Sindh Secretariat annexe)', 'آسان خدمت مرکز کراچی — صدر، عبداللہ ہارون روڈ (سندھ سیکریٹیریٹ ملحقہ)'],
  ['lhr-gulberg', 'Lahore Gulberg III', 'لاہور گلبرگ سوم'],
  ['pew-hayatabad', 'Peshawar Hayatabad Phase 5', 'پشاور حیات آباد فیز پانچ'],
  ['qta-1', 'Quetta', 'کوئٹہ'],
  ['gil-1', 'Gilgit-Baltistan Regional Facilitation Centre, Jutial', 'گلگت بلتستان علاقائی سہولت مرکز، جوٹیال'],
  ['mux-1', 'Multan Cantt', 'ملتان کینٹ'],
];

async function expectNoAxeViolations(page: Page, what: string) {
  const violations = await axeViolations(page);
  expect(violations, `${what}:\n${describeViolations(violations)}`).toEqual([]);
}

describe.skipIf(!hasChromium)('the national view', () => {
  const hall = useE2EHall({ viewport: { width: 1366, height: 900 } });

  it('shows every centre with its line against target, refreshes by itself, in English and Urdu', async () => {
    const login = await fetch(`${hall.server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'admin-password-1' }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    for (const [id, en, ur] of cities) {
      expect((await hallApi(hall, '/api/v1/admin/centers', { method: 'POST', cookie, body: { id, name: { en, ur }, timezone: 'Asia/Karachi' } })).status).toBe(201);
    }
    for (let i = 0; i < 3; i++) expect((await hallApi(hall, '/api/v1/centers/isb-g9/tickets', { method: 'POST', body: { serviceId: 1 } })).status).toBe(201);

    const page = await hall.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${hall.server.url}/counter/supervisor?center=isb-g9`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('admin-password-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Administration', exact: true }).click();
    await page.locator('.sup-subtabs button[data-section=centres]').click();

    const table = page.getByTestId('nat-centres');
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(cities.length + 1);
    const demo = table.locator('tr[data-center-id="isb-g9"]');
    await expect.poll(() => demo.getByTestId('nat-waiting').textContent()).toBe('3');
    await expect(page.getByTestId('nat-summary').textContent()).resolves.toContain('7 centres · 3 waiting');
    await page.getByTestId('nat-weekly').waitFor();
    expect(await page.getByTestId('nat-weekly').locator('tbody tr').count()).toBe(cities.length + 1);

    // Another citizen takes a ticket: the view shows it within one refresh, without a reload.
    expect((await hallApi(hall, '/api/v1/centers/isb-g9/tickets', { method: 'POST', body: { serviceId: 1 } })).status).toBe(201);
    await expect.poll(() => demo.getByTestId('nat-waiting').textContent(), { timeout: 15_000, interval: 250 }).toBe('4');

    expect(describeProblems(await checkLayout(page))).toBe('');
    await expectNoAxeViolations(page, 'national view (en)');
    await screenshot(page, 'national-view-en', { fullPage: true });

    await page.getByRole('button', { name: 'Switch to Urdu' }).click();
    await page.getByRole('heading', { name: 'تمام مراکز', level: 2 }).waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await expect(table.locator('tr[data-center-id="gil-1"] th').textContent()).resolves.toContain('گلگت بلتستان');
    expect(describeProblems(await checkLayout(page))).toBe('');
    await expectNoAxeViolations(page, 'national view (ur)');
    await screenshot(page, 'national-view-ur', { fullPage: true });

    // A narrow tablet: still whole.
    await page.setViewportSize({ width: 800, height: 1000 });
    expect(describeProblems(await checkLayout(page))).toBe('');
    await screenshot(page, 'national-view-ur-800', { fullPage: true });
    expect(errors).toEqual([]);
  }, 120_000);

  it('is not offered to a supervisor', async () => {
    // A device of its own (the first test left this one signed in as the admin, in Urdu).
    const context = await hall.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${hall.server.url}/counter/supervisor?center=isb-g9`);
    await page.getByLabel('Username').fill('supervisor');
    await page.getByLabel('Password').fill('supervisor-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Statistics', exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'All centres', exact: true }).count()).toBe(0);
    await context.close();
  });
});
