import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, describeViolations, hasChromium, launchBrowser, screenshot } from './support/browser';
import { startE2EServer, type E2EServer } from './support/server';
import { useE2EHall } from './support/hall';
import { adminPassword } from '../support/test-app';

const SUPERVISOR = '/counter/supervisor?center=isb-g9';
const poll = <T,>(fn: () => Promise<T> | T, timeout = 8000) => expect.poll(fn, { timeout, interval: 100 });

/** A signed-in staff client for the API (a second device, as an operator's console would be). */
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

describe.skipIf(!hasChromium)('supervisor dashboard, reports and administration', () => {
  let server: E2EServer;
  let browser: Browser;
  let supCtx: BrowserContext;
  let sup: Page;
  const pageErrors: string[] = [];

  async function issue(serviceId: number): Promise<{ id: number; code: string; publicId: string }> {
    const res = await fetch(`${server.url}/api/v1/centers/isb-g9/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serviceId }) });
    expect(res.status).toBe(201);
    return (await res.json()).ticket;
  }

  async function signIn(page: Page, username: string, password: string) {
    await page.goto(server.url + SUPERVISOR);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  /** The admin, signed in on a device of their own (a fresh browser context), page errors collected. */
  async function signInAdmin(): Promise<{ ctx: BrowserContext; page: Page }> {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 1000 } });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await signIn(page, 'admin', adminPassword);
    return { ctx, page };
  }

  beforeAll(async () => {
    server = await startE2EServer();
    browser = await launchBrowser();
    supCtx = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    sup = await supCtx.newPage();
    sup.on('pageerror', (e) => pageErrors.push(e.message));
    sup.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) pageErrors.push(m.text());
    });

    // A busy morning: three counters, a few dozen tickets issued, most called and completed, some rated.
    const ops = await Promise.all([
      staffApi(server.url, 'operator1', 'operator1-demo'),
      staffApi(server.url, 'operator2', 'operator2-demo'),
      staffApi(server.url, 'operator3', 'operator3-demo'),
    ]);
    const counters = [1, 4, 6];
    for (let i = 0; i < 3; i++) expect((await ops[i]!('POST', `/api/v1/counters/${counters[i]}/open`)).status).toBe(200);
    const services = [1, 1, 2, 3, 4, 5, 1, 3];
    const issued = [];
    for (let i = 0; i < 40; i++) issued.push(await issue(services[i % services.length]!));
    let rated = 0;
    for (let round = 0; round < 8; round++) {
      for (let i = 0; i < 3; i++) {
        const call = await ops[i]!('POST', `/api/v1/counters/${counters[i]}/call-next`);
        if (call.status !== 200) continue;
        if (round % 4 === 3) {
          await ops[i]!('POST', `/api/v1/counters/${counters[i]}/no-show`);
          continue;
        }
        await ops[i]!('POST', `/api/v1/counters/${counters[i]}/start`);
        await ops[i]!('POST', `/api/v1/counters/${counters[i]}/complete`);
        const publicId = issued.find((t) => t.id === call.body.ticket.id)!.publicId;
        if (rated++ % 2 === 0) await fetch(`${server.url}/api/v1/tickets/${publicId}/feedback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rating: 3 + (rated % 3) }) });
      }
    }
    // Counter 6 takes a break; counter 1 is serving someone.
    await ops[2]!('POST', '/api/v1/counters/6/pause', { reason: 'Tea break' });
    await ops[0]!('POST', '/api/v1/counters/1/call-next');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the live hall and a new ticket and a call appear without reloading; opens the ticket timeline', async () => {
    await signIn(sup, 'supervisor', 'supervisor-demo');
    await sup.getByRole('heading', { name: 'Services' }).waitFor();
    await sup.getByText('Live', { exact: true }).waitFor();
    const rowA = sup.locator('[data-testid="live-services"] tr[data-service-id="1"]');
    await rowA.waitFor();
    const waitingBefore = Number(await rowA.locator('[data-testid="waiting"]').textContent());
    // Counter 6 shows its pause and reason; counter 1 its operator and current ticket.
    await poll(async () => sup.locator('tr[data-counter-id="6"]').textContent()).toContain('Tea break');
    await poll(async () => sup.locator('tr[data-counter-id="1"]').textContent()).toMatch(/Open[\s\S]*[A-Z]\d{3}/);

    const fresh = await issue(1);
    await poll(async () => sup.locator('[data-testid="live-feed"]').textContent()).toContain(`${fresh.code} issued`);
    await poll(async () => Number(await rowA.locator('[data-testid="waiting"]').textContent())).toBe(waitingBefore + 1);

    // Counter 2 (operator2 moves over) calls it: the call appears live.
    const op2 = await staffApi(server.url, 'operator2', 'operator2-demo');
    await op2('POST', '/api/v1/counters/4/close');
    expect((await op2('POST', '/api/v1/counters/2/open')).status).toBe(200);
    let called = '';
    for (let i = 0; i < 40 && called !== fresh.code; i++) {
      const r = await op2('POST', '/api/v1/counters/2/call-next');
      expect(r.status).toBe(200);
      called = r.body.ticket.code;
      if (called !== fresh.code) await op2('POST', '/api/v1/counters/2/complete');
    }
    expect(called).toBe(fresh.code);
    await poll(async () => sup.locator('[data-testid="live-feed"]').textContent()).toContain(`${fresh.code} called to Counter 2`);
    await poll(async () => sup.locator('tr[data-counter-id="2"]').textContent()).toContain(fresh.code);

    // Its timeline: issued, then called by operator2 at counter 2.
    await sup.locator('[data-testid="live-feed"] button', { hasText: `${fresh.code} called to Counter 2` }).first().click();
    const timeline = sup.locator('[data-testid="ticket-timeline"]');
    await timeline.getByRole('heading', { name: `Timeline of ${fresh.code}` }).waitFor();
    await poll(async () => timeline.textContent()).toMatch(/Issued[\s\S]*Called · by [^·]+· at Counter 2/);
    // Readable events: the service by its name, the channel in words, never raw fields.
    expect(await timeline.textContent()).toContain('Issued · A · National ID card (CNIC) · at the kiosk');
    expect(await timeline.textContent()).not.toMatch(/serviceId|channel:|code:/);
    await op2('POST', '/api/v1/counters/2/complete');

    const violations = await axeViolations(sup);
    expect(violations, describeViolations(violations)).toEqual([]);
    await screenshot(sup, 'supervisor-dashboard', { fullPage: true });
    // Urdu: right-to-left, and still nothing for axe to find.
    await sup.getByRole('button', { name: 'Switch to Urdu' }).click();
    await poll(() => sup.evaluate(() => [document.documentElement.lang, document.documentElement.dir].join(','))).toBe('ur,rtl');
    const urViolations = await axeViolations(sup);
    expect(urViolations, describeViolations(urViolations)).toEqual([]);
    await screenshot(sup, 'supervisor-dashboard-ur');
    await sup.getByRole('button', { name: 'انگریزی میں دیکھیں' }).click();
  });

  it('recovers by itself after a server restart: the live view resyncs and keeps receiving events', async () => {
    await sup.getByRole('button', { name: 'Live hall' }).click();
    await sup.locator('[data-testid="live-services"]').waitFor();
    await server.restart({ downtimeMs: 500 });
    // Issued while the page was reconnecting or right after: the snapshot or the event brings it in.
    const after = await issue(3);
    await poll(async () => {
      const expected = (await (await fetch(`${server.url}/api/v1/centers/isb-g9/services`)).json()).services.find((s: { id: number }) => s.id === 3).waiting;
      return Number(await sup.locator('[data-testid="live-services"] tr[data-service-id="3"] [data-testid="waiting"]').textContent()) === expected;
    }, 20_000).toBe(true);
    await sup.getByText('Live', { exact: true }).waitFor({ timeout: 20_000 });
    const later = await issue(3);
    await poll(async () => sup.locator('[data-testid="live-feed"]').textContent(), 20_000).toContain(`${later.code} issued`);
    expect(later.code > after.code).toBe(true);
  });

  it('shows statistics with charts and tables, and exports the tickets as CSV', async () => {
    await sup.getByRole('button', { name: 'Statistics' }).click();
    const totals = sup.locator('[data-testid="stats-totals"]');
    await totals.waitFor();
    const statsNow = await sup.evaluate(async () => (await fetch('/api/v1/centers/isb-g9/stats')).json());
    expect(statsNow.totals.issued).toBeGreaterThanOrEqual(43);
    await poll(async () => totals.locator('[data-kpi="stats.issued"]').textContent()).toBe(String(statsNow.totals.issued));
    await poll(async () => sup.locator('.sup-chart canvas').count()).toBe(3);
    await sup.getByRole('table', { name: 'By service' }).waitFor();
    await sup.getByRole('table', { name: 'By operator' }).waitFor();
    const violations = await axeViolations(sup);
    expect(violations, describeViolations(violations)).toEqual([]);
    await screenshot(sup, 'supervisor-statistics', { fullPage: true });
    expect(pageErrors).toEqual([]);

    const [download] = await Promise.all([sup.waitForEvent('download'), sup.getByTestId('csv-link').click()]);
    expect(download.suggestedFilename()).toMatch(/^tickets-isb-g9-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = fs.readFileSync((await download.path())!, 'utf8').trim().split('\r\n');
    expect(csv[0]).toMatch(/^id,code,day,service_prefix/);
    expect(csv).toHaveLength(1 + statsNow.totals.issued);

    // The timeline lookup by ticket id.
    await sup.getByLabel('Ticket number (id)').fill('1');
    await sup.getByRole('button', { name: 'Show timeline' }).click();
    await poll(async () => sup.locator('[data-testid="ticket-timeline"]').textContent()).toContain('Issued');
  });

  it('keeps operators out of supervisor and admin pages and endpoints', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await signIn(page, 'operator3', 'operator3-demo');
    await page.getByRole('heading', { name: 'Not allowed' }).waitFor();
    expect(await page.locator('[data-testid="live-services"]').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Administration' }).count()).toBe(0);
    const statuses = await page.evaluate(async () => {
      const paths = ['/api/v1/centers/isb-g9/stats', '/api/v1/centers/isb-g9/reports/tickets.csv', '/api/v1/tickets/1/events', '/api/v1/admin/users', '/api/v1/admin/audit'];
      const out = [];
      for (const p of paths) out.push((await fetch(p)).status);
      out.push((await fetch('/api/v1/admin/services', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status);
      return out;
    });
    expect(statuses).toEqual([403, 403, 403, 403, 403, 403]);
    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await ctx.close();
  });

  it('lets an admin create a service and a counter that a kiosk and a counter console use at once', async () => {
    const { ctx, page } = await signInAdmin();
    await page.getByRole('button', { name: 'Administration' }).click();
    await page.getByRole('heading', { name: 'Services' }).waitFor();
    await page.getByRole('button', { name: 'New', exact: true }).click();
    const form = page.locator('form[aria-label="New"]');
    await form.locator('input[name="prefix"]').fill('Z');
    await form.locator('input[name="nameEn"]').fill('Zakat certificate');
    await form.locator('input[name="nameUr"]').fill('زکوٰۃ سرٹیفکیٹ');
    await form.locator('input[name="target"]').fill('12');
    await form.getByRole('button', { name: 'Create' }).click();
    await page.getByText('Zakat certificate').waitFor();

    // A duplicate prefix is refused with a plain message.
    await page.getByRole('button', { name: 'New', exact: true }).click();
    await form.locator('input[name="prefix"]').fill('A');
    await form.locator('input[name="nameEn"]').fill('Another A');
    await form.locator('input[name="nameUr"]').fill('اے');
    await form.getByRole('button', { name: 'Create' }).click();
    await form.getByRole('alert').filter({ hasText: 'already exists' }).waitFor();

    await page.getByRole('button', { name: 'Counters' }).click();
    await page.getByRole('button', { name: 'New', exact: true }).click();
    const counterForm = page.locator('form[aria-label="New"]');
    await counterForm.locator('input[name="counterName"]').fill('15');
    await counterForm.locator('input[name="zone"]').fill('hall-b');
    await counterForm.locator('input[name="weight-Z"]').fill('2');
    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await counterForm.getByRole('button', { name: 'Create' }).click();
    await page.getByText(/15 · hall-b · Z×2/).waitFor();
    await screenshot(page, 'supervisor-admin-counters');

    // The kiosk sees the new service; a ticket for it goes to the new counter.
    const services = await (await fetch(`${server.url}/api/v1/centers/isb-g9/services`)).json();
    const z = services.services.find((s: { prefix: string }) => s.prefix === 'Z');
    expect(z).toMatchObject({ name: { en: 'Zakat certificate' }, open: true });
    const ticket = await issue(z.id);
    expect(ticket.code).toBe('Z001');
    const counters = await page.evaluate(async () => (await fetch('/api/v1/centers/isb-g9/counters')).json());
    const counter15 = counters.find((c: { name: string }) => c.name === '15');
    const op3 = await staffApi(server.url, 'operator3', 'operator3-demo');
    await op3('POST', '/api/v1/counters/6/close');
    expect((await op3('POST', `/api/v1/counters/${counter15.id}/open`)).status).toBe(200);
    const call = await op3('POST', `/api/v1/counters/${counter15.id}/call-next`);
    expect(call.body.ticket).toMatchObject({ code: 'Z001', counterName: '15' });

    // Both changes are in the change log.
    await page.getByRole('button', { name: 'Change log' }).click();
    await poll(async () => page.locator('table').textContent()).toMatch(/Counter 15 · created[\s\S]*Service Z · created/);
    await ctx.close();
    expect(pageErrors).toEqual([]);
  });

  it('lets an admin create, order and fill a service group that the kiosk lists; a group with services is not deleted', async () => {
    const { ctx, page } = await signInAdmin();
    await page.getByRole('button', { name: 'Administration' }).click();
    await page.getByRole('button', { name: 'Service groups' }).click();
    const list = page.getByTestId('admin-groups');
    await list.getByText('Passports & Immigration').waitFor();
    const groupsBefore = (await (await fetch(`${server.url}/api/v1/centers/isb-g9/services`)).json()).groups.length;

    await page.getByRole('button', { name: 'New', exact: true }).click();
    const form = page.locator('form[aria-label="New"]');
    await form.locator('input[name="nameEn"]').fill('Zakat & Ushr');
    await form.locator('input[name="nameUr"]').fill('زکوٰۃ و عشر');
    await form.getByRole('button', { name: 'Create' }).click();
    await list.getByText('Zakat & Ushr').waitFor();
    expect(await list.locator('li').last().textContent()).toContain('Zakat & Ushr');

    // One place up, by keyboard: the kiosk shows it before the last of the old groups.
    await page.getByRole('button', { name: 'Move Zakat & Ushr up' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Order saved' }).waitFor();
    const kioskGroups = async () => (await (await fetch(`${server.url}/api/v1/centers/isb-g9/services`)).json()) as { groups: { id: number; name: { en: string } }[]; services: { prefix: string; groupId: number | null }[] };
    const ordered = (await kioskGroups()).groups;
    expect(ordered).toHaveLength(groupsBefore + 1);
    expect(ordered[ordered.length - 2]!.name.en).toBe('Zakat & Ushr');
    const groupId = ordered[ordered.length - 2]!.id;
    expect(await list.locator('li').nth(groupsBefore - 1).textContent()).toContain('Zakat & Ushr');
    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);

    // A new service in the group: the kiosk lists it under the group.
    await page.getByRole('button', { name: 'Services', exact: true }).click();
    await page.getByRole('button', { name: 'New', exact: true }).click();
    const serviceForm = page.locator('form[aria-label="New"]');
    await serviceForm.locator('input[name="prefix"]').fill('ZU');
    await serviceForm.locator('input[name="nameEn"]').fill('Ushr assessment');
    await serviceForm.locator('input[name="nameUr"]').fill('عشر کا تخمینہ');
    await serviceForm.locator('select[name="group"]').selectOption({ label: 'Zakat & Ushr' });
    await serviceForm.getByRole('button', { name: 'Create' }).click();
    await page.getByText(/ZU Ushr assessment · Zakat & Ushr/).waitFor();
    const kiosk = await kioskGroups();
    expect(kiosk.services.find((s) => s.prefix === 'ZU')).toMatchObject({ groupId });
    expect(kiosk.groups.find((g) => g.id === groupId)).toEqual({ id: groupId, name: { en: 'Zakat & Ushr', ur: 'زکوٰۃ و عشر' } });

    // Deleting the group while the service is in it is refused in plain words; nothing changes.
    await page.getByRole('button', { name: 'Service groups' }).click();
    await page.getByRole('button', { name: 'Edit Zakat & Ushr' }).click();
    const editForm = list.locator(`li[data-id="${groupId}"] form`);
    await editForm.getByRole('button', { name: 'Delete' }).click();
    await editForm.getByRole('alert').filter({ hasText: 'This group still has services in it (1). First move them to another group' }).waitFor();
    expect((await kioskGroups()).groups.map((g) => g.id)).toContain(groupId);
    const refusedViolations = await axeViolations(page);
    expect(refusedViolations, describeViolations(refusedViolations)).toEqual([]);
    await screenshot(page, 'supervisor-admin-groups');
    // The same refusal in Urdu.
    await page.getByRole('button', { name: 'Switch to Urdu' }).click();
    await editForm.getByRole('button', { name: 'حذف کریں' }).click();
    await editForm.getByRole('alert').filter({ hasText: 'اس گروپ میں ابھی خدمات ہیں (1)' }).waitFor();
    const urViolations = await axeViolations(page);
    expect(urViolations, describeViolations(urViolations)).toEqual([]);
    await page.getByRole('button', { name: 'انگریزی میں دیکھیں' }).click();
    await ctx.close();
    expect(pageErrors).toEqual([]);
  });

  it("lets an admin change the centre's settings (refusing unreadable hours) and add a staff user, then deactivate them", async () => {
    const { ctx, page } = await signInAdmin();
    await page.getByRole('button', { name: 'Administration' }).click();
    await page.getByRole('button', { name: 'Center', exact: true }).click();
    const form = page.locator('form[aria-labelledby="center-form-title"]');
    const adminCenter = async () => (await page.evaluate(async () => (await fetch('/api/v1/admin/centers/isb-g9')).json())).center as { openingHours: unknown; pauseAlertMinutes: number };
    const before = await adminCenter();
    const hours = form.locator('input[name="hours"]');
    const hoursText = await hours.inputValue();

    // Hours the form cannot read are refused in the browser, and nothing is sent.
    await hours.fill('Mon-Fri 9 to 5');
    await form.locator('input[name="pauseAlert"]').fill('45');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByRole('alert').filter({ hasText: 'Opening hours: write e.g. "1-5 09:00-17:00"' }).waitFor();
    expect(await adminCenter()).toEqual(before);

    await hours.fill(hoursText);
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect(await adminCenter()).toEqual({ ...before, pauseAlertMinutes: 45 });
    await form.locator('input[name="pauseAlert"]').fill(String(before.pauseAlertMinutes));
    await form.getByRole('button', { name: 'Save' }).click();
    await poll(async () => (await adminCenter()).pauseAlertMinutes).toBe(before.pauseAlertMinutes);

    // A new supervisor can sign in; once deactivated, they cannot.
    await page.getByRole('button', { name: 'Staff' }).click();
    const list = page.getByTestId('admin-users');
    await list.getByText('operator3').waitFor();
    await page.getByRole('button', { name: 'New', exact: true }).click();
    const userForm = page.locator('form[aria-label="New"]');
    await userForm.locator('input[name="username"]').fill('clerk7');
    await userForm.locator('input[name="name"]').fill('Clerk Seven');
    await userForm.locator('select[name="role"]').selectOption({ label: 'Supervisor' });
    await userForm.locator('input[name="password"]').fill('clerk7-password');
    await userForm.getByRole('button', { name: 'Create' }).click();
    await list.getByText(/clerk7 · Clerk Seven · Supervisor/).waitFor();
    await staffApi(server.url, 'clerk7', 'clerk7-password');

    await page.getByRole('button', { name: 'Edit clerk7' }).click();
    const editForm = list.locator('li', { hasText: 'clerk7' }).locator('form');
    await editForm.getByLabel('Active').uncheck();
    await editForm.getByRole('button', { name: 'Save' }).click();
    await list.locator('li', { hasText: 'clerk7' }).locator('.badge').filter({ hasText: 'inactive' }).waitFor();
    const refused = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'clerk7', password: 'clerk7-password' }) });
    expect(refused.status).toBe(401);
    // Staff accounts belong to no centre; their changes are in the centre's change log all the same.
    await page.getByRole('button', { name: 'Change log' }).click();
    await poll(async () => page.locator('table').textContent()).toMatch(/Staff account clerk7 · changed[\s\S]*Staff account clerk7 · created/);
    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await ctx.close();
    expect(pageErrors).toEqual([]);
  });

  it('lets an admin add a second centre and switch to it: live hall, statistics and administration follow, and the choice is remembered', async () => {
    const { ctx, page } = await signInAdmin();
    await page.getByTestId('live-center').filter({ hasText: 'Asan Khidmat Markaz' }).waitFor();
    await page.getByRole('button', { name: 'Administration' }).click();
    await page.getByRole('button', { name: 'Center', exact: true }).click();
    await page.getByRole('button', { name: 'Add a center' }).click();
    const form = page.locator('form[aria-label="New center"]');
    // A bad id and a taken id are refused in plain words.
    await form.locator('input[name="centerId"]').fill('Lahore 1');
    await form.locator('input[name="nameEn"]').fill('Asan Khidmat Markaz, Lahore');
    await form.locator('input[name="nameUr"]').fill('آسان خدمت مرکز، لاہور');
    await form.getByRole('button', { name: 'Create' }).click();
    await form.getByRole('alert').filter({ hasText: 'Center id: use 2–32 small letters' }).waitFor();
    await form.locator('input[name="centerId"]').fill('isb-g9');
    await form.getByRole('button', { name: 'Create' }).click();
    await form.getByRole('alert').filter({ hasText: 'A center with this id already exists' }).waitFor();
    expect(await form.locator('input[name="timezone"]').inputValue()).toBe('Asia/Karachi');
    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await screenshot(page, 'supervisor-admin-new-centre', { fullPage: true });
    await form.locator('input[name="centerId"]').fill('lhr-gulberg');
    await form.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('status').filter({ hasText: 'Center Asan Khidmat Markaz, Lahore (lhr-gulberg) created.' }).waitFor();
    const listed = (await (await fetch(`${server.url}/api/v1/centers`)).json()) as { id: string }[];
    expect(listed.map((c) => c.id)).toEqual(expect.arrayContaining(['isb-g9', 'lhr-gulberg']));

    // The switcher lists it; choosing it re-aims the whole app.
    const picker = page.getByRole('combobox', { name: 'Center', exact: true });
    await poll(async () => picker.locator('option').allTextContents()).toContain('Asan Khidmat Markaz, Lahore (lhr-gulberg)');
    await picker.selectOption('lhr-gulberg');
    expect(new URL(page.url()).searchParams.get('center')).toBe('lhr-gulberg');
    // Administration now edits the new centre: its first service.
    await page.getByRole('heading', { name: 'Services' }).waitFor();
    expect(await page.getByTestId('admin-services').locator('li').count()).toBe(0);
    await page.getByRole('button', { name: 'New', exact: true }).click();
    const serviceForm = page.locator('form[aria-label="New"]');
    await serviceForm.locator('input[name="prefix"]').fill('A');
    await serviceForm.locator('input[name="nameEn"]').fill('CNIC (Lahore)');
    await serviceForm.locator('input[name="nameUr"]').fill('شناختی کارڈ (لاہور)');
    await serviceForm.getByRole('button', { name: 'Create' }).click();
    await page.getByTestId('admin-services').getByText('CNIC (Lahore)').waitFor();
    const lahore = (await (await fetch(`${server.url}/api/v1/centers/lhr-gulberg/services`)).json()).services as { id: number; prefix: string }[];
    expect(lahore.map((s) => s.prefix)).toEqual(['A']);

    // The live hall shows the new centre: its name, its one line, its tickets.
    await page.getByRole('button', { name: 'Live hall' }).click();
    await page.getByTestId('live-center').filter({ hasText: 'Asan Khidmat Markaz, Lahore' }).waitFor();
    const rows = page.locator('[data-testid="live-services"] tbody tr');
    await poll(async () => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('CNIC (Lahore)');
    const res = await fetch(`${server.url}/api/v1/centers/lhr-gulberg/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serviceId: lahore[0]!.id }) });
    expect(res.status).toBe(201);
    await poll(async () => page.locator('[data-testid="live-feed"]').textContent()).toContain('A001 issued');
    await poll(async () => rows.first().locator('[data-testid="waiting"]').textContent()).toBe('1');
    // Nobody can serve that line yet: the supervisor is told so, and the empty counters table says why.
    await page.locator('.sup-alert').filter({ hasText: 'CNIC (Lahore): 1 waiting and no open counter serves it' }).waitFor();
    await page.getByTestId('live-counters').getByText('No counters yet').waitFor();
    const liveViolations = await axeViolations(page);
    expect(liveViolations, describeViolations(liveViolations)).toEqual([]);
    await screenshot(page, 'supervisor-second-centre');

    await page.getByRole('button', { name: 'Statistics' }).click();
    await poll(async () => page.locator('[data-testid="stats-totals"] [data-kpi="stats.issued"]').textContent()).toBe('1');

    // Remembered on this device: the address without ?center= opens the Lahore centre again.
    await page.goto(`${server.url}/counter/supervisor`);
    await page.getByTestId('live-center').filter({ hasText: 'Asan Khidmat Markaz, Lahore' }).waitFor();
    expect(await page.getByRole('combobox', { name: 'Center', exact: true }).inputValue()).toBe('lhr-gulberg');
    // An address that names a centre wins over the remembered one.
    await page.goto(server.url + SUPERVISOR);
    await page.getByTestId('live-center').filter({ hasText: 'Islamabad' }).waitFor();
    await ctx.close();
    expect(pageErrors).toEqual([]);
  });
});

describe.skipIf(!hasChromium)('first run on an empty database (SEED=none)', () => {
  const hall = useE2EHall({ viewport: { width: 1366, height: 768 } }, { seed: 'none' });

  it('says "not set up yet" everywhere, leads the admin through centre, services, counters and staff, and the kiosk then issues a ticket', async () => {
    const errors: string[] = [];
    const open = async (url: string, viewport = { width: 1366, height: 768 }) => {
      const page = await hall.context.newPage();
      await page.setViewportSize(viewport);
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(hall.server.url + url);
      return page;
    };
    const signIn = async (page: Page, username: string, password: string) => {
      await page.getByLabel('Username').fill(username);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
    };

    // The kiosk: a plain message, not a spinner.
    const kiosk = await open('/kiosk', { width: 1080, height: 1920 });
    await kiosk.getByTestId('center-error').filter({ hasText: 'not set up yet' }).waitFor();

    // The counter console (the admin may work a counter): "not set up yet", never "Reconnecting…".
    const console_ = await open('/counter');
    await signIn(console_, 'admin', adminPassword);
    await console_.getByRole('heading', { name: 'This hall is not set up yet' }).waitFor();
    expect(await console_.getByText('Reconnecting').count()).toBe(0);
    expect(await console_.getByRole('link', { name: 'Set up the centre' }).getAttribute('href')).toBe('/counter/supervisor');
    expect(await axeViolations(console_), 'console not set up').toEqual([]);
    await screenshot(console_, 'counter-not-set-up');
    await console_.getByRole('button', { name: 'Switch to Urdu' }).click();
    await console_.getByRole('heading', { name: 'یہ ہال ابھی تیار نہیں' }).waitFor();
    await screenshot(console_, 'counter-not-set-up-ur');
    await console_.getByRole('button', { name: 'انگریزی میں دیکھیں' }).click();

    // The administration leads to creating the centre.
    const page = await open('/counter/supervisor');
    await page.getByRole('heading', { name: 'Set up your centre' }).waitFor();
    expect(await page.getByText('This center does not exist').count()).toBe(0);
    expect(await axeViolations(page), 'setup').toEqual([]);
    await screenshot(page, 'supervisor-setup-center');
    const form = page.getByTestId('setup-center');
    await form.locator('input[name="nameEn"]').fill('Asan Khidmat Markaz, Lahore (Gulberg)');
    await form.locator('input[name="nameUr"]').fill('آسان خدمت مرکز، لاہور (گلبرگ)');
    await form.locator('input[name="centerId"]').fill('lhr gulberg!');
    await form.getByRole('button', { name: 'Create the centre' }).click();
    await form.getByRole('alert').filter({ hasText: 'Center id: use 2–32 small letters' }).waitFor();
    await form.locator('input[name="centerId"]').fill('lhr-gulberg');
    expect(await form.locator('input[name="timezone"]').inputValue()).toBe('Asia/Karachi');
    await form.getByRole('button', { name: 'Create the centre' }).click();

    // The checklist: services first.
    const checklist = page.getByTestId('setup-checklist');
    await checklist.waitFor();
    expect(new URL(page.url()).searchParams.get('center')).toBe('lhr-gulberg');
    expect(await axeViolations(page), 'checklist').toEqual([]);
    await screenshot(page, 'supervisor-setup-checklist');
    await checklist.locator('button[data-step="services"]').click();
    await page.getByRole('button', { name: 'New', exact: true }).click();
    const serviceForm = page.locator('form[aria-label="New"]');
    await serviceForm.locator('input[name="prefix"]').fill('E');
    await serviceForm.locator('input[name="nameEn"]').fill('Excise & taxation — vehicle tax');
    await serviceForm.locator('input[name="nameUr"]').fill('ایکسائز و ٹیکسیشن — گاڑی ٹیکس');
    await serviceForm.getByRole('button', { name: 'Create' }).click();
    await page.getByTestId('admin-services').getByText('Excise & taxation — vehicle tax').waitFor();

    await checklist.locator('button[data-step="counters"].btn-primary').click();
    await page.getByRole('button', { name: 'New', exact: true }).click();
    const counterForm = page.locator('form[aria-label="New"]');
    await counterForm.locator('input[name="counterName"]').fill('Window 1');
    await counterForm.locator('input[name="weight-E"]').fill('1');
    await counterForm.getByRole('button', { name: 'Create' }).click();
    await page.getByTestId('admin-counters').getByText(/Window 1/).waitFor();

    await checklist.locator('button[data-step="users"].btn-primary').click();
    await page.getByRole('button', { name: 'New', exact: true }).click();
    const userForm = page.locator('form[aria-label="New"]');
    await userForm.locator('input[name="username"]').fill('clerk1');
    await userForm.locator('input[name="name"]').fill('Sana Iqbal');
    await userForm.locator('input[name="password"]').fill('clerk1-password');
    await userForm.getByRole('button', { name: 'Create' }).click();
    // All done: the checklist goes away.
    await checklist.waitFor({ state: 'detached' });

    // The kiosk, left open, comes up by itself; one service: one tap to a ticket.
    await kiosk.locator('button[data-prefix="E"]').waitFor({ timeout: 20_000 });
    await kiosk.locator('button[data-prefix="E"]').click();
    await kiosk.getByTestId('ticket-code').waitFor();
    expect(await kiosk.getByTestId('ticket-code').textContent()).toBe('E001');

    // The operator's console: the counter picker says what Window 1 serves; the ticket is called there.
    const clerk = await hall.browser.newContext({ viewport: { width: 1366, height: 768 } });
    const desk = await clerk.newPage();
    desk.on('pageerror', (e) => errors.push(e.message));
    await desk.goto(hall.server.url + '/counter');
    await signIn(desk, 'clerk1', 'clerk1-password');
    const picker = desk.locator('label.picker-item', { hasText: 'Window 1' });
    await picker.waitFor();
    expect(await picker.getByTestId('picker-services').textContent()).toContain('E Excise & taxation — vehicle tax');
    await picker.click();
    await desk.getByRole('button', { name: 'Open Window 1' }).click();
    await desk.getByRole('heading', { name: 'Window 1' }).waitFor();
    await desk.getByRole('button', { name: /Call next/ }).click();
    await desk.getByTestId('message').filter({ hasText: 'E001 called.' }).waitFor();
    await clerk.close();
    expect(errors).toEqual([]);
  });
});
