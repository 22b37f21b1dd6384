import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { axeViolations, describeViolations, hasChromium, launchBrowser, screenshot } from './support/browser';
import { startE2EServer, type E2EServer } from './support/server';
import { startReceiver, type Receiver } from '../support/webhook-receiver';
import { adminPassword } from '../support/test-app';

const poll = <T,>(fn: () => Promise<T> | T, timeout = 10_000) => expect.poll(fn, { timeout, interval: 100 });

async function expectNoAxeViolations(page: Page, what: string) {
  const violations = await axeViolations(page);
  expect(violations, `${what}:\n${describeViolations(violations)}`).toEqual([]);
}

describe.skipIf(!hasChromium)('Administration → Webhooks', () => {
  let server: E2EServer;
  let receiver: Receiver;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // Only this suite delivers: the outbox dispatcher runs and loopback receivers are allowed.
    server = await startE2EServer({ config: { dispatchOutbox: true, webhookAllowPrivateNetworks: true } });
    receiver = await startReceiver();
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await receiver?.close();
    await server?.close();
  });

  it('creates a webhook, shows its secret once, and logs a delivered event the receiver can verify, in English and Urdu', async () => {
    await page.goto(`${server.url}/counter/supervisor?center=isb-g9`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Administration', exact: true }).click();
    await page.getByRole('button', { name: 'Webhooks', exact: true }).click();
    await page.getByText('No webhooks yet.').waitFor();

    // A bad address is refused with words, and nothing is stored.
    await page.getByRole('button', { name: 'New webhook' }).click();
    await page.getByLabel('Receiver URL').fill('ftp://example.org/hooks');
    await page.getByRole('button', { name: 'Create webhook' }).click();
    await page.getByRole('alert').filter({ hasText: 'The address was refused' }).waitFor();
    expect(await page.evaluate(async () => (await (await fetch('/api/v1/admin/webhooks')).json()) as unknown[])).toEqual([]);

    // Only ticket events, of this centre.
    await page.getByLabel('Receiver URL').fill(receiver.url);
    await page.getByLabel('All events, including ones added later').uncheck();
    await page.getByLabel('ticket.issued', { exact: true }).check();
    await page.getByLabel('ticket.called', { exact: true }).check();
    await page.getByLabel('Centre').selectOption('isb-g9');
    await expectNoAxeViolations(page, 'webhook form (en)');
    await screenshot(page, 'webhooks-admin-en-form', { fullPage: true });
    await page.getByRole('button', { name: 'Create webhook' }).click();

    const secretBox = page.getByTestId('webhook-secret');
    await secretBox.waitFor();
    expect(await secretBox.textContent()).toContain('shown only this once');
    const secret = await secretBox.locator('input[name="secret"]').inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    await page.getByRole('button', { name: 'Copy', exact: true }).click();
    await secretBox.getByText('Copied.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    const stored = await page.evaluate(async () => (await (await fetch('/api/v1/admin/webhooks')).json()) as { url: string; events: string[]; centerId: string; enabled: boolean }[]);
    expect(stored).toEqual([expect.objectContaining({ url: receiver.url, events: ['ticket.called', 'ticket.issued'], centerId: 'isb-g9', enabled: true })]);
    const item = page.getByTestId('webhook-item');
    expect(await item.textContent()).toContain('enabled');
    expect(await item.textContent()).toContain('ticket.called, ticket.issued · isb-g9');
    await expectNoAxeViolations(page, 'secret shown once (en)');
    await screenshot(page, 'webhooks-admin-en-secret', { fullPage: true });

    // Dismissed, the secret is nowhere on the page any more.
    await page.getByRole('button', { name: 'I have stored it' }).click();
    expect(await secretBox.count()).toBe(0);
    expect(await page.content()).not.toContain(secret);

    // A ticket issued in the hall reaches the receiver, signed with that secret.
    const issued = await fetch(`${server.url}/api/v1/centers/isb-g9/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serviceId: 1 }) });
    expect(issued.status).toBe(201);
    const { ticket } = (await issued.json()) as { ticket: { publicId: string } };
    await receiver.waitFor(1);
    const verified = new Webhook(secret).verify(receiver.received[0]!.body, receiver.received[0]!.headers) as { type: string; data: { publicId: string } };
    expect(verified).toMatchObject({ type: 'ticket.issued', data: { publicId: ticket.publicId } });

    // The delivery log shows it delivered, with the receiver's status code.
    await page.getByRole('button', { name: `Delivery log ${receiver.url}` }).click();
    const row = page.locator(`tr[data-delivery="${receiver.received[0]!.headers['webhook-id']}"]`);
    await row.waitFor();
    await poll(async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      return row.getAttribute('data-status');
    }).toBe('delivered');
    expect(await row.textContent()).toContain('ticket.issued');
    expect(await row.textContent()).toContain('delivered');
    expect(await row.locator('td').nth(1).textContent()).toBe('1');
    expect(await row.locator('td').nth(2).textContent()).toBe('204');
    await expectNoAxeViolations(page, 'delivery log (en)');
    await screenshot(page, 'webhooks-admin-en-log', { fullPage: true });

    // Sent again by hand: the receiver gets the same webhook-id a second time.
    await row.getByRole('button', { name: /^Send again/ }).click();
    await page.getByText('Queued to send again.').waitFor();
    await receiver.waitFor(2);
    expect(receiver.received[1]!.headers['webhook-id']).toBe(receiver.received[0]!.headers['webhook-id']);

    // Rotating shows the new secret once; the next delivery verifies with it.
    await page.getByRole('button', { name: `Rotate secret ${receiver.url}` }).click();
    await secretBox.waitFor();
    const rotated = await secretBox.locator('input[name="secret"]').inputValue();
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    await page.getByRole('button', { name: 'I have stored it' }).click();

    // Urdu: the same section, right to left, axe clean.
    await page.getByRole('button', { name: 'Switch to Urdu' }).click();
    await page.getByRole('heading', { name: 'ویب ہُکس' }).waitFor();
    // The log shows what it last read: refresh until the delivery sent again by hand is recorded delivered.
    await poll(async () => {
      await page.getByRole('button', { name: 'تازہ کریں' }).click();
      return row.textContent();
    }).toContain('پہنچ گیا');
    await expectNoAxeViolations(page, 'webhooks (ur)');
    await screenshot(page, 'webhooks-admin-ur-log', { fullPage: true });

    // A receiver that answers 410 Gone disables the webhook; the list says why, and "Re-enable" turns it on again.
    receiver.respondWith(() => ({ status: 410 }));
    const gone = await fetch(`${server.url}/api/v1/centers/isb-g9/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serviceId: 1 }) });
    expect(gone.status).toBe(201);
    await receiver.waitFor(3);
    await poll(async () => ((await page.evaluate(async () => (await (await fetch('/api/v1/admin/webhooks')).json()) as { enabled: boolean }[]))[0]!.enabled)).toBe(false);
    await page.reload();
    await page.getByRole('button', { name: 'انتظام', exact: true }).click();
    await page.locator('[data-section="webhooks"]').click();
    await item.getByText(/^بند: وصول کنندہ نے .?410 Gone.? جواب دیا$/).waitFor();
    expect(await item.textContent()).toContain('بند رہنے کے دوران');
    await expectNoAxeViolations(page, 'disabled webhook (ur)');
    await screenshot(page, 'webhooks-admin-ur-disabled', { fullPage: true });
    receiver.respondWith(() => ({ status: 204 }));
    await page.getByRole('button', { name: `دوبارہ فعال کریں ${receiver.url}` }).click();
    await page.getByText('دوبارہ فعال: نئے واقعات بھیجے جائیں گے۔', { exact: false }).waitFor();
    await item.getByText('فعال', { exact: true }).waitFor();
    expect(await page.evaluate(async () => (await (await fetch('/api/v1/admin/webhooks')).json()) as unknown[])).toEqual([expect.objectContaining({ enabled: true, disabledReason: null })]);
    // Enabled again, the next event is delivered.
    await fetch(`${server.url}/api/v1/centers/isb-g9/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serviceId: 1 }) });
    await receiver.waitFor(4);
    expect(JSON.parse(receiver.received[3]!.body)).toMatchObject({ type: 'ticket.issued' });

    // Delete asks first; "keep" keeps, "yes" removes it and its log.
    await page.getByRole('button', { name: `حذف کریں ${receiver.url}` }).click();
    await page.getByRole('button', { name: 'رہنے دیں' }).click();
    expect(await page.getByTestId('webhook-item').count()).toBe(1);
    await page.getByRole('button', { name: `حذف کریں ${receiver.url}` }).click();
    await screenshot(page, 'webhooks-admin-ur-confirm', { fullPage: true });
    await page.getByRole('button', { name: 'ہاں، حذف کریں' }).click();
    await page.getByText('ابھی کوئی ویب ہُک نہیں۔').waitFor();
    expect(await page.evaluate(async () => (await (await fetch('/api/v1/admin/webhooks')).json()) as unknown[])).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
