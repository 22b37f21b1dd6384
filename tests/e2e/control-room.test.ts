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
    for (const serviceId of [1, 1, 2, 5]) {
      const res = await fetch(`${server.url}/api/v1/centers/isb-g9/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serviceId }) });
      expect(res.status).toBe(201);
    }
    const served = (await op1('POST', '/api/v1/counters/1/call-next')).body.ticket as { id: number; code: string };

    await sup.goto(`${server.url}/counter/supervisor?center=isb-g9`);
    await sup.getByLabel('Username').fill('supervisor');
    await sup.getByLabel('Password').fill('supervisor-demo');
    await sup.getByRole('button', { name: 'Sign in' }).click();
    await sup.getByRole('button', { name: 'Control room' }).click();
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
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const op = await ctx.newPage();
    op.on('pageerror', (e) => pageErrors.push(e.message));
    await op.goto(`${server.url}/counter/?center=isb-g9`);
    await op.getByLabel('Username').fill('operator3');
    await op.getByLabel('Password').fill('operator3-demo');
    await op.getByRole('button', { name: 'Sign in' }).click();
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
});
