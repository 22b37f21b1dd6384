import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { formatWaitRange, type EstimateAccuracy, type PublicService, type Ticket } from '@navbat/shared';
import { axeViolations, describeViolations, hasChromium, launchBrowser, screenshot } from './support/browser';
import { startE2EServer, type E2EServer } from './support/server';

const poll = <T,>(fn: () => Promise<T> | T, timeout = 10_000) => expect.poll(fn, { timeout, interval: 100 });
const minute = 60_000;

/**
 * The history below must fall on the centre's today. In the first hour after midnight in Islamabad (19:00–20:00
 * UTC) it cannot, so the server's clock then runs 90 minutes behind the real one, on the day before (the screens
 * take their times and "today" from the server's clock, as they do in a hall whose PCs are off).
 */
const islamabadMinutes = () => {
  const [h, m] = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Karachi', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date()).split(':').map(Number);
  return h! * 60 + m!;
};
const behindMs = islamabadMinutes() < 60 ? 90 * minute : 0;

/** The server's clock, which the history below holds at chosen past moments. */
const clock = { at: null as number | null, now: () => new Date(clock.at ?? Date.now() - behindMs) };

async function expectNoAxeViolations(page: Page, what: string) {
  const violations = await axeViolations(page);
  expect(violations, `${what}:\n${describeViolations(violations)}`).toEqual([]);
}

async function login(app: FastifyInstance, username: string, password: string) {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  return `navbat_session=${res.cookies.find((c) => c.name === 'navbat_session')!.value}`;
}

/**
 * Passports today: counter 4 served six tickets, eight minutes each, in the last 50 minutes; now three
 * more wait while it serves a fourth, so a ticket taken now waits a while and its range is wide.
 */
async function passportMorning(app: FastifyInstance) {
  const start = clock.now().getTime() - 50 * minute;
  clock.at = start;
  const cookie = await login(app, 'operator1', 'operator1-demo');
  const post = async (url: string, payload?: object) => {
    const res = await app.inject({ method: 'POST', url, headers: { cookie }, ...(payload ? { payload } : {}) });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res;
  };
  await post('/api/v1/counters/4/open');
  for (let i = 0; i < 6; i++) await post('/api/v1/centers/isb-g9/tickets', { serviceId: 3 });
  for (let i = 0; i < 6; i++) {
    clock.at = start + i * 8 * minute + 30_000;
    await post('/api/v1/counters/4/call-next');
    await post('/api/v1/counters/4/start');
    clock.at = start + (i + 1) * 8 * minute;
    await post('/api/v1/counters/4/complete');
  }
  clock.at = null;
  for (let i = 0; i < 4; i++) await post('/api/v1/centers/isb-g9/tickets', { serviceId: 3 });
  await post('/api/v1/counters/4/call-next');
}

