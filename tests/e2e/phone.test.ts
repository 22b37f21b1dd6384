import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Counter, ServicesResponse, Ticket } from '@navbat/shared';
import { axeViolations, describeViolations, hasChromium, screenshot } from './support/browser';
import { useE2EHall, hallApi } from './support/hall';
import { adminPassword } from '../support/test-app';

const center = 'isb-g9';

describe.skipIf(!hasChromium)('phone page /t/:publicId', () => {
  // A cheap Android phone.
  const hall = useE2EHall({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });

  beforeAll(async () => {
    await hall.context.addInitScript(() => {
      const w = window as unknown as { __vibrations: unknown[] };
      w.__vibrations = [];
      Object.defineProperty(navigator, 'vibrate', {
        configurable: true,
        value: (pattern: unknown) => {
          w.__vibrations.push(pattern);
          return true;
        },
      });
    });
  });

  const api = <T>(path: string, init: Parameters<typeof hallApi>[2] = {}) => hallApi<T>(hall, path, init);
  async function serviceId(prefix: string): Promise<number> {
    const { body } = await api<ServicesResponse>(`/api/v1/centers/${center}/services`);
    return body.services.find((s) => s.prefix === prefix)!.id;
  }
  async function issue(prefix: string, language: 'en' | 'ur' = 'en'): Promise<Ticket> {
    const { status, body } = await api<{ ticket: Ticket }>(`/api/v1/centers/${center}/tickets`, { method: 'POST', body: { serviceId: await serviceId(prefix), language } });
    expect(status).toBe(201);
    return body.ticket;
  }
  async function ticketOf(publicId: string): Promise<Ticket> {
    return (await api<{ ticket: Ticket }>(`/api/v1/tickets/${publicId}`)).body.ticket;
  }
  /** An operator working the counter named `counterName`, driving it through the API. */
  async function operatorAt(username: string, counterName: string) {
    const login = await fetch(`${hall.server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: `${username}-demo` }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const counters = (await api<Counter[]>(`/api/v1/centers/${center}/counters`, { cookie })).body;
    const counter = counters.find((c) => c.name === counterName)!;
    const command = async (name: string, expected = 200) => {
      const res = await api<{ ticket?: Ticket }>(`/api/v1/counters/${counter.id}/${name}`, { method: 'POST', cookie });
      expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(expected);
      return res.body?.ticket ?? null;
    };
    await command('open');
    return { command, counter };
  }

  async function openPhone(publicId: string): Promise<Page> {
    const page = await hall.context.newPage();
    await page.goto(`${hall.server.url}/t/${publicId}`);
    await page.locator('article.ticket').waitFor();
    await waitLive(page);
    return page;
  }
  const waitLive = (page: Page) => page.locator('.connection[data-state="live"]').waitFor({ timeout: 30_000 });
  const statusOf = (page: Page) => page.locator('article.ticket').getAttribute('data-status');
  async function expectNoAxeViolations(page: Page, screen: string) {
    const violations = await axeViolations(page);
    expect(violations, `${screen}:\n${describeViolations(violations)}`).toEqual([]);
  }

  it('follows the ticket live: its place in line, the call with vibration, and a rating once it is done', async () => {
    const first = await issue('A');
    const mine = await issue('A');
    const page = await openPhone(mine.publicId);
    // The phone page is light: it loads neither the kiosk bundle nor the QR library.
    const scripts = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => r.name).filter((n) => n.endsWith('.js')));
    expect(scripts.some((s) => s.includes('/assets/kiosk-'))).toBe(false);
    // ...and its scripts travel compressed (the build ships .gz/.br copies; plain HTTP gets gzip).
    for (const script of scripts) {
      const res = await fetch(script, { headers: { 'accept-encoding': 'gzip' } });
      expect(res.headers.get('content-encoding'), script).toBe('gzip');
      expect(res.headers.get('content-type'), script).toMatch(/javascript/);
      const plain = await fetch(script, { headers: { 'accept-encoding': 'identity' } });
      expect(plain.headers.get('content-encoding'), script).toBeNull();
    }

    expect(await page.locator('h1').textContent()).toBe(mine.code);
    expect(await page.getByTestId('position').textContent()).toBe('You are number 2 in line');
    expect(await page.title()).toBe(`${mine.code} · You are number 2 in line`);
    expect(await page.locator('.service').textContent()).toBe('National ID card (CNIC)');
    await expectNoAxeViolations(page, 'waiting');
    await screenshot(page, 'phone-en-waiting');

    const desk = await operatorAt('operator1', '1');
    expect((await desk.command('call-next'))?.id).toBe(first.id);
    // Pushed over the socket, no reload.
    await page.getByText('You are next in line').waitFor();
    expect(await page.evaluate(() => (window as unknown as { __vibrations: unknown[] }).__vibrations.length)).toBe(0);

    await desk.command('complete');
    expect((await desk.command('call-next'))?.id).toBe(mine.id);
    const turn = page.getByTestId('your-turn');
    await turn.waitFor();
    expect(await turn.textContent()).toBe('Your turn — go to counter 1');
    expect(await page.evaluate(() => (window as unknown as { __vibrations: unknown[] }).__vibrations.length)).toBe(1);
    await expectNoAxeViolations(page, 'called');
    await screenshot(page, 'phone-en-called');

    // A reload shows the same state.
    await page.reload();
    await page.getByTestId('your-turn').waitFor();

    await desk.command('start');
    await page.getByText('You are being served at counter 1').waitFor();
    await desk.command('complete');
    await page.getByRole('group', { name: 'How was the service?' }).waitFor();
    expect(await statusOf(page)).toBe('done');
    await expectNoAxeViolations(page, 'rating');
    const send = page.getByRole('button', { name: 'Send rating' });
    expect(await send.isDisabled()).toBe(true);
    // Tap the fourth star, as a citizen would.
    await page.locator('label.star', { has: page.getByRole('radio', { name: '4 stars' }) }).click();
    expect(await page.getByRole('radio', { name: '4 stars' }).isChecked()).toBe(true);
    expect(await page.locator('label.star.on').count()).toBe(4);
    await page.getByLabel('Comment (optional)').fill('Quick and polite');
    await screenshot(page, 'phone-en-rating');
    await send.click();
    await page.getByText('Thank you for your feedback.').waitFor();
    expect((await ticketOf(mine.publicId)).rated).toBe(true);
    // Once only: the server refuses a second rating, and after a reload the form is gone.
    expect((await api(`/api/v1/tickets/${mine.publicId}/feedback`, { method: 'POST', body: { rating: 1 } })).status).toBe(409);
    await page.reload();
    await page.getByText('Thank you for your feedback.').waitFor();
    expect(await page.getByRole('button', { name: 'Send rating' }).count()).toBe(0);
    await desk.command('close');
    await page.close();
  });

  it('cancels a waiting ticket only after the citizen confirms', async () => {
    const mine = await issue('P');
    const page = await openPhone(mine.publicId);
    await page.getByRole('button', { name: 'Cancel my token' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('You will lose your place in line');
    await expectNoAxeViolations(page, 'cancel question');
    await page.getByRole('button', { name: 'No, keep it' }).click();
    expect(await dialog.count()).toBe(0);
    expect((await ticketOf(mine.publicId)).status).toBe('waiting');

    await page.getByRole('button', { name: 'Cancel my token' }).click();
    await page.getByRole('button', { name: 'Yes, cancel it' }).click();
    await page.locator('article[data-status="cancelled"]').waitFor();
    expect(await page.locator('.headline').textContent()).toBe('Cancelled');
    expect((await ticketOf(mine.publicId)).status).toBe('cancelled');
    expect(await page.getByRole('button', { name: 'Cancel my token' }).count()).toBe(0);
    await page.close();
  });

  it("opens in the ticket's language (Urdu, right to left) and remembers a switch to English", async () => {
    const mine = await issue('D', 'ur');
    const page = await openPhone(mine.publicId);
    expect(await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).toEqual(['rtl', 'ur']);
    expect(await page.getByTestId('position').textContent()).toBe('اگلی باری آپ کی ہے');
    expect(await page.locator('.service').textContent()).toBe('ڈرائیونگ لائسنس');
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    expect(await page.evaluate(() => document.fonts.check('20px "Noto Naskh Arabic"', 'باری'))).toBe(true);
    await expectNoAxeViolations(page, 'waiting (ur)');
    await screenshot(page, 'phone-ur-waiting');

    const desk = await operatorAt('operator2', '6');
    expect((await desk.command('call-next'))?.id).toBe(mine.id);
    await page.getByText('آپ کی باری — کاؤنٹر 6 پر تشریف لے جائیں').waitFor();
    await expectNoAxeViolations(page, 'called (ur)');
    await screenshot(page, 'phone-ur-called');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('Your turn — go to counter 6').waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    await page.reload();
    await page.getByText('Your turn — go to counter 6').waitFor();
    await page.evaluate(() => localStorage.clear());
    await desk.command('no-show');
    await desk.command('close');
    await page.close();
  });

  it('names a named counter as it is: "Your turn — go to Window 3", in English and Urdu', async () => {
    const adminLogin = await fetch(`${hall.server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: adminPassword }),
    });
    const admin = adminLogin.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const counters = (await api<Counter[]>(`/api/v1/centers/${center}/counters`, { cookie: admin })).body;
    const seven = counters.find((c) => c.name === '7')!;
    expect((await api(`/api/v1/admin/counters/${seven.id}`, { method: 'PATCH', body: { name: 'Window 3' }, cookie: admin })).status).toBe(200);
    try {
      const mine = await issue('V', 'ur');
      const page = await openPhone(mine.publicId);
      const desk = await operatorAt('operator2', 'Window 3');
      expect((await desk.command('call-next'))?.id).toBe(mine.id);
      // The Latin name is isolated inside the Urdu sentence (FSI … PDI) and "3" bound to "Window" (no-break space).
      await page.getByText('آپ کی باری — \u2068Window\u00a03\u2069 پر تشریف لے جائیں').waitFor();
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByText('Your turn — go to Window 3').waitFor();
      expect(await page.locator('body').textContent()).not.toContain('counter Window');
      await desk.command('start');
      await page.getByText('You are being served at Window 3').waitFor();
      await desk.command('complete');
      await desk.command('close');
      await page.evaluate(() => localStorage.clear());
      await page.close();
    } finally {
      await api(`/api/v1/admin/counters/${seven.id}`, { method: 'PATCH', body: { name: '7' }, cookie: admin });
    }
  });

  it('reconnects by itself after a server restart and still gets the call', async () => {
    const mine = await issue('U');
    const page = await openPhone(mine.publicId);
    await hall.server.restart({ downtimeMs: 500 });
    await page.locator('.connection[data-state="live"]').waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
    await waitLive(page);
    const desk = await operatorAt('operator3', '13');
    expect((await desk.command('call-next'))?.id).toBe(mine.id);
    await page.getByText('Your turn — go to counter 13').waitFor();
    await page.close();
  });

  it('says so when the link is wrong', async () => {
    const page = await hall.context.newPage();
    await page.goto(`${hall.server.url}/t/nosuchticket0000000000`);
    await page.getByText('We could not find this token').waitFor();
    await expectNoAxeViolations(page, 'not found');
    await page.close();
  });
});
