import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, describeViolations, hasChromium, launchBrowser, screenshot } from './support/browser';
import { startE2EServer, type E2EServer } from './support/server';

// Demo centre: service 1 = A, 2 = B, 3 = P; counters 1 and 2 both serve A and B.
const CONSOLE = '/counter?center=isb-g9';
/** Retries an assertion for up to 8 s: the UI follows the server a moment later. */
const poll = <T,>(fn: () => Promise<T> | T, options: { timeout?: number } = {}) => expect.poll(fn, { timeout: options.timeout ?? 8000, interval: 100 });

describe.skipIf(!hasChromium)('counter console (operator)', () => {
  let server: E2EServer;
  let browser: Browser;
  let ctx1: BrowserContext;
  let ctx2: BrowserContext;
  let op1: Page;
  let op2: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startE2EServer();
    browser = await launchBrowser();
    ctx1 = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    ctx2 = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    op1 = await ctx1.newPage();
    op2 = await ctx2.newPage();
    for (const p of [op1, op2]) p.on('pageerror', (e) => pageErrors.push(e.message));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Takes a ticket as a kiosk does, through the public API. */
  async function issue(serviceId: number): Promise<{ id: number; code: string }> {
    const res = await fetch(`${server.url}/api/v1/centers/isb-g9/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ serviceId }),
    });
    expect(res.status).toBe(201);
    return (await res.json()).ticket;
  }

  /** The server's view of the waiting line (signed in as the page's operator). */
  async function serverQueue(page: Page): Promise<{ code: string; serviceId: number }[]> {
    return page.evaluate(async () => (await fetch('/api/v1/centers/isb-g9/queue')).json());
  }

  async function signIn(page: Page, username: string, password: string) {
    await page.goto(server.url + CONSOLE);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Choose your counter' }).waitFor();
  }

  async function openCounter(page: Page, name: string) {
    await page.locator(`input[name="counter"][value="${name}"]`).check();
    await page.getByRole('button', { name: `Open counter ${name}` }).click();
    await page.getByRole('heading', { name: `Counter ${name}` }).waitFor();
    await poll(() => page.getByTestId('counter-status').textContent()).toBe('Open');
    await poll(() => page.getByTestId('connection').textContent()).toBe('Live');
  }

  const current = (page: Page) => page.locator('.ticket-code').textContent({ timeout: 5000 });
  const message = (page: Page) => page.getByTestId('message').textContent();
  const action = (page: Page, name: string) => page.locator(`button[data-action="${name}"]`);

  it('signs in, shows only free counters, and opens one (login form and picker pass axe)', async () => {
    await page1Login();
    async function page1Login() {
      await op1.goto(server.url + CONSOLE);
      await op1.getByRole('heading', { name: 'Staff sign in' }).waitFor();
      const loginViolations = await axeViolations(op1);
      expect(loginViolations, describeViolations(loginViolations)).toEqual([]);
      // A wrong password is refused in plain words.
      await op1.getByLabel('Username').fill('operator1');
      await op1.getByLabel('Password').fill('wrong-password');
      await op1.getByRole('button', { name: 'Sign in' }).click();
      await poll(() => op1.getByRole('alert').textContent()).toContain('Wrong username or password');
    }
    await signIn(op1, 'operator1', 'operator1-demo');
    // operator2 takes counter 2 first: operator1 cannot choose it.
    await signIn(op2, 'operator2', 'operator2-demo');
    await openCounter(op2, '2');
    await op1.reload();
    await op1.getByRole('heading', { name: 'Choose your counter' }).waitFor();
    await poll(() => op1.locator('input[name="counter"][value="2"]').isDisabled()).toBe(true);
    expect(await op1.locator('input[name="counter"][value="1"]').isDisabled()).toBe(false);
    const pickerViolations = await axeViolations(op1);
    expect(pickerViolations, describeViolations(pickerViolations)).toEqual([]);
    await screenshot(op1, 'counter-picker');
    await openCounter(op1, '1');
  }, 60_000);

  it('calls (a double press calls once), recalls, starts, completes, marks a no-show, transfers', async () => {
    const a = [await issue(1), await issue(1), await issue(1)];
    await poll(() => op1.locator('[data-testid="waiting-list"] tbody tr').count()).toBe(3);

    // N pressed twice in a row: one call only.
    await op1.locator('body').click({ position: { x: 5, y: 5 } });
    await op1.keyboard.press('n');
    await op1.keyboard.press('n');
    await poll(() => current(op1)).toBe(a[0]!.code);
    // Pressed again once the ticket is on screen: not sent (no "finish the current ticket" refusal).
    await op1.keyboard.press('n');
    await poll(async () => (await serverQueue(op1)).map((t) => t.code)).toEqual([a[1]!.code, a[2]!.code]);
    expect(await message(op1)).toBe(`${a[0]!.code} called.`);
    expect(await op1.getByRole('alert').count()).toBe(0);
    expect(await op1.getByTestId('ticket-status').textContent()).toBe('Called — waiting for the citizen');

    await op1.keyboard.press('r');
    await poll(() => message(op1)).toBe(`${a[0]!.code} announced again.`);

    await action(op1, 'start').click();
    await poll(() => op1.getByTestId('ticket-status').textContent()).toBe('Serving');
    await poll(() => op1.getByTestId('service-timer').textContent()).toMatch(/^0:0[1-9]$/);

    const midService = await axeViolations(op1);
    expect(midService, describeViolations(midService)).toEqual([]);
    await screenshot(op1, 'counter-mid-service');

    await op1.getByLabel('Outcome (optional)').fill('card issued');
    await action(op1, 'complete').click();
    await poll(() => message(op1)).toBe(`${a[0]!.code} completed.`);
    await poll(() => op1.getByTestId('today-served').textContent()).toBe('1');
    expect(await op1.locator('.ticket-empty').isVisible()).toBe(true);

    // The counter's event can show the called ticket before the call's own answer arrives: X pressed then is
    // kept and sent once the answer is in, not lost. The answer is held back inside the page until X is pressed
    // (a wrapper of the page's fetch, not Playwright's request interception: the hold is then the page's own
    // promise, with no browser-side interception that could end the request early).
    await op1.evaluate(() => {
      const real = window.fetch;
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      (window as unknown as { __releaseCall: () => void }).__releaseCall = release;
      window.fetch = async (...args: Parameters<typeof fetch>) => {
        const response = await real(...args);
        if (String(args[0]).endsWith('/counters/1/call-next')) {
          window.fetch = real;
          await held;
        }
        return response;
      };
    });
    const answer = () => op1.evaluate(() => (window as unknown as { __releaseCall: () => void }).__releaseCall());
    await op1.keyboard.press('n');
    await poll(() => current(op1)).toBe(a[1]!.code);
    // Still waiting for the answer: the command lock is closed (one figure, so a failure says which part differs).
    expect({
      noShowDisabled: await action(op1, 'noShow').isDisabled(),
      callBusy: await action(op1, 'callNext').getAttribute('aria-busy'),
      alerts: await op1.getByRole('alert').allTextContents(),
    }).toEqual({ noShowDisabled: true, callBusy: 'true', alerts: [] });
    await op1.keyboard.press('x');
    await answer();
    await poll(() => message(op1)).toBe(`${a[1]!.code} marked as no-show.`);
    await poll(() => op1.getByTestId('today-noshow').textContent()).toBe('1');

    await action(op1, 'callNext').click();
    await poll(() => current(op1)).toBe(a[2]!.code);
    await op1.keyboard.press('t');
    const dialog = op1.getByRole('dialog', { name: `Transfer ${a[2]!.code}` });
    await dialog.waitFor();
    const dialogViolations = await axeViolations(op1);
    expect(dialogViolations, describeViolations(dialogViolations)).toEqual([]);
    await dialog.getByLabel('Service', { exact: true }).selectOption('3');
    await dialog.getByLabel('By original ticket time').check();
    await dialog.getByRole('button', { name: 'Transfer' }).click();
    await poll(() => message(op1)).toBe(`${a[2]!.code} transferred.`);
    // Now waiting in the passport line with its code, and no longer for counter 1.
    await poll(async () => (await serverQueue(op1)).find((t) => t.code === a[2]!.code)?.serviceId).toBe(3);
    await poll(() => op1.getByText('Nobody is waiting.').isVisible()).toBe(true);
  }, 60_000);

  it('pauses with a reason and resumes', async () => {
    await op1.keyboard.press('p');
    const dialog = op1.getByRole('dialog', { name: 'Pause the counter' });
    await dialog.getByLabel('Prayer').check();
    await dialog.getByRole('button', { name: 'Pause' }).click();
    await poll(() => op1.getByTestId('counter-status').textContent()).toBe('Paused');
    expect(await op1.getByText('Paused: Prayer').first().isVisible()).toBe(true);
    // Ticket actions are off while paused, by button and by key.
    expect(await action(op1, 'callNext').isDisabled()).toBe(true);
    const t = await issue(1);
    await poll(() => op1.locator(`tr[data-code="${t.code}"]`).count()).toBe(1);
    await op1.keyboard.press('n');
    await poll(async () => (await serverQueue(op1)).some((x) => x.code === t.code)).toBe(true);

    await op1.getByRole('button', { name: /Resume/ }).click();
    await poll(() => op1.getByTestId('counter-status').textContent()).toBe('Open');
    // Call that ticket by hand from the list.
    await op1.getByRole('button', { name: `Call ${t.code}` }).click();
    await poll(() => current(op1)).toBe(t.code);
    await action(op1, 'complete').click();
    await poll(() => op1.getByTestId('today-served').textContent()).toBe('2');
  }, 60_000);

  it('updates the waiting list and the line counts live when a kiosk issues a ticket', async () => {
    const before = Number((await op1.getByTestId('line-waiting-B').textContent()) ?? 'NaN');
    const b = await issue(2);
    await poll(() => op1.locator(`tr[data-code="${b.code}"]`).count()).toBe(1);
    await poll(() => op2.locator(`tr[data-code="${b.code}"]`).count()).toBe(1);
    await poll(async () => Number(await op1.getByTestId('line-waiting-B').textContent())).toBe(before + 1);
    // operator2 calls it: it leaves operator1's list.
    await op2.getByRole('button', { name: `Call ${b.code}` }).click();
    await poll(() => current(op2)).toBe(b.code);
    await poll(() => op1.locator(`tr[data-code="${b.code}"]`).count()).toBe(0);
    // operator2 sends it to counter 1, at the front: it is back at the top of operator1's list.
    const other = await issue(1);
    await poll(() => op1.locator(`tr[data-code="${other.code}"]`).count()).toBe(1);
    await op2.keyboard.press('t');
    const dialog = op2.getByRole('dialog', { name: `Transfer ${b.code}` });
    await dialog.getByLabel('A specific counter').check();
    await dialog.getByLabel('Counter', { exact: true }).selectOption('1');
    await dialog.getByLabel('At the front (called next)').check();
    await dialog.getByRole('button', { name: 'Transfer' }).click();
    await poll(() => op2.locator('.ticket-empty').isVisible()).toBe(true);
    await poll(() => op1.locator('[data-testid="waiting-list"] tbody tr').first().getAttribute('data-code')).toBe(b.code);
    expect(await op2.locator(`tr[data-code="${b.code}"]`).count()).toBe(0);
    await op1.keyboard.press('n');
    await poll(() => current(op1)).toBe(b.code);
    await action(op1, 'complete').click();
    await op1.getByRole('button', { name: `Call ${other.code}` }).click();
    await poll(() => current(op1)).toBe(other.code);
    await action(op1, 'complete').click();
    await poll(() => op1.locator('.ticket-empty').isVisible()).toBe(true);
  }, 60_000);

  it('two operators pressing Call next at once never get the same ticket', async () => {
    const issued = new Set<string>();
    for (let i = 0; i < 8; i++) issued.add((await issue(1)).code);
    await poll(() => op1.locator('[data-testid="waiting-list"] tbody tr').count()).toBe(8);
    await poll(() => op2.locator('[data-testid="waiting-list"] tbody tr').count()).toBe(8);
    const seen: string[] = [];
    for (let round = 0; round < 4; round++) {
      await Promise.all([action(op1, 'callNext').click(), action(op2, 'callNext').click()]);
      await poll(() => op1.locator('.ticket-code').count()).toBe(1);
      await poll(() => op2.locator('.ticket-code').count()).toBe(1);
      const [c1, c2] = [await current(op1), await current(op2)];
      expect(c1).not.toBe(c2);
      seen.push(c1!, c2!);
      await Promise.all([action(op1, 'complete').click(), action(op2, 'complete').click()]);
      await poll(() => op1.locator('.ticket-empty').isVisible()).toBe(true);
      await poll(() => op2.locator('.ticket-empty').isVisible()).toBe(true);
    }
    expect(new Set(seen).size).toBe(8);
    expect(seen.every((c) => issued.has(c))).toBe(true);
  }, 90_000);

  it('shows a refusal in plain words and resyncs; switches to Urdu (RTL) without axe violations', async () => {
    const t = await issue(2);
    await poll(() => op1.locator(`tr[data-code="${t.code}"]`).count()).toBe(1);
    // Hold back operator1's list refreshes, so it still shows the ticket after counter 2 takes it.
    let stale = true;
    await op1.route('**/api/v1/counters/1/queue', (route) => (stale ? route.abort() : route.continue()));
    const taken = await op2.evaluate(async (id) => {
      const res = await fetch('/api/v1/counters/2/call', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ticketId: id }) });
      return res.status;
    }, t.id);
    expect(taken).toBe(200);
    await poll(() => current(op2)).toBe(t.code);
    expect(await op1.locator(`tr[data-code="${t.code}"]`).count()).toBe(1);
    // The list comes back as soon as operator1 acts.
    await op1.route('**/api/v1/counters/1/call', (route) => {
      stale = false;
      return route.continue();
    });
    await op1.getByRole('button', { name: `Call ${t.code}` }).click();
    await poll(() => op1.getByRole('alert').textContent()).toBe('That ticket is no longer waiting — another counter may have called it.');
    // The refusal resyncs the screen: the ticket leaves the list, the counter still has none.
    await poll(() => op1.locator(`tr[data-code="${t.code}"]`).count()).toBe(0);
    expect(await op1.locator('.ticket-empty').isVisible()).toBe(true);
    await op1.unroute('**/api/v1/counters/1/queue');
    await op1.unroute('**/api/v1/counters/1/call');
    await action(op2, 'complete').click();

    await op1.getByRole('button', { name: /Switch to Urdu/ }).click();
    expect(await op1.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).toEqual(['rtl', 'ur']);
    expect(await op1.getByRole('heading', { name: 'کاؤنٹر 1' }).isVisible()).toBe(true);
    // The refusal on screen follows the language.
    expect(await op1.getByRole('alert').textContent()).toBe('یہ ٹکٹ اب انتظار میں نہیں — شاید کسی اور کاؤنٹر نے بلا لیا۔');
    const urdu = await axeViolations(op1);
    expect(urdu, describeViolations(urdu)).toEqual([]);
    await screenshot(op1, 'counter-urdu');
    await op1.getByRole('button', { name: /انگریزی میں دیکھیں/ }).click();
    expect(await op1.evaluate(() => document.documentElement.dir)).toBe('ltr');
  }, 60_000);

  it('recovers by itself after a server restart', async () => {
    const restarted = server.restart({ downtimeMs: 3000 });
    await poll(() => op1.getByTestId('connection').textContent()).toBe('Reconnecting…');
    await restarted;
    await poll(() => op1.getByTestId('connection').textContent(), { timeout: 15_000 }).toBe('Live');
    const t = await issue(1);
    await poll(() => op1.locator(`tr[data-code="${t.code}"]`).count(), { timeout: 10_000 }).toBe(1);
    await op1.keyboard.press('n');
    await poll(() => current(op1)).toBe(t.code);
    await action(op1, 'complete').click();
    await poll(() => op1.locator('.ticket-empty').isVisible()).toBe(true);
  }, 60_000);

  it('sends an expired session back to the login form', async () => {
    await ctx1.clearCookies();
    await op1.keyboard.press('n');
    await op1.getByRole('heading', { name: 'Staff sign in' }).waitFor({ timeout: 10_000 });
    expect(await op1.getByText('Your session has ended. Please sign in again.').isVisible()).toBe(true);
    // Signing in again brings the same counter back (it is still this operator's).
    await op1.getByLabel('Username').fill('operator1');
    await op1.getByLabel('Password').fill('operator1-demo');
    await op1.getByRole('button', { name: 'Sign in' }).click();
    await op1.getByRole('heading', { name: 'Counter 1' }).waitFor();

    // End of the day: close the counter (two steps); it becomes free to choose again.
    await op1.getByRole('button', { name: 'Close counter' }).click();
    await op1.getByRole('button', { name: 'Yes, close for today' }).click();
    await op1.getByRole('heading', { name: 'Choose your counter' }).waitFor();
    expect(await op1.locator('input[name="counter"][value="1"]').isDisabled()).toBe(false);
    // This device remembers it.
    expect(await op1.locator('input[name="counter"][value="1"]').isChecked()).toBe(true);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it("times waits on the server's clock even when the counter PC's clock is off", async () => {
    const ctx4 = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const op3 = await ctx4.newPage();
    // This PC runs two hours fast.
    await op3.clock.setSystemTime(Date.now() + 2 * 3600_000);
    await signIn(op3, 'operator3', 'operator3-demo');
    await openCounter(op3, '3');
    const t = await issue(2);
    await op3.getByRole('button', { name: `Call ${t.code}` }).click();
    await poll(() => current(op3)).toBe(t.code);
    await poll(() => op3.getByTestId('service-timer').textContent()).toMatch(/^0:0\d$/);
    await action(op3, 'complete').click();
    await ctx4.close();
  }, 60_000);

  it('offers supervisors the way to their dashboard', async () => {
    const ctx3 = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const sup = await ctx3.newPage();
    await signIn(sup, 'supervisor', 'supervisor-demo');
    expect(await sup.getByRole('link', { name: 'Supervisor dashboard' }).getAttribute('href')).toBe('/counter/supervisor');
    await ctx3.close();
  }, 60_000);
});
