import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Counter, ServicesResponse, Ticket } from '@navbat/shared';
import { adminPassword } from '../support/test-app';
import { axeViolations, describeViolations, hasChromium, screenshot } from './support/browser';
import { checkLayout, describeProblems } from './support/layout-check';
import { hallApi, useE2EHall } from './support/hall';

const center = 'isb-g9';
const publicUrl = 'https://navbat.example.pk';
const names = {
  a: { en: 'Computerised National Identity Card — new, renewal, modification and duplicate (all categories)', ur: 'کمپیوٹرائزڈ قومی شناختی کارڈ — نیا، تجدید، ترمیم اور نقل (تمام اقسام)' },
  b: { en: 'Birth, family and marriage registration certificates (B-Form, FRC, MRC)', ur: 'پیدائش، خاندان اور نکاح کے رجسٹریشن سرٹیفکیٹ (ب فارم، ایف آر سی)' },
};
const fee = { amountPkr: 1500, label: { en: 'NADRA card fee, urgent (example)', ur: 'نادرا کارڈ فیس، فوری (مثال)' } };
const psid = '10212345678901234';

describe.skipIf(!hasChromium)('phone page: remote ticket, push, fee and journey', () => {
  // A cheap Android phone, on a server with PUBLIC_URL set.
  const hall = useE2EHall({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true }, { config: { publicUrl } });
  const api = <T>(path: string, init: Parameters<typeof hallApi>[2] = {}) => hallApi<T>(hall, path, init);
  const ids = { a: 0, b: 0 };

  async function login(username: string, password: string): Promise<string> {
    const res = await fetch(`${hall.server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    expect(res.status).toBe(200);
    return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  }

  beforeAll(async () => {
    // Headless Chromium has no push service to subscribe with: a stub PushManager answers what a real
    // browser's subscription gives (the permission itself is granted to the context below).
    await hall.context.addInitScript(() => {
      const subscription = {
        endpoint: 'https://fcm.googleapis.com/fcm/send/e2e-stub',
        toJSON: () => ({ endpoint: 'https://fcm.googleapis.com/fcm/send/e2e-stub', expirationTime: null, keys: { p256dh: `B${'A'.repeat(86)}`, auth: 'A'.repeat(22) } }),
      };
      PushManager.prototype.subscribe = async () => subscription as unknown as PushSubscription;
      PushManager.prototype.getSubscription = async () => null;
    });
    await hall.context.grantPermissions(['notifications']);
    const cookie = await login('admin', adminPassword);
    const { services } = (await api<ServicesResponse>(`/api/v1/centers/${center}/services`)).body;
    ids.a = services.find((s) => s.prefix === 'A')!.id;
    ids.b = services.find((s) => s.groupId === services.find((x) => x.id === ids.a)!.groupId && s.id !== ids.a)!.id;
    expect((await api(`/api/v1/admin/centers/${center}`, { method: 'PATCH', cookie, body: { openingHours: null, remoteJoin: { enabled: true, confirmBy: 2 } } })).status).toBe(200);
    expect((await api(`/api/v1/admin/services/${ids.a}`, { method: 'PATCH', cookie, body: { name: names.a, openingHours: null, fee, nextServiceIds: [ids.b] } })).status).toBe(200);
    expect((await api(`/api/v1/admin/services/${ids.b}`, { method: 'PATCH', cookie, body: { name: names.b, openingHours: null } })).status).toBe(200);
  });

  async function operator() {
    const cookie = await login('operator1', 'operator1-demo');
    const counter = (await api<Counter[]>(`/api/v1/centers/${center}/counters`, { cookie })).body.find((c) => c.name === '1')!;
    const command = async (name: string, body: object = {}) => {
      const res = await api<{ ticket?: Ticket }>(`/api/v1/counters/${counter.id}/${name}`, { method: 'POST', cookie, body });
      expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(200);
      return res.body?.ticket ?? null;
    };
    const payment = async (ticketId: number, body: object) => expect((await api(`/api/v1/tickets/${ticketId}/payment`, { method: 'POST', cookie, body })).status).toBe(200);
    await command('open');
    return { command, payment };
  }
  async function expectClean(page: Page, screen: string) {
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    const violations = await axeViolations(page);
    expect(violations, `${screen}:\n${describeViolations(violations)}`).toEqual([]);
    const problems = (await checkLayout(page)).filter((p) => !(p.kind === 'offscreen' && p.side === 'bottom'));
    expect(problems, `${screen}:\n${describeProblems(problems)}`).toEqual([]);
  }
  const issue = async (body: object) => {
    const res = await api<{ ticket: Ticket }>(`/api/v1/centers/${center}/tickets`, { method: 'POST', body: { serviceId: ids.a, ...body } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.ticket;
  };

  it('a remote ticket shows its QR for the kiosk, then "come to the centre now"; push, PSID and the journey follow live', async () => {
    const first = await issue({});
    await issue({});
    const mine = await issue({ channel: 'web', language: 'en' });
    expect(mine).toMatchObject({ position: 3, arrived: false, comeNow: false });

    const page = await hall.context.newPage();
    await page.goto(`${hall.server.url}/t/${mine.publicId}`);
    await page.locator('.connection[data-state="live"]').waitFor({ timeout: 30_000 });
    // Not arrived: its QR code (PUBLIC_URL, read by the kiosk's scanner) and the code to type.
    await page.locator('img.phone-qr').waitFor();
    expect(await page.locator('img.phone-qr').getAttribute('data-qr-value')).toBe(`${publicUrl}/t/${mine.publicId}`);
    expect(await page.getByTestId('arrival-code').textContent()).toBe(mine.publicId);
    expect(await page.getByTestId('come-now').count()).toBe(0);
    // The fee: amount with its label, not paid, the PSID to come from the counter.
    expect(await page.getByTestId('fee-fee').textContent()).toBe(`PKR 1,500 — ${fee.label.en}`);
    expect(await page.getByTestId('fee-status').textContent()).toBe('Not paid yet');
    expect(await page.getByTestId('fee-hint').textContent()).toBe('The counter gives you the PSID to pay it in your bank app.');
    // The journey: this service now, the next one to come.
    expect(await page.locator('[data-testid="journey"] li').evaluateAll((li) => li.map((l) => `${l.getAttribute('data-stop-status')}:${l.querySelector('.stop-name')?.textContent}`))).toEqual([
      `current:${names.a.en}`,
      `pending:${names.b.en}`,
    ]);
    await expectClean(page, 'remote, not near (en)');
    await screenshot(page, 'phone-en-remote', { fullPage: true });

    // One ahead is called: position 2 = confirmBy, "come to the centre now" arrives over the socket.
    const desk = await operator();
    expect((await desk.command('call-next'))?.id).toBe(first.id);
    await page.getByTestId('come-now').waitFor();
    expect(await page.getByTestId('come-now').textContent()).toBe('Come to the centre now');
    // The browser tab says it too, for a page left in the background.
    expect(await page.title()).toBe(`${mine.code} · Come to the centre now`);
    await expectClean(page, 'come now (en)');
    await screenshot(page, 'phone-en-come-now');

    // "Tell me when my turn is near": the server receives the subscription.
    const push = page.getByTestId('push');
    expect(await push.getAttribute('data-push-state')).toBe('idle');
    const saved = page.waitForResponse((r) => r.url().endsWith(`/tickets/${mine.publicId}/push-subscriptions`) && r.request().method() === 'POST');
    await push.getByRole('button', { name: 'Tell me when my turn is near' }).click();
    const answer = await saved;
    expect(answer.status(), await answer.text()).toBeLessThan(300);
    expect((answer.request().postDataJSON() as { endpoint: string }).endpoint).toBe('https://fcm.googleapis.com/fcm/send/e2e-stub');
    await page.locator('[data-push-state="subscribed"]').waitFor();
    expect(await push.textContent()).toBe('We will tell you when your turn is near.');

    // The counter records the PSID: the phone says how to pay with it.
    await desk.payment(mine.id, { psid });
    await page.getByTestId('fee-psid').waitFor();
    expect(await page.getByTestId('fee-hint').textContent()).toBe(`Pay in your bank app (1Link / any bank, JazzCash, Easypaisa) with PSID ${psid}`);
    await screenshot(page, 'phone-en-psid', { fullPage: true });

    // Checked in at the kiosk: the code for the scanner goes away.
    expect((await api(`/api/v1/centers/${center}/check-in`, { method: 'POST', body: { code: `${publicUrl}/t/${mine.publicId}` } })).status).toBe(200);
    await page.getByTestId('arrival').waitFor({ state: 'detached' });
    expect(await page.getByTestId('come-now').count()).toBe(0);

    // Paid, served, on to the next stop of the journey: done, now.
    await desk.payment(mine.id, { status: 'paid', receiptRef: '1LINK-778899' });
    await page.locator('.fee-paid').waitFor();
    await desk.command('complete', {});
    expect((await desk.command('call-next'))?.id).not.toBe(mine.id);
    await desk.command('complete', {});
    expect((await desk.command('call-next'))?.id).toBe(mine.id);
    await desk.command('complete', {});
    await page.locator('[data-testid="journey"] li[data-stop-status="done"]').waitFor();
    expect(await page.locator('[data-testid="journey"] li').evaluateAll((li) => li.map((l) => l.getAttribute('data-stop-status')))).toEqual(['done', 'current']);
    expect(await page.locator('.service').textContent()).toBe(names.b.en);
    await expectClean(page, 'journey (en)');
    await screenshot(page, 'phone-en-journey', { fullPage: true });

    await page.locator('.lang-toggle').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await page.locator('[data-testid="journey"] li .stop-status').allTextContents()).toEqual(['مکمل', 'ابھی']);
    await expectClean(page, 'journey (ur)');
    await screenshot(page, 'phone-ur-journey', { fullPage: true });
    await page.close();
  });

  it('Urdu, a remote ticket near the front: come now, its QR, the fee; push denied is said, and hidden where the browser has no push', async () => {
    // The line of the first test is empty now: first in line, within confirmBy at once.
    const mine = await issue({ channel: 'web', language: 'ur' });
    expect(mine).toMatchObject({ position: 1, arrived: false, comeNow: true });
    const denied = await hall.browser.newContext({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });
    await denied.addInitScript(() => {
      Notification.requestPermission = async () => 'denied';
    });
    const page = await denied.newPage();
    await page.goto(`${hall.server.url}/t/${mine.publicId}`);
    await page.locator('.connection[data-state="live"]').waitFor({ timeout: 30_000 });
    await page.locator('img.phone-qr').waitFor();
    expect(await page.getByTestId('come-now').textContent()).toBe('ابھی مرکز تشریف لائیں');
    expect(await page.getByTestId('fee-fee').textContent()).toBe(`1,500 روپے — ${fee.label.ur}`);
    await page.getByTestId('push').getByRole('button').click();
    await page.locator('[data-push-state="denied"]').waitFor();
    await expectClean(page, 'remote (ur)');
    await screenshot(page, 'phone-ur-remote', { fullPage: true });
    await denied.close();

    const noPush = await hall.browser.newContext({ viewport: { width: 360, height: 740 } });
    await noPush.addInitScript(() => {
      delete (window as unknown as { PushManager?: unknown }).PushManager;
    });
    const plain = await noPush.newPage();
    await plain.goto(`${hall.server.url}/t/${mine.publicId}`);
    await plain.locator('.connection[data-state="live"]').waitFor({ timeout: 30_000 });
    expect(await plain.getByTestId('push').count()).toBe(0);
    await noPush.close();
  });
});