describe.skipIf(!hasChromium)('wait ranges, the pause length and the accuracy card', () => {
  let server: E2EServer;
  let browser: Browser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startE2EServer({ clock });
    const services = (await (await server.app.inject({ url: '/api/v1/centers/isb-g9/services' })).json()) as { services: PublicService[] };
    expect(services.services.find((s) => s.id === 3)?.prefix).toBe('P');
    await passportMorning(server.app);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function newPage(viewport: { width: number; height: number }) {
    const context = await browser.newContext({ viewport });
    await context.addInitScript(() => {
      window.print = () => {};
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    return page;
  }

  it('the kiosk card, the ticket, the printed receipt and the phone page say a rounded range, in English and Urdu', async () => {
    const { services } = (await (await server.app.inject({ url: '/api/v1/centers/isb-g9/services' })).json()) as { services: PublicService[] };
    const passports = services.find((s) => s.prefix === 'P')!;
    expect(passports.waiting).toBe(3);
    expect(passports.estimatedWaitRange).not.toBeNull();
    const cardRange = formatWaitRange(passports.estimatedWaitRange, 'en')!;
    expect(cardRange).toMatch(/^about \d+–\d+ min$/);

    const kiosk = await newPage({ width: 1080, height: 1920 });
    await kiosk.goto(`${server.url}/kiosk?center=isb-g9`);
    await kiosk.waitForSelector('[data-step="start"][data-ready="true"]');
    await kiosk.locator(`button[data-group-id="${passports.groupId}"]`).click();
    const card = kiosk.locator('button[data-prefix="P"]');
    await poll(() => card.textContent()).toContain(`Wait: ${cardRange}`);
    await expectNoAxeViolations(kiosk, 'services with ranges (en)');
    await screenshot(kiosk, 'estimates-kiosk-en-services');

    const issued = kiosk.waitForResponse((r) => r.url().endsWith('/api/v1/centers/isb-g9/tickets') && r.request().method() === 'POST');
    await card.click();
    const { ticket } = (await (await issued).json()) as { ticket: Ticket };
    expect(ticket.estimatedWaitRange).not.toBeNull();
    const ticketRange = formatWaitRange(ticket.estimatedWaitRange, 'en')!;
    expect(ticketRange).toMatch(/^about \d+–\d+ min$/);
    await poll(() => kiosk.getByTestId('ticket-wait').textContent()).toBe(ticketRange);
    expect(await kiosk.getByTestId('receipt-wait').textContent()).toBe(ticketRange);
    await expectNoAxeViolations(kiosk, 'ticket with a range (en)');
    await screenshot(kiosk, 'estimates-kiosk-en-ticket');
    await kiosk.emulateMedia({ media: 'print' });
    await kiosk.setViewportSize({ width: 302, height: 700 });
    await screenshot(kiosk, 'estimates-kiosk-en-receipt', { fullPage: true });

    // The phone page: English, then Urdu.
    const phone = await newPage({ width: 390, height: 844 });
    await phone.goto(`${server.url}/t/${ticket.publicId}`);
    const live = (await (await server.app.inject({ url: `/api/v1/tickets/${ticket.publicId}` })).json()) as { ticket: Ticket };
    await poll(() => phone.getByTestId('phone-wait').textContent()).toBe(`Wait: ${formatWaitRange(live.ticket.estimatedWaitRange, 'en')}`);
    await expectNoAxeViolations(phone, 'phone with a range (en)');
    await screenshot(phone, 'estimates-phone-en');
    await phone.getByRole('button', { name: /اردو/ }).first().click();
    await poll(() => phone.getByTestId('phone-wait').textContent()).toBe(`انتظار: ${formatWaitRange(live.ticket.estimatedWaitRange, 'ur')}`);
    await expectNoAxeViolations(phone, 'phone with a range (ur)');
    await screenshot(phone, 'estimates-phone-ur');

    // The kiosk in Urdu: the card and a ticket.
    await kiosk.emulateMedia({ media: 'screen' });
    await kiosk.setViewportSize({ width: 1080, height: 1920 });
    await kiosk.goto(`${server.url}/kiosk?center=isb-g9`);
    await kiosk.waitForSelector('[data-step="start"][data-ready="true"]');
    await kiosk.getByRole('button', { name: 'اردو', exact: true }).click();
    await kiosk.locator(`button[data-group-id="${passports.groupId}"]`).click();
    const now = (await (await server.app.inject({ url: '/api/v1/centers/isb-g9/services' })).json()) as { services: PublicService[] };
    await poll(() => kiosk.locator('button[data-prefix="P"]').textContent()).toContain(`انتظار: ${formatWaitRange(now.services.find((s) => s.prefix === 'P')!.estimatedWaitRange, 'ur')}`);
    await expectNoAxeViolations(kiosk, 'services with ranges (ur)');
    await screenshot(kiosk, 'estimates-kiosk-ur-services');
    const issuedUr = kiosk.waitForResponse((r) => r.url().endsWith('/api/v1/centers/isb-g9/tickets') && r.request().method() === 'POST');
    await kiosk.locator('button[data-prefix="P"]').click();
    const { ticket: urTicket } = (await (await issuedUr).json()) as { ticket: Ticket };
    await poll(() => kiosk.getByTestId('ticket-wait').textContent()).toBe(formatWaitRange(urTicket.estimatedWaitRange, 'ur'));
    await expectNoAxeViolations(kiosk, 'ticket with a range (ur)');
    await screenshot(kiosk, 'estimates-kiosk-ur-ticket');
    expect(pageErrors).toEqual([]);
  });

  it('the console pauses for 15 minutes, and the estimates of its line count it back after them', async () => {
    // Counter 11 alone serves police certificates (K); one waits, and the counter is open and idle.
    const op = await newPage({ width: 1366, height: 768 });
    await op.goto(`${server.url}/counter?center=isb-g9`);
    await op.getByLabel('Username').fill('operator2');
    await op.getByLabel('Password').fill('operator2-demo');
    await op.getByRole('button', { name: 'Sign in' }).click();
    await op.getByRole('heading', { name: 'Choose your counter' }).waitFor();
    await op.locator('input[name="counter"][value="11"]').check();
    await op.getByRole('button', { name: 'Open counter 11' }).click();
    await poll(() => op.getByTestId('counter-status').textContent()).toBe('Open');
    const { services } = (await (await server.app.inject({ url: '/api/v1/centers/isb-g9/services' })).json()) as { services: PublicService[] };
    const k = services.find((s) => s.prefix === 'K')!;
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/tickets', payload: { serviceId: k.id } });
    const { ticket } = res.json() as { ticket: Ticket };
    const waitOf = async () => ((await server.app.inject({ url: `/api/v1/tickets/${ticket.publicId}` })).json() as { ticket: Ticket }).ticket;
    const before = await waitOf();
    // An idle counter takes it at once.
    expect(before.estimatedWaitSeconds).toBe(0);

    // P opens the dialog from the keyboard; the length is chosen and the counter pauses.
    await op.locator('body').click({ position: { x: 5, y: 300 } });
    await op.keyboard.press('KeyP');
    const dialog = op.getByRole('dialog', { name: 'Pause the counter' });
    await dialog.waitFor();
    await dialog.getByLabel('Prayer').check();
    await dialog.getByLabel('15 minutes').check();
    await expectNoAxeViolations(op, 'pause dialog (en)');
    await screenshot(op, 'estimates-console-en-pause');
    const paused = op.waitForRequest((r) => r.url().endsWith('/api/v1/counters/11/pause'));
    await dialog.getByRole('button', { name: 'Pause', exact: true }).click();
    expect((await paused).postDataJSON()).toEqual({ reason: 'Prayer', expectedMinutes: 15 });
    await poll(() => op.getByTestId('counter-status').textContent()).toBe('Paused');

    // Stored: the waiting ticket now waits about the 15 minutes of the pause, not nothing and not an hour.
    const after = await waitOf();
    expect(after.estimatedWaitSeconds).toBeGreaterThanOrEqual(14 * 60);
    expect(after.estimatedWaitSeconds).toBeLessThanOrEqual(20 * 60);
    expect(after.estimatedWaitRange!.high).toBeGreaterThan(before.estimatedWaitRange!.high);

    // The dialog in Urdu (and Escape cancels it, leaving the counter as it was).
    await op.getByRole('button', { name: 'Resume' }).first().click();
    await poll(() => op.getByTestId('counter-status').textContent()).toBe('Open');
    await op.getByRole('button', { name: 'Switch to Urdu' }).click();
    await op.locator('body').click({ position: { x: 5, y: 300 } });
    await op.keyboard.press('KeyP');
    const urDialog = op.getByRole('dialog');
    await urDialog.getByText('متوقع دورانیہ').waitFor();
    await urDialog.getByLabel('15 منٹ').check();
    await expectNoAxeViolations(op, 'pause dialog (ur)');
    await screenshot(op, 'estimates-console-ur-pause');
    await op.keyboard.press('Escape');
    await poll(() => op.getByRole('dialog').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('the statistics show the accuracy card with the ledger’s figures beside the naive ones, in English and Urdu', async () => {
    const sup = await newPage({ width: 1366, height: 768 });
    await sup.goto(`${server.url}/counter/supervisor?center=isb-g9`);
    await sup.getByLabel('Username').fill('supervisor');
    await sup.getByLabel('Password').fill('supervisor-demo');
    await sup.getByRole('button', { name: 'Sign in' }).click();
    await sup.getByRole('button', { name: 'Statistics', exact: true }).click();
    const card = sup.getByTestId('accuracy-card');
    await card.getByTestId('accuracy-centre').waitFor();
    const ledger = (await sup.evaluate(async () => (await fetch('/api/v1/centers/isb-g9/estimates/accuracy')).json())) as EstimateAccuracy;
    expect(ledger.n).toBeGreaterThanOrEqual(6);
    expect(await card.locator('[data-acc="acc.n"]').textContent()).toBe(String(ledger.n));
    expect(await card.locator('[data-acc-naive="acc.n"]').textContent()).toBe(String(ledger.naive.n));
    expect(await card.locator('[data-acc="acc.mae"]').textContent()).toMatch(/^\d+:\d\d$/);
    // Shares to one decimal, as the ledger has them.
    const oneDecimal = (v: number | null) => (v === null ? '–' : `${Math.round(v * 10) / 10}%`);
    expect(await card.locator('[data-acc="acc.coverage"]').textContent()).toBe(oneDecimal(ledger.rangeCoveragePercent));
    expect(await card.locator('[data-acc="acc.within5"]').textContent()).toBe(oneDecimal(ledger.within5MinPercent));
    expect(await card.locator('[data-acc="acc.within5"]').textContent()).toMatch(/^\d+(\.\d)?%$/);
    const passportRow = card.getByTestId('accuracy-services').locator('tbody tr', { hasText: 'Passport' });
    expect(await passportRow.locator('td').first().textContent()).toBe(String(ledger.services.find((s) => s.serviceId === 3)!.n));
    const csv = await card.getByTestId('accuracy-csv').getAttribute('href');
    expect(csv).toMatch(/\/api\/v1\/centers\/isb-g9\/estimates\/accuracy\.csv\?from=\d{4}-\d\d-\d\d&to=\d{4}-\d\d-\d\d$/);
    const download = await sup.evaluate(async (href) => (await fetch(href!)).status, csv);
    expect(download).toBe(200);
    await card.scrollIntoViewIfNeeded();
    await expectNoAxeViolations(sup, 'accuracy card (en)');
    await screenshot(sup, 'estimates-accuracy-en', { fullPage: true });

    await sup.getByRole('button', { name: 'Switch to Urdu' }).click();
    await card.getByRole('heading', { name: 'اندازے کی درستی' }).waitFor();
    await expectNoAxeViolations(sup, 'accuracy card (ur)');
    await screenshot(sup, 'estimates-accuracy-ur', { fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
