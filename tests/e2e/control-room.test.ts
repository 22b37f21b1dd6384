import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, describeViolations, hasChromium, launchBrowser, screenshot } from './support/browser';
import { startE2EServer, type E2EServer } from './support/server';

const poll = <T,>(fn: () => Promise<T> | T, timeout = 8000) => expect.poll(fn, { timeout, interval: 100 });

/** A signed-in staff client for the API (an operator's console on another device). */
async function staffApi(baseUrl: string, username: string, password: string) {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  expect(login.status).toBe(200);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(baseUrl + path, { method, headers: { cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    return { status: res.status, body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
  };
}

/** Kiosk tickets of these services, in this order. */
async function issueTickets(baseUrl: string, serviceIds: number[]) {
  for (const serviceId of serviceIds) {
    const res = await fetch(`${baseUrl}/api/v1/centers/isb-g9/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serviceId }) });
    expect(res.status).toBe(201);
  }
}

/** Opens `url` (a staff app) on `page` and signs in as a demo user (password `<username>-demo`). */
async function signIn(page: Page, url: string, username: string) {
  await page.goto(url);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(`${username}-demo`);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs the supervisor in on `page` and opens the Control room tab. */
async function openControlRoom(page: Page, baseUrl: string) {
  await signIn(page, `${baseUrl}/counter/supervisor?center=isb-g9`, 'supervisor');
  await page.getByRole('button', { name: 'Control room' }).click();
}

/** A console page for a demo operator, its page errors recorded with the others. */
async function openConsole(browser: Browser, baseUrl: string, username: string, pageErrors: string[]) {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await signIn(page, `${baseUrl}/counter/?center=isb-g9`, username);
  return { ctx, page };
}

describe.skipIf(!hasChromium)('the control room', () => {
  let server: E2EServer;
  let browser: Browser;
  let sup: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startE2EServer();
    browser = await launchBrowser();
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    sup = await ctx.newPage();
    sup.on('pageerror', (e) => pageErrors.push(e.message));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a supervisor closes a counter that serves a ticket, sends the ticket back, and moves it to another counter (EN and UR, axe clean, keyboard)', async () => {
    const op1 = await staffApi(server.url, 'operator1', 'operator1-demo');
    const op2 = await staffApi(server.url, 'operator2', 'operator2-demo');
    expect((await op1('POST', '/api/v1/counters/1/open')).status).toBe(200);
    expect((await op2('POST', '/api/v1/counters/2/open')).status).toBe(200);
    await issueTickets(server.url, [1, 1, 2, 5]);
    const served = (await op1('POST', '/api/v1/counters/1/call-next')).body.ticket as { id: number; code: string };

    await openControlRoom(sup, server.url);
    const counterRow = sup.locator('[data-testid="control-counters"] tr[data-counter-id="1"]');
    await poll(() => counterRow.textContent()).toContain(served.code);

    // Close counter 1, with a reason; its ticket goes back to the front of its line.
    await sup.getByRole('button', { name: 'Close or pause counter 1' }).click();
    const form = sup.getByRole('form', { name: 'Close or pause counter 1' });
    await form.getByLabel('Close', { exact: true }).check();
    await form.getByLabel('Reason').fill('Biometric scanner out of order');
    expect(await form.getByLabel('Back to the front of its line').isChecked()).toBe(true);
    const axeForm = await axeViolations(sup);
    expect(axeForm, describeViolations(axeForm)).toEqual([]);
    await screenshot(sup, 'control-room-close-form', { fullPage: true });
    await form.getByRole('button', { name: 'Confirm' }).click();
    await poll(() => counterRow.textContent()).toContain('Closed');
    await poll(() => sup.locator('.ctl-status').textContent()).toContain('Counter 1 is now Closed');
    const waitingRow = sup.locator(`[data-testid="control-waiting"] tr[data-ticket-id="${served.id}"]`);
    await waitingRow.waitFor();

    // Move it to counter 2 by keyboard alone.
    await sup.getByRole('button', { name: `Move ticket ${served.code}` }).focus();
    await sup.keyboard.press('Enter');
    const move = sup.getByRole('form', { name: `Move ticket ${served.code}` });
    await poll(() => sup.evaluate(() => document.activeElement?.tagName)).toBe('SELECT');
    await move.getByLabel('To counter').selectOption({ label: 'Counter 2' });
    await move.getByLabel('At the front').check();
    await move.getByRole('button', { name: 'Confirm' }).press('Enter');
    await poll(() => sup.locator('.ctl-status').textContent()).toContain(`Ticket ${served.code} moved.`);
    // Focus returns to where the supervisor was.
    await poll(() => sup.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Move ticket ${served.code}`);

    // Counter 2 calls it next, ahead of the older tickets of its line.
    expect((await op2('POST', '/api/v1/counters/2/call-next')).body.ticket.id).toBe(served.id);
    await poll(() => sup.locator(`[data-testid="control-waiting"] tr[data-ticket-id="${served.id}"]`).count()).toBe(0);

    const violations = await axeViolations(sup);
    expect(violations, describeViolations(violations)).toEqual([]);
    await screenshot(sup, 'control-room', { fullPage: true });
    await sup.getByRole('button', { name: 'Switch to Urdu' }).click();
    await poll(() => sup.evaluate(() => [document.documentElement.lang, document.documentElement.dir].join(','))).toBe('ur,rtl');
    // The form in Urdu too: counter 2 now serves the moved ticket, so it asks what happens to it.
    await sup.getByRole('button', { name: 'کاؤنٹر 2 بند کریں یا وقفہ دیں' }).click();
    await sup.getByRole('form', { name: 'کاؤنٹر 2 بند کریں یا وقفہ دیں' }).getByText(`ٹکٹ ${served.code} کا کیا ہو`).waitFor();
    const urViolations = await axeViolations(sup);
    expect(urViolations, describeViolations(urViolations)).toEqual([]);
    await screenshot(sup, 'control-room-ur', { fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('an operator holds the ticket being served aside and brings it back from the console', async () => {
    const { ctx, page: op } = await openConsole(browser, server.url, 'operator3', pageErrors);
    await op.locator('input[name="counter"][value="3"]').check();
    await op.getByRole('button', { name: 'Open counter 3' }).click();
    await op.getByRole('heading', { name: 'Counter 3' }).waitFor();
    const res = await fetch(`${server.url}/api/v1/centers/isb-g9/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serviceId: 2 }) });
    const ticket = (await res.json()).ticket as { id: number; code: string };
    // Called from the operator's other device, so the console shows it whatever else waits.
    const api3 = await staffApi(server.url, 'operator3', 'operator3-demo');
    expect((await api3('POST', '/api/v1/counters/3/call', { ticketId: ticket.id })).status).toBe(200);
    await poll(() => op.locator('.ticket-code').textContent()).toBe(ticket.code);

    await op.getByRole('button', { name: `Hold aside ${ticket.code}` }).click();
    const bringBack = op.getByRole('button', { name: `Bring back ${ticket.code}` });
    await bringBack.waitFor();
    await poll(() => op.locator('.hold-list').textContent()).toMatch(/1[45]:\d\d left/);
    const violations = await axeViolations(op);
    expect(violations, describeViolations(violations)).toEqual([]);
    await screenshot(op, 'control-console-hold', { fullPage: true });
    await bringBack.click();
    await poll(() => op.locator('.hold-list').textContent()).toContain('back: called next');
    // Back first of counter 3's calls, before the older tickets of its lines.
    await op.locator('button[data-action="callNext"]').click();
    await poll(() => op.locator('.ticket-code').textContent()).toBe(ticket.code);
    await poll(() => op.locator('.hold-list').count()).toBe(0);
    await ctx.close();
    expect(pageErrors).toEqual([]);
  });

  it("a supervisor changes a counter's services for the day and re-opens a no-show (EN and UR, axe clean, keyboard)", async () => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const op1 = await staffApi(server.url, 'operator1', 'operator1-demo');
    expect((await op1('POST', '/api/v1/counters/1/open')).status).toBe(200);
    await issueTickets(server.url, [5, 1]);
    // Operator 1's console, on another PC: its lines follow the counter's services live.
    const { ctx: consoleCtx, page: desk } = await openConsole(browser, server.url, 'operator1', pageErrors);
    const deskLines = () => desk.locator('[data-testid="lines"] tr[data-service]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-service')));
    await poll(deskLines).toEqual(['A', 'B']);
    await openControlRoom(page, server.url);
    const counterRow = page.locator('[data-testid="control-counters"] tr[data-counter-id="1"]');
    await poll(() => counterRow.locator('[data-testid="services-today"]').textContent()).toBe('A, B');

    // Today counter 1 serves vehicle registration (V) only: untick A and B, tick V, by keyboard.
    await page.getByRole('button', { name: 'Change services of counter 1', exact: true }).focus();
    await page.keyboard.press('Enter');
    const form = page.getByRole('form', { name: 'Services of counter 1 today', exact: true });
    await poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('checkbox');
    await form.getByLabel('A · National ID card (CNIC)').uncheck();
    await form.getByLabel('B · Birth & family registration (B-Form, FRC)').uncheck();
    await poll(() => form.getByRole('button', { name: 'Confirm' }).isDisabled()).toBe(true);
    await form.getByLabel('V · Vehicle registration & transfer').press('Space');
    await form.getByLabel('Reason (optional)').fill('Vehicle registration backlog');
    const axeForm = await axeViolations(page);
    expect(axeForm, describeViolations(axeForm)).toEqual([]);
    await screenshot(page, 'control-room-day-services-form', { fullPage: true });
    await form.getByRole('button', { name: 'Confirm' }).press('Enter');
    await poll(() => page.locator('.ctl-status').textContent()).toContain('Counter 1 serves V today.');
    await poll(() => counterRow.locator('[data-testid="services-today"]').textContent()).toBe('Vchanged for today');
    await poll(deskLines).toEqual(['V']);
    await poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Change services of counter 1');

    // Call-next at counter 1 takes a V ticket, though older A and B tickets wait; the citizen does not come.
    const called = (await op1('POST', '/api/v1/counters/1/call-next')).body.ticket as { id: number; code: string; serviceId: number };
    expect(called.serviceId).toBe(5);
    expect((await op1('POST', '/api/v1/counters/1/no-show')).status).toBe(200);
    const noShowRow = page.locator(`[data-testid="control-no-shows"] tr[data-ticket-id="${called.id}"]`);
    await poll(() => noShowRow.textContent()).toContain(called.code);
    await poll(() => noShowRow.textContent()).toMatch(/(29|30):\d\d/);

    // Re-open it, saying why, by keyboard; it waits again at the front of its line.
    await page.getByRole('button', { name: `Re-open ticket ${called.code}` }).focus();
    await page.keyboard.press('Enter');
    const reopen = page.getByRole('form', { name: `Re-open ticket ${called.code}` });
    await reopen.getByLabel('Reason (optional)').fill('Was at the photocopier');
    await reopen.getByRole('button', { name: 'Confirm' }).press('Enter');
    await poll(() => page.locator('.ctl-status').textContent()).toContain(`Ticket ${called.code} is waiting again, first of its line.`);
    await poll(() => noShowRow.count()).toBe(0);
    await page.locator(`[data-testid="control-waiting"] tr[data-ticket-id="${called.id}"]`).waitFor();
    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await screenshot(page, 'control-room-day-services', { fullPage: true });

    // Back to usual before the day ends.
    await page.getByRole('button', { name: 'Change services of counter 1', exact: true }).click();
    await page.getByRole('form', { name: 'Services of counter 1 today', exact: true }).getByRole('button', { name: 'Back to usual' }).click();
    await poll(() => page.locator('.ctl-status').textContent()).toContain('Counter 1 is back on its usual services.');
    await poll(() => counterRow.locator('[data-testid="services-today"]').textContent()).toBe('A, B');
    await poll(deskLines).toEqual(['A', 'B']);
    await consoleCtx.close();

    // In Urdu: another no-show (counter 1 is on A and B again), the list and the services form read right to left.
    const second = (await op1('POST', '/api/v1/counters/1/call-next')).body.ticket as { id: number; code: string; serviceId: number };
    expect(second.serviceId).toBe(1);
    expect((await op1('POST', '/api/v1/counters/1/no-show')).status).toBe(200);
    await page.getByRole('button', { name: 'Switch to Urdu' }).click();
    await poll(() => page.evaluate(() => [document.documentElement.lang, document.documentElement.dir].join(','))).toBe('ur,rtl');
    await page.getByRole('button', { name: `ٹکٹ ${second.code} دوبارہ کھولیں` }).waitFor();
    await page.getByRole('button', { name: 'کاؤنٹر 1 کی خدمات بدلیں', exact: true }).click();
    const urForm = page.getByRole('form', { name: 'کاؤنٹر 1 کی آج کی خدمات', exact: true });
    await urForm.getByLabel('P · پاسپورٹ — نیا اور تجدید').check();
    const urViolations = await axeViolations(page);
    expect(urViolations, describeViolations(urViolations)).toEqual([]);
    await screenshot(page, 'control-room-day-services-ur', { fullPage: true });
    await urForm.getByRole('button', { name: 'تصدیق' }).click();
    await poll(() => counterRow.locator('[data-testid="services-today"]').textContent()).toContain('A, B, P');
    await page.getByRole('button', { name: `ٹکٹ ${second.code} دوبارہ کھولیں` }).click();
    await page.getByRole('form', { name: `ٹکٹ ${second.code} دوبارہ کھولیں` }).getByRole('button', { name: 'تصدیق' }).click();
    await poll(() => page.locator('.ctl-status').textContent()).toContain(`ٹکٹ ${second.code} دوبارہ منتظر ہے`);
    await ctx.close();
    expect(pageErrors).toEqual([]);
  });
});
