import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { axeViolations, describeViolations, hasChromium, launchBrowser, openConsole, screenshot } from './support/browser';
import { checkLayout, describeProblems } from './support/layout-check';
import { startE2EServer, type E2EServer } from './support/server';
import { adminPassword } from '../support/test-app';

// Demo centre, one-stop visits appended after its 11 services: 12 PD → 13 PB → 14 PF (fee, paid before the
// call) → 15 PC; 16 CR (fee) → 17 NT → 18 CH. Counter 4 serves PD and PC, counter 5 PB and PF, counter 9 CR.
const PD = 12;
const PB = 13;
const PF = 14;
const CR = 16;
const secret = `whsec_${crypto.randomBytes(24).toString('base64')}`;
const poll = <T,>(fn: () => Promise<T> | T, timeout = 8000) => expect.poll(fn, { timeout, interval: 100 });
const longEn = 'Passport: photograph, fingerprints and digital signature capture (all applicants, minors included)';
const longUr = 'پاسپورٹ: تصویر، انگلیوں کے نشانات اور ڈیجیٹل دستخط کا اندراج (تمام درخواست گزار، بشمول نابالغ)';

describe.skipIf(!hasChromium)('counter console: journeys and fees', () => {
  let server: E2EServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let op4: Page; // counter 4: documents, collection
  let op5: Page; // counter 5: biometrics, fee
  const pageErrors: string[] = [];
  let adminCookie = '';

  async function operator(username: string, counter: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await openConsole(page, server.url, 'isb-g9', username, counter);
    return page;
  }

  async function issue(serviceId: number): Promise<{ id: number; code: string }> {
    const res = await fetch(`${server.url}/api/v1/centers/isb-g9/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serviceId }) });
    expect(res.status).toBe(201);
    return (await res.json()).ticket;
  }

  /** The fee authority's signed notice that a PSID was paid. */
  async function notice(psid: string, receiptRef: string): Promise<number> {
    const body = JSON.stringify({ psid, status: 'paid', paidAt: new Date().toISOString(), receiptRef });
    const id = `msg_${crypto.randomUUID()}`;
    const now = new Date();
    const res = await fetch(`${server.url}/api/v1/integrations/payments`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': new Webhook(secret).sign(id, now, body) },
    });
    return res.status;
  }

  const current = (page: Page) => page.locator('.ticket-code').textContent({ timeout: 5000 });
  const message = (page: Page) => page.getByTestId('message').textContent();
  const row = (page: Page, code: string) => page.locator(`tr[data-code="${code}"]`);
  async function expectClean(page: Page, what: string) {
    const violations = await axeViolations(page);
    expect(violations, `${what}: ${describeViolations(violations)}`).toEqual([]);
    const problems = await checkLayout(page);
    expect(problems, `${what}:\n${describeProblems(problems)}`).toEqual([]);
  }

  beforeAll(async () => {
    server = await startE2EServer({ config: { paymentWebhookSecret: secret } });
    browser = await launchBrowser();
    // Ticket numbers past 999 (a busy hall's afternoon): 4-digit codes.
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Karachi' }).format(new Date());
    await server.database.db
      .insertInto('daily_sequences')
      .values([PD, CR].map((id) => ({ service_id: id, service_day: day, last_number: 1040 })))
      .execute();
    // A long service name in both languages, set as an administrator would.
    const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: adminPassword }) });
    adminCookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const patched = await fetch(`${server.url}/api/v1/admin/services/${PB}`, { method: 'PATCH', headers: { 'content-type': 'application/json', cookie: adminCookie }, body: JSON.stringify({ name: { en: longEn, ur: longUr } }) });
    expect(patched.status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });

  let passport: { id: number; code: string };

  it('shows the journey of the current ticket and where the citizen goes on complete', async () => {
    op4 = await operator('operator1', '4');
    op5 = await operator('operator2', '5');
    passport = await issue(PD);
    expect(passport.code).toBe('PD1041');
    await poll(() => row(op4, passport.code).count()).toBe(1);
    expect(await row(op4, passport.code).locator('[data-mark="journey"]').textContent()).toBe('step 1 of 4');
    await op4.locator('body').click({ position: { x: 5, y: 5 } });
    await op4.keyboard.press('n');
    await poll(() => current(op4)).toBe(passport.code);
    const steps = op4.getByTestId('journey').locator('li');
    expect(await steps.evaluateAll((li) => li.map((e) => e.getAttribute('data-status')))).toEqual(['current', 'pending', 'pending', 'pending']);
    expect(await steps.nth(1).textContent()).toContain(longEn);
    expect(await op4.getByTestId('next-stop').textContent()).toContain(`On “Complete” the citizen goes on to PB · ${longEn}`);
    // No fee at this stop.
    expect(await op4.getByTestId('fee').count()).toBe(0);
    await expectClean(op4, 'journey, English');
    await screenshot(op4, 'counter-journey', { fullPage: true });

    await op4.keyboard.press('c');
    await poll(() => message(op4)).toBe(`${passport.code} goes on to PB · ${longEn}.`);
    // Same code, waiting at counter 5's line, step 2 of 4.
    await poll(() => row(op5, passport.code).locator('[data-mark="journey"]').textContent()).toBe('step 2 of 4');
  }, 90_000);

  it('holds a fee stop until paid: PSID checked as typed, taken once, paid by the fee authority live', async () => {
    await op5.getByRole('button', { name: `Call ${passport.code}` }).click();
    await poll(() => current(op5)).toBe(passport.code);
    expect(await op5.getByTestId('journey').locator('li').evaluateAll((li) => li.map((e) => e.getAttribute('data-status')))).toEqual(['done', 'current', 'pending', 'pending']);
    await op5.keyboard.press('c');
    await poll(() => message(op5)).toBe(`${passport.code} goes on to PF · Passport: fee (pay by PSID).`);

    // At the fee stop the ticket waits for its payment: marked, not callable, and Call next passes it over.
    const held = row(op5, passport.code);
    await poll(() => held.locator('[data-mark="payment"]').textContent()).toBe('waiting for payment');
    expect(await held.getByRole('button', { name: `Call ${passport.code}` }).isDisabled()).toBe(true);
    await op5.keyboard.press('n');
    await poll(() => message(op5)).toBe('Nobody is waiting for this counter.');

    // Recording its PSID from the waiting list (pay while you wait).
    await held.getByRole('button', { name: `Fee of ${passport.code}` }).click();
    const dialog = op5.getByRole('dialog', { name: `Fee of ${passport.code}` });
    await dialog.waitFor();
    expect(await dialog.getByTestId('fee-amount').textContent()).toBe('PKR 4,500');
    expect(await dialog.getByTestId('fee').textContent()).toContain('Passport fee, 36 pages, normal (example)');
    const psidBox = dialog.getByLabel('PSID (Payment Slip ID, 17 digits)');
    await psidBox.fill('1021234567890123'); // 16 digits
    await psidBox.press('Tab');
    expect(await dialog.getByText('A PSID is exactly 17 digits (16 typed).').isVisible()).toBe(true);
    expect(await psidBox.getAttribute('aria-invalid')).toBe('true');
    await screenshot(op5, 'counter-fee-dialog-invalid');

    // Saving it anyway sends nothing: the hint stays.
    await dialog.getByRole('button', { name: 'Save PSID' }).click();
    expect(await dialog.getByText('A PSID is exactly 17 digits (16 typed).').isVisible()).toBe(true);
    expect(await dialog.getByTestId('fee-message').count()).toBe(0);

    // A PSID another ticket holds is refused in plain words.
    const second = await issue(PF);
    const taken = '10212345678901234';
    const given = await op5.evaluate(
      async ([id, psid]) => (await fetch(`/api/v1/tickets/${id}/payment`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ psid }) })).status,
      [second.id, taken] as const,
    );
    expect(given).toBe(200);
    await psidBox.fill(taken);
    await dialog.getByRole('button', { name: 'Save PSID' }).click();
    await poll(() => dialog.getByRole('alert').textContent()).toBe('Another ticket already holds this PSID. Check the number on the slip.');

    const psid = '10299887766554433';
    await psidBox.fill(`${psid.slice(0, 5)} ${psid.slice(5)}`); // a space as typed from the slip
    await dialog.getByRole('button', { name: 'Save PSID' }).click();
    await poll(() => dialog.getByTestId('fee-psid').textContent()).toBe(psid);
    expect(await dialog.getByTestId('fee-message').textContent()).toBe('PSID saved. The citizen can pay it in any bank app.');
    await expectClean(op5, 'fee dialog');
    await screenshot(op5, 'counter-fee-dialog');
    await dialog.getByRole('button', { name: 'Close' }).click();

    // The citizen pays in a bank app; the fee authority's notice releases the ticket on screen, live.
    expect(await notice(psid, '1LINK-778899')).toBe(200);
    await poll(() => held.locator('[data-mark="payment"]').count()).toBe(0);
    await poll(() => held.getByRole('button', { name: `Call ${passport.code}` }).isDisabled()).toBe(false);
    await op5.keyboard.press('n');
    await poll(() => current(op5)).toBe(passport.code);
    expect(await op5.getByTestId('fee-status').textContent()).toBe('Paid');
    expect(await op5.getByTestId('fee').textContent()).toContain('1LINK-778899');
    await op5.keyboard.press('c');
    await poll(() => message(op5)).toBe(`${passport.code} goes on to PC · Passport: collection.`);
    await poll(() => row(op4, passport.code).locator('[data-mark="journey"]').textContent()).toBe('step 4 of 4');
    // The second fee ticket still waits for its payment.
    await poll(() => row(op5, second.code).locator('[data-mark="payment"]').count()).toBe(1);
  }, 90_000);

  it('records a fee at the counter and ends a visit early; Urdu, right to left', async () => {
    const op9 = await operator('operator3', '9');
    const company = await issue(CR);
    expect(company.code).toBe('CR1041');
    await poll(() => row(op9, company.code).count()).toBe(1);
    await op9.keyboard.press('n');
    await poll(() => current(op9)).toBe(company.code);
    await op9.getByRole('button', { name: /Switch to Urdu/ }).click();
    expect(await op9.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await op9.getByTestId('fee-amount').textContent()).toBe('1,000 روپے');
    expect(await op9.getByTestId('fee-status').textContent()).toBe('ادا نہیں ہوئی');
    await op9.getByLabel('پی ایس آئی ڈی (ادائیگی سلپ نمبر، 17 ہندسے)').fill('1021234567890');
    await op9.getByLabel('پی ایس آئی ڈی (ادائیگی سلپ نمبر، 17 ہندسے)').press('Enter');
    expect(await op9.getByText('پی ایس آئی ڈی پورے 17 ہندسوں کا ہوتا ہے (13 لکھے گئے)۔').isVisible()).toBe(true);
    await expectClean(op9, 'fee and journey, Urdu');
    await screenshot(op9, 'counter-fee-urdu', { fullPage: true });

    // Paid at the counter with the receipt the citizen shows, by keyboard only.
    await op9.getByLabel('رسید نمبر (بینک، ون لنک یا معافی کا حکم)').fill('HBL-55120');
    await op9.getByLabel('رسید نمبر (بینک، ون لنک یا معافی کا حکم)').press('Enter');
    await poll(() => op9.getByTestId('fee-status').textContent()).toBe('ادا شدہ');
    // The citizen stops after registration: end the visit here.
    await op9.getByTestId('end-journey').check();
    expect(await op9.getByTestId('next-stop').textContent()).toContain('آمد یہیں ختم');
    await op9.locator('body').click({ position: { x: 5, y: 5 } });
    await op9.keyboard.press('c');
    await poll(() => message(op9)).toBe(`${company.code} مکمل۔`);
    const events = (await (await fetch(`${server.url}/api/v1/tickets/${company.id}/events`, { headers: { cookie: adminCookie } })).json()) as { type: string; data: Record<string, unknown> }[];
    expect(events.find((e) => e.type === 'completed')?.data).toMatchObject({ journeyEnded: true });
    expect(events.filter((e) => e.type === 'payment').map((e) => e.data.status)).toEqual(['paid']);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
