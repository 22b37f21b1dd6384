import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, describeViolations, hasChromium, launchBrowser, screenshot } from './support/browser';
import { startE2EServer, type E2EServer } from './support/server';
import { adminPassword } from '../support/test-app';

const poll = <T,>(fn: () => Promise<T> | T, timeout = 8000) => expect.poll(fn, { timeout, interval: 100 });

async function axeClean(page: Page, what: string) {
  const violations = await axeViolations(page);
  expect(violations, `${what}:\n${describeViolations(violations)}`).toEqual([]);
}

type Template = { kind: string; language: string; text: string; isDefault: boolean };
const stored = (page: Page) => page.evaluate(async () => (await (await fetch('/api/v1/admin/message-templates')).json()) as Template[]);

describe.skipIf(!hasChromium)('Administration → Citizen messages', () => {
  let server: E2EServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startE2EServer();
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('edits the English and Urdu templates with placeholders and a preview, shows the server’s refusal, and goes back to the built-in text', async () => {
    await page.goto(`${server.url}/counter/supervisor?center=isb-g9`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Administration', exact: true }).click();
    await page.locator('[data-section="messages"]').click();
    const section = page.getByTestId('admin-templates-section');
    await section.getByRole('heading', { name: 'Citizen messages' }).waitFor();
    // The heading shows while the templates load ("Loading…"): wait for each kind's two forms.
    for (const kind of ['booked', 'reminder', 'near', 'called', 'feedback']) await poll(() => section.getByTestId(`template-${kind}`).locator('form').count()).toBe(2);

    const near = section.locator('form[data-kind="near"][data-language="en"]');
    const text = near.getByRole('textbox');
    // The preview fills the placeholders with this centre's own names and a 4-digit code.
    expect(await near.getByTestId('template-preview').textContent()).toContain('(National ID card (CNIC)): 3 ahead');
    expect(await section.locator('form[data-kind="feedback"][data-language="en"]').getByTestId('template-preview').textContent()).toContain('thank you for visiting Asan Khidmat Markaz');
    expect(await near.getByTestId('template-preview').textContent()).not.toContain('{');

    // A placeholder this kind does not have is flagged as typed, and the server's refusal is shown when saved.
    await text.fill('Navbat: {code} is near, call {phone}');
    await near.getByText('Not a placeholder of this message: {phone}.', { exact: false }).waitFor();
    await near.getByRole('button', { name: 'Save English text' }).click();
    const refusal = near.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('Not saved: this message may only use {code} {service} {center} {ahead} {link}.');
    expect(await refusal.textContent()).toContain('Server: unknown placeholder {phone}');
    expect((await stored(page)).find((x) => x.kind === 'near' && x.language === 'en')!.isDefault).toBe(true);
    await axeClean(page, 'templates with a refusal (en)');
    await screenshot(page, 'admin-templates-en-refused', { fullPage: true });

    // Inserting a placeholder by button puts it at the cursor; the preview shows its value.
    await text.fill('Navbat: ticket {code}, {ahead} ahead. Come back now: ');
    await near.getByRole('button', { name: '{link} link to the phone page — insert into the English text' }).click();
    await poll(() => text.inputValue()).toBe('Navbat: ticket {code}, {ahead} ahead. Come back now: {link}');
    expect(await near.getByTestId('template-preview').textContent()).toMatch(/^Navbat: ticket A1234, 3 ahead\. Come back now: http:\/\/127\.0\.0\.1:\d+\/t\/Xk7Pq2Rm$/);
    await near.getByRole('button', { name: 'Save English text' }).click();
    await near.getByText('Saved. New messages use this text.').waitFor();
    expect((await stored(page)).find((x) => x.kind === 'near' && x.language === 'en')).toMatchObject({ text: 'Navbat: ticket {code}, {ahead} ahead. Come back now: {link}', isDefault: false });
    await near.getByText(/^changed /).waitFor();

    // Urdu: the screen right to left, the Urdu field right to left whatever the screen's language.
    const calledUr = section.locator('form[data-kind="called"][data-language="ur"]');
    expect(await calledUr.getByRole('textbox').getAttribute('dir')).toBe('rtl');
    await page.getByRole('button', { name: 'Switch to Urdu' }).click();
    await poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await section.getByRole('heading', { name: 'شہریوں کو پیغامات' }).waitFor();
    expect(await section.locator('form[data-kind="near"][data-language="en"] textarea').getAttribute('dir')).toBe('ltr');
    await calledUr.getByRole('textbox').fill('نوبت: ٹکٹ {code}، کاؤنٹر {counter} پر تشریف لائیں۔');
    expect(await calledUr.getByTestId('template-preview').textContent()).toBe('نوبت: ٹکٹ A1234، کاؤنٹر 1 پر تشریف لائیں۔');
    await calledUr.getByRole('button', { name: 'اردو متن محفوظ کریں' }).click();
    await calledUr.getByText('محفوظ ہو گیا۔', { exact: false }).waitFor();
    await axeClean(page, 'templates (ur)');
    await screenshot(page, 'admin-templates-ur', { fullPage: true });

    // Back to the built-in text.
    await calledUr.getByRole('button', { name: 'پہلے سے طے شدہ اردو متن پر واپس جائیں' }).click();
    await calledUr.getByText('پہلے سے طے شدہ متن دوبارہ استعمال ہو رہا ہے۔').waitFor();
    const called = (await stored(page)).find((x) => x.kind === 'called' && x.language === 'ur')!;
    expect(called.isDefault).toBe(true);
    expect(await calledUr.getByRole('textbox').inputValue()).toBe(called.text);
    expect(pageErrors).toEqual([]);
  });
});
