import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import QRCode from 'qrcode';
import type { ServicesResponse, Ticket } from '@navbat/shared';
import { qrOptions } from '../../kiosk-ui/src/qr-options';
import { adminPassword } from '../support/test-app';
import { axeViolations, describeViolations, hasChromium, outputDir, screenshot } from './support/browser';
import { useE2EHall } from './support/hall';

const center = 'isb-g9';

describe.skipIf(!hasChromium)('kiosk', () => {
  // A portrait kiosk.
  const hall = useE2EHall({ viewport: { width: 1080, height: 1920 } });

  beforeAll(async () => {
    // Count prints instead of opening a print dialog, and count every tap the page receives.
    await hall.context.addInitScript(() => {
      const w = window as unknown as { __prints: number; __receiptReady: boolean; __taps: number };
      w.__prints = 0;
      w.__taps = 0;
      window.addEventListener('click', (e) => {
        if (e.isTrusted) w.__taps += 1;
      }, true);
      window.print = () => {
        w.__prints += 1;
        // Was the receipt complete (QR image decoded) when it went to the printer?
        const qr = document.querySelector<HTMLImageElement>('.receipt img.receipt-qr');
        w.__receiptReady = !!qr && qr.complete && qr.naturalWidth > 0 && !!document.querySelector('.receipt-code')?.textContent;
      };
    });
  });

  async function services(): Promise<ServicesResponse> {
    const res = await fetch(`${hall.server.url}/api/v1/centers/${center}/services`);
    return (await res.json()) as ServicesResponse;
  }
  async function serviceByPrefix(prefix: string) {
    const s = (await services()).services.find((x) => x.prefix === prefix);
    if (!s) throw new Error(`no service ${prefix}`);
    return s;
  }
  async function adminCookie(): Promise<string> {
    const res = await fetch(`${hall.server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: adminPassword }),
    });
    expect(res.status).toBe(200);
    return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  }
  async function patchService(cookie: string, id: number, body: object) {
    const res = await fetch(`${hall.server.url}/api/v1/admin/services/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) });
    expect(res.status, await res.clone().text()).toBe(200);
  }

  async function openKiosk(query = '', centerId = center): Promise<Page> {
    const page = await hall.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    (page as Page & { errors: string[] }).errors = errors;
    await page.goto(`${hall.server.url}/kiosk?center=${centerId}${query}`);
    await page.waitForSelector('[data-step="start"][data-ready="true"]');
    return page;
  }
  async function expectNoAxeViolations(page: Page, screen: string) {
    const violations = await axeViolations(page);
    expect(violations, `${screen}:\n${describeViolations(violations)}`).toEqual([]);
  }
  async function settle(page: Page) {
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
  }
  /** The dark/light modules the QR library encodes for `text`, as a string of 0 and 1. */
  function expectedModules(text: string): string {
    const qr = QRCode.create(text, { errorCorrectionLevel: qrOptions.errorCorrectionLevel });
    return Array.from(qr.modules.data, (d) => (d ? '1' : '0')).join('') + `/${qr.modules.size}`;
  }
  /** Reads the modules back from the QR image the page shows, sampling the centre of each module. */
  async function qrModules(img: ReturnType<Page['locator']>): Promise<string> {
    const size = Number(expectedModules(String(await img.getAttribute('data-qr-value'))).split('/')[1]);
    const margin = qrOptions.margin;
    const bits = await img.evaluate((el: HTMLImageElement, [n, m]) => {
      const canvas = document.createElement('canvas');
      canvas.width = el.naturalWidth;
      canvas.height = el.naturalHeight;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(el, 0, 0);
      const scale = el.naturalWidth / (n + m * 2);
      const offset = Math.floor(m * scale);
      const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let out = '';
      for (let row = 0; row < n; row++)
        for (let col = 0; col < n; col++) {
          const x = Math.floor(offset + (col + 0.5) * scale);
          const y = Math.floor(offset + (row + 0.5) * scale);
          out += pixels[(y * canvas.width + x) * 4]! < 128 ? '1' : '0';
        }
      return out;
    }, [size, margin] as const);
    return `${bits}/${size}`;
  }
  const step = (page: Page) => page.locator('.kiosk').getAttribute('data-step');
  const prints = (page: Page) => page.evaluate(() => (window as unknown as { __prints: number }).__prints);
  const taps = (page: Page) => page.evaluate(() => (window as unknown as { __taps: number }).__taps);
  const issuedBy = (page: Page) => page.waitForResponse((r) => r.url().endsWith(`/centers/${center}/tickets`) && r.request().method() === 'POST');

  /** Start → group → service: the service tap issues the ticket. */
  async function chooseService(page: Page, prefix: string) {
    const s = await serviceByPrefix(prefix);
    await page.locator(`button[data-group-id="${s.groupId}"]`).click();
    await page.locator(`button[data-prefix="${prefix}"]`).click();
  }

  /** A priority ticket for service A on a fresh kiosk: the category, then the agency and the service — three taps. */
  async function priorityTicketA(page: Page, category: Locator, expected: Partial<Ticket>, onBanner: () => Promise<void>) {
    await category.click();
    await page.getByTestId('priority-banner').waitFor();
    await onBanner();
    const posted = issuedBy(page);
    await chooseService(page, 'A');
    expect(((await (await posted).json()) as { ticket: Ticket }).ticket).toMatchObject(expected);
    await page.getByTestId('ticket-code').waitFor();
    expect(await taps(page)).toBe(3);
  }

  it('takes a ticket in English in two taps: every screen is accessible, the QR code links to the phone page, and it prints once', async () => {
    const page = await openKiosk('&ticketSeconds=120');
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    await page.getByRole('heading', { name: 'What do you need help with?' }).waitFor();
    // The language switch and the priority line are on the start screen itself.
    expect(await page.getByRole('button', { name: 'English', exact: true }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByRole('button', { name: 'اردو', exact: true }).getAttribute('aria-pressed')).toBe('false');
    expect(await page.getByTestId('priority-panel').textContent()).toContain('Senior citizen, disability, pregnant — priority line');
    await settle(page);
    await expectNoAxeViolations(page, 'start (en)');
    await screenshot(page, 'kiosk-en-start');
    // Six agencies fit on a portrait kiosk: the last card is wholly on screen, no scrolling needed.
    expect(await page.locator('button[data-group-id]').count()).toBe(6);
    expect(await page.locator('button[data-group-id]').last().evaluate((el) => el.getBoundingClientRect().bottom <= window.innerHeight)).toBe(true);
    expect(await page.getByTestId('scroll-cue').count()).toBe(0);

    const a = await serviceByPrefix('A');
    await page.locator(`button[data-group-id="${a.groupId}"]`).click();
    await page.getByRole('heading', { name: 'Choose a service' }).waitFor();
    // Screen readers start each step at its heading.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Choose a service');
    const card = page.locator('button[data-prefix="A"]');
    await expect(card.textContent()).resolves.toContain('National ID card (CNIC)');
    await expect(card.textContent()).resolves.toContain('0 people waiting');
    // Counts are live: a ticket taken elsewhere shows up without waiting for the (60 s) poll.
    const b = await serviceByPrefix('B');
    const elsewhere = await fetch(`${hall.server.url}/api/v1/centers/${center}/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serviceId: b.id }) });
    expect(elsewhere.status).toBe(201);
    await page.locator('button[data-prefix="B"]', { hasText: '1 person waiting' }).waitFor({ timeout: 10_000 });
    await expectNoAxeViolations(page, 'services (en)');
    await screenshot(page, 'kiosk-en-services');

    const posted = issuedBy(page);
    await card.click();
    const response = await posted;
    expect(response.status()).toBe(201);
    expect(response.request().headers()['idempotency-key']).toMatch(/^[0-9a-f]{32}$/);
    const { ticket } = (await response.json()) as { ticket: Ticket };
    expect(ticket).toMatchObject({ language: 'en', channel: 'kiosk', priority: 'none', serviceId: a.id });

    await page.getByTestId('ticket-code').waitFor();
    expect(await page.getByTestId('ticket-code').textContent()).toBe(ticket.code);
    expect(ticket.code).toMatch(/^A\d{3}$/);
    expect(await page.getByTestId('ticket-position').textContent()).toBe('1');
    // The QR code is the phone link, drawn locally with the same library and options.
    const phoneUrl = `${hall.server.url}/t/${ticket.publicId}`;
    const qr = page.locator('.ticket-screen img.qr');
    await qr.waitFor();
    expect(await qr.getAttribute('data-qr-value')).toBe(phoneUrl);
    expect(await qrModules(qr)).toBe(expectedModules(phoneUrl));
    await expect.poll(() => prints(page)).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { __receiptReady: boolean }).__receiptReady)).toBe(true);
    // Two taps from the start screen to a printed ticket.
    expect(await taps(page)).toBe(2);
    await settle(page);
    await expectNoAxeViolations(page, 'ticket (en)');
    await screenshot(page, 'kiosk-en-ticket');

    // A reload on the ticket screen shows the same ticket and does not print a second receipt.
    await page.reload();
    await page.getByTestId('ticket-code').waitFor();
    expect(await page.getByTestId('ticket-code').textContent()).toBe(ticket.code);
    await page.waitForTimeout(2000);
    expect(await prints(page)).toBe(0);

    // The printed receipt: 80 mm wide, only the receipt on paper.
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 302, height: 700 });
    expect(await page.locator('.kiosk-header').isVisible()).toBe(false);
    expect(await page.locator('.ticket-screen').isVisible()).toBe(false);
    const receipt = page.getByTestId('receipt');
    expect(await receipt.isVisible()).toBe(true);
    expect(await receipt.textContent()).toContain(ticket.code);
    expect(await receipt.textContent()).toContain('National ID card (CNIC)');
    expect(await receipt.textContent()).toContain(phoneUrl);
    await settle(page);
    await screenshot(page, 'kiosk-ticket-print-en', { fullPage: true });
    // The browser's own print path honours the 80 mm page size (what --kiosk-printing sends to the printer).
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true, path: path.join(outputDir, 'kiosk-ticket-en.pdf') });
    const pages = [...pdf.toString('latin1').matchAll(/\/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [Number(m[1]), Number(m[2])]);
    // One page, 80 mm wide and exactly as long as the receipt the kiosk measured (not a Letter sheet).
    const fitted = await page.evaluate(() => document.getElementById('navbat-receipt-page')?.textContent ?? '');
    const lengthMm = Number(/size: 80mm ([\d.]+)mm/.exec(fitted)?.[1]);
    expect(lengthMm).toBeGreaterThan(60);
    expect(lengthMm).toBeLessThan(150);
    expect(pages).toHaveLength(1);
    expect(pages[0]![0]).toBeCloseTo((80 / 25.4) * 72, 0);
    expect(pages[0]![1]).toBeCloseTo((lengthMm / 25.4) * 72, 0);
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.close();
  });

  it('takes a ticket in Urdu in three taps (the switch, the agency, the service), right to left in a shipped Urdu font', async () => {
    const page = await openKiosk('&ticketSeconds=120');
    await page.getByRole('button', { name: 'اردو', exact: true }).click();
    await page.getByRole('heading', { name: 'آپ کو کس کام میں مدد چاہیے؟' }).waitFor();
    expect(await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).toEqual(['rtl', 'ur']);
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toContain('Noto Nastaliq Urdu');
    await settle(page);
    expect(await page.evaluate(() => document.fonts.check('40px "Noto Nastaliq Urdu"', 'آپ'))).toBe(true);
    await expectNoAxeViolations(page, 'start (ur)');
    await screenshot(page, 'kiosk-ur-start');
    // The sixth agency card is wholly on screen in Urdu too (Nastaliq lines are taller).
    expect(await page.locator('button[data-group-id]').last().evaluate((el) => el.getBoundingClientRect().bottom <= window.innerHeight)).toBe(true);

    const p = await serviceByPrefix('P');
    await page.locator(`button[data-group-id="${p.groupId}"]`).click();
    await page.getByRole('heading', { name: 'سروس منتخب کریں' }).waitFor();
    expect(await page.locator('button[data-prefix="P"]').textContent()).toContain('پاسپورٹ — نیا اور تجدید');
    await expectNoAxeViolations(page, 'services (ur)');
    await screenshot(page, 'kiosk-ur-services');

    // Switch to English and back mid-flow: the step is kept.
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await page.getByRole('heading', { name: 'Choose a service' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    await page.getByRole('button', { name: 'اردو', exact: true }).click();
    await page.getByRole('heading', { name: 'سروس منتخب کریں' }).waitFor();
    const tapsBefore = await taps(page);
    expect(tapsBefore).toBe(4);

    const posted = issuedBy(page);
    await page.locator('button[data-prefix="P"]').click();
    const { ticket } = (await (await posted).json()) as { ticket: Ticket };
    expect(ticket).toMatchObject({ language: 'ur', priority: 'none', serviceId: p.id });
    await page.getByTestId('ticket-code').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('آپ کا ٹوکن نمبر');
    expect(await page.getByTestId('ticket-code').textContent()).toBe(ticket.code);
    await page.locator('.ticket-screen img.qr').waitFor();
    await expect.poll(() => prints(page)).toBe(1);
    await settle(page);
    await expectNoAxeViolations(page, 'ticket (ur)');
    await screenshot(page, 'kiosk-ur-ticket');

    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 302, height: 700 });
    expect(await page.getByTestId('receipt').textContent()).toContain('پاسپورٹ — نیا اور تجدید');
    await settle(page);
    await screenshot(page, 'kiosk-ticket-print-ur', { fullPage: true });
    await page.close();

    // Straight through, without the detour: the switch, the agency, the service.
    const direct = await openKiosk('&ticketSeconds=120');
    await direct.getByRole('button', { name: 'اردو', exact: true }).click();
    await chooseService(direct, 'U');
    await direct.getByTestId('ticket-code').waitFor();
    await expect.poll(() => prints(direct)).toBe(1);
    expect(await taps(direct)).toBe(3);
    await direct.close();
  });

  it('takes a priority ticket in three taps (the category, the agency, the service), in English, in Urdu from an English kiosk and on an Urdu kiosk', async () => {
    const page = await openKiosk('&ticketSeconds=120');
    await page.locator('button[data-priority="senior"]').click();
    const banner = page.getByTestId('priority-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('Priority line: Senior citizen');
    await expectNoAxeViolations(page, 'start with priority (en)');
    await screenshot(page, 'kiosk-en-start-priority');
    const d = await serviceByPrefix('D');
    await page.locator(`button[data-group-id="${d.groupId}"]`).click();
    expect(await page.getByTestId('priority-banner').textContent()).toContain('Senior citizen');
    const posted = issuedBy(page);
    await page.locator('button[data-prefix="D"]').click();
    const { ticket } = (await (await posted).json()) as { ticket: Ticket };
    expect(ticket).toMatchObject({ priority: 'senior', serviceId: d.id, language: 'en' });
    await page.getByTestId('ticket-priority').waitFor();
    expect(await page.getByTestId('ticket-priority').textContent()).toBe('Senior citizen');
    await expect.poll(() => prints(page)).toBe(1);
    expect(await taps(page)).toBe(3);
    await page.close();

    // An Urdu-speaking citizen at a kiosk that starts in English: the category in Urdu is one tap (no language
    // switch first), and the ticket is in Urdu.
    const fromEnglish = await openKiosk('&ticketSeconds=120');
    const urduChoice = fromEnglish.locator('button[data-priority-in="disability"]');
    expect(await urduChoice.getAttribute('lang')).toBe('ur');
    await priorityTicketA(fromEnglish, urduChoice, { priority: 'disability', language: 'ur' }, async () => {
      expect(await fromEnglish.evaluate(() => document.documentElement.lang)).toBe('ur');
    });
    await fromEnglish.close();

    // A kiosk set to start in Urdu (lang=ur): the same three taps.
    const urdu = await openKiosk('&ticketSeconds=120&lang=ur');
    expect(await urdu.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await priorityTicketA(urdu, urdu.locator('button[data-priority="pregnant"]'), { priority: 'pregnant', language: 'ur' }, async () => {
      await expectNoAxeViolations(urdu, 'start with priority (ur)');
      await screenshot(urdu, 'kiosk-ur-start-priority');
    });
    // Undoing the priority is one tap too, and the kiosk goes back to Urdu (its start language) after the ticket.
    await urdu.getByRole('button', { name: 'ٹھیک ہے' }).click();
    await urdu.locator('button[data-priority="senior"]').click();
    await urdu.getByRole('button', { name: 'ترجیح نہیں' }).click();
    await urdu.getByTestId('priority-panel').waitFor();
    await urdu.close();
  });

  it('"wrong service? cancel" on the ticket screen cancels the ticket and returns to the services with the same priority', async () => {
    const page = await openKiosk('&ticketSeconds=120');
    await page.locator('button[data-priority="disability"]').click();
    const posted = issuedBy(page);
    await chooseService(page, 'T');
    const { ticket } = (await (await posted).json()) as { ticket: Ticket };
    await page.getByTestId('ticket-code').waitFor();
    const cancelled = page.waitForResponse((r) => r.url().endsWith(`/tickets/${ticket.publicId}/cancel`));
    await page.getByRole('button', { name: 'Wrong service? Cancel this token' }).click();
    expect((await cancelled).status()).toBe(200);
    await page.getByTestId('cancelled').waitFor();
    expect(await page.getByTestId('cancelled').textContent()).toContain(`Token ${ticket.code} is cancelled`);
    expect(await step(page)).toBe('services');
    expect(await page.getByTestId('priority-banner').textContent()).toContain('Person with disability');
    const res = await fetch(`${hall.server.url}/api/v1/tickets/${ticket.publicId}`);
    expect(((await res.json()) as { ticket: Ticket }).ticket.status).toBe('cancelled');
    await expectNoAxeViolations(page, 'cancelled');

    // The right service: a new ticket with a new key.
    const again = issuedBy(page);
    await page.locator('button[data-prefix="C"]').click();
    const second = await again;
    expect(second.request().headers()['idempotency-key']).not.toBe((await posted).request().headers()['idempotency-key']);
    expect(((await second.json()) as { ticket: Ticket }).ticket).toMatchObject({ priority: 'disability', status: 'waiting' });
    await page.getByTestId('ticket-code').waitFor();

    // A ticket already called can no longer be cancelled: the kiosk says so.
    await page.route('**/api/v1/tickets/*/cancel', (route) =>
      route.fulfill({ status: 409, contentType: 'application/json', body: JSON.stringify({ error: { code: 'TICKET_NOT_WAITING', message: 'not waiting' } }) }),
    );
    await page.getByTestId('cancel-ticket').click();
    await page.getByText('can no longer be cancelled').waitFor();
    expect(await step(page)).toBe('ticket');
    await page.close();
  });

  it('with a single agency the start screen lists its services: one tap to a ticket', async () => {
    const cookie = await adminCookie();
    const admin = (path: string, body: object) =>
      fetch(`${hall.server.url}/api/v1/admin/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) }).then(async (r) => {
        expect(r.status, await r.clone().text()).toBe(201);
        return r.json() as Promise<Record<string, { id: number }>>;
      });
    await admin('centers', { id: 'one-desk', name: { en: 'Excise office, Rawalpindi', ur: 'ایکسائز دفتر، راولپنڈی' } });
    // Services without a group: the kiosk would have listed a lone "Other services" card.
    await admin('services', { centerId: 'one-desk', prefix: 'X', name: { en: 'Token tax', ur: 'ٹوکن ٹیکس' } });
    await admin('services', { centerId: 'one-desk', prefix: 'Y', name: { en: 'Number plates', ur: 'نمبر پلیٹیں' } });
    const page = await hall.context.newPage();
    await page.goto(`${hall.server.url}/kiosk?center=one-desk&ticketSeconds=120`);
    await page.getByRole('heading', { name: 'Choose a service' }).waitFor();
    expect(await page.locator('button[data-group-id]').count()).toBe(0);
    await expectNoAxeViolations(page, 'single agency');
    await screenshot(page, 'kiosk-en-single-group');
    await page.locator('button[data-prefix="Y"]').click();
    await page.getByTestId('ticket-code').waitFor();
    expect(await page.getByTestId('ticket-code').textContent()).toBe('Y001');
    expect(await taps(page)).toBe(1);
    // Cancel goes back to the start, which is where the services are.
    await page.getByTestId('cancel-ticket').click();
    await page.getByTestId('cancelled').waitFor();
    expect(await step(page)).toBe('start');
    await page.close();
  });

  it('survives a reload mid-flow and a lost answer: the retry re-sends the same key and gets the same ticket', async () => {
    const page = await openKiosk('&ticketSeconds=120');
    const before = (await serviceByPrefix('B')).waiting;
    const b = await serviceByPrefix('B');
    await page.locator(`button[data-group-id="${b.groupId}"]`).click();
    await page.locator('button[data-prefix="B"]').waitFor();

    // Reload on the services step: the kiosk comes back on the same step.
    await page.reload();
    await page.locator('button[data-prefix="B"]').waitFor();
    expect(await step(page)).toBe('services');

    // A request that hangs: the card shows it is printing, every card waits; after 10 s the kiosk gives up and says to tap again.
    await page.route(`**/api/v1/centers/${center}/tickets`, () => new Promise<void>(() => {}));
    await page.locator('button[data-prefix="B"]').click();
    await page.locator('button[data-prefix="B"][aria-busy="true"]').waitFor();
    expect(await page.locator('button[data-prefix="A"]').isDisabled()).toBe(true);
    await page.locator('[data-error="NETWORK_ERROR"]').waitFor({ timeout: 20_000 });
    await page.unroute(`**/api/v1/centers/${center}/tickets`);
    await page.reload();
    await page.locator('button[data-prefix="B"]').waitFor();

    // The server issues the ticket but the answer is lost on the way back.
    const keys: string[] = [];
    let issuedByLostAnswer: Ticket | null = null;
    await page.route(`**/api/v1/centers/${center}/tickets`, async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      const answer = await route.fetch();
      issuedByLostAnswer = ((await answer.json()) as { ticket: Ticket }).ticket;
      await route.abort('connectionreset');
    });
    await page.locator('button[data-prefix="B"]').click();
    await page.locator('[data-error="NETWORK_ERROR"]').waitFor();
    expect(await page.locator('[data-error="NETWORK_ERROR"]').textContent()).toContain('you will not get two tokens');
    expect(issuedByLostAnswer).not.toBeNull();
    await page.unroute(`**/api/v1/centers/${center}/tickets`);

    // Reload again before retrying: the same choice keeps its key.
    await page.reload();
    const retried = page.waitForRequest((r) => r.url().endsWith(`/centers/${center}/tickets`) && r.method() === 'POST');
    await page.locator('button[data-prefix="B"]').click();
    keys.push((await retried).headers()['idempotency-key'] ?? '');
    await page.getByTestId('ticket-code').waitFor();

    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
    expect(await page.getByTestId('ticket-code').textContent()).toBe(issuedByLostAnswer!.code);
    expect((await serviceByPrefix('B')).waiting).toBe(before + 1);
    await page.close();
  });

  it('a double tap on a service makes exactly one ticket', async () => {
    const page = await openKiosk('&ticketSeconds=120');
    const d = await serviceByPrefix('D');
    const before = d.waiting;
    await page.locator(`button[data-group-id="${d.groupId}"]`).click();
    const card = page.locator('button[data-prefix="D"]');
    await card.waitFor();
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith(`/centers/${center}/tickets`) && r.method() === 'POST') posts.push(r.headers()['idempotency-key'] ?? '');
    });
    // Two taps in the same instant, before React can re-render the card disabled.
    await card.evaluate((button: HTMLButtonElement) => {
      button.click();
      button.click();
    });
    await page.getByTestId('ticket-code').waitFor();
    // And a tap on the spot where the card was, after the fact.
    const box = await page.getByTestId('ticket-code').boundingBox();
    await page.mouse.click(540, (box?.y ?? 600) + 40);
    await expect.poll(() => prints(page)).toBe(1);

    expect((await serviceByPrefix('D')).waiting).toBe(before + 1);
    expect(posts).toHaveLength(1);
    await page.close();
  });

  it('shows closed services with their hours, and clear messages for a daily cap and for rate limiting', async () => {
    const cookie = await adminCookie();
    const m = await serviceByPrefix('M');
    const k = await serviceByPrefix('K');
    const today = new Date().toLocaleDateString('en-US', { timeZone: 'Asia/Karachi', weekday: 'short' });
    const todayIndex = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(today);
    const otherDays = [0, 1, 2, 3, 4, 5, 6].filter((d) => d !== todayIndex);
    await patchService(cookie, m.id, { openingHours: [{ days: otherDays, open: '09:00', close: '16:00' }] });
    await patchService(cookie, k.id, { dailyCap: 1 });
    const first = await fetch(`${hall.server.url}/api/v1/centers/${center}/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serviceId: k.id }) });
    expect(first.status).toBe(201);

    // A service outside any group is still reachable, under "Other services".
    const c = await serviceByPrefix('C');
    await patchService(cookie, c.id, { groupId: null });

    const page = await openKiosk();
    await page.getByRole('button', { name: /Other services/ }).click();
    expect(await page.locator('button[data-prefix]').evaluateAll((cards) => cards.map((b) => b.getAttribute('data-prefix')))).toEqual(['C']);
    await page.getByRole('button', { name: 'Back' }).click();
    await page.locator(`button[data-group-id="${m.groupId}"]`).click();
    const closed = page.locator('button[data-prefix="M"]');
    await closed.waitFor();
    expect(await closed.isDisabled()).toBe(true);
    expect(await closed.textContent()).toContain('Closed now');
    expect(await closed.textContent()).toMatch(/Open .*09:00–16:00/);
    expect(await page.locator('button[data-prefix="K"]').isEnabled()).toBe(true);
    await expectNoAxeViolations(page, 'services with a closed one');
    await screenshot(page, 'kiosk-en-closed-service');

    // Daily cap: the server refuses; the kiosk says so and the other services stay to choose from.
    await page.locator('button[data-prefix="K"]').click();
    const capped = page.locator('[data-error="DAILY_CAP_REACHED"]');
    await capped.waitFor();
    expect(await capped.textContent()).toContain('come back tomorrow');
    expect(await step(page)).toBe('services');
    await expectNoAxeViolations(page, 'daily cap message');

    // Rate limited (the test server has no limit, so the answer is simulated).
    await page.route(`**/api/v1/centers/${center}/tickets`, (route) =>
      route.fulfill({ status: 429, contentType: 'application/json', body: JSON.stringify({ error: { code: 'RATE_LIMITED', message: 'too many requests' } }) }),
    );
    await page.getByRole('button', { name: 'اردو', exact: true }).click();
    await page.locator('button[data-prefix="K"]').click();
    const limited = page.locator('[data-error="RATE_LIMITED"]');
    await limited.waitFor();
    expect(await limited.textContent()).toContain('ایک منٹ انتظار');
    expect(await page.locator('button[data-prefix="K"]').isEnabled()).toBe(true);
    await patchService(cookie, c.id, { groupId: c.groupId });
    await page.close();
  });

  it('shows an offline banner and disabled buttons while the server is unreachable, and recovers by itself', async () => {
    const page = await openKiosk();
    const group = page.locator('button[data-group-id]').first();
    await group.waitFor();
    await hall.context.setOffline(true);
    try {
      await page.getByTestId('offline-banner').waitFor({ timeout: 20_000 });
      expect(await page.getByTestId('offline-banner').textContent()).toContain('cannot reach the server');
      expect(await group.isDisabled()).toBe(true);
      await expectNoAxeViolations(page, 'offline');
      await screenshot(page, 'kiosk-en-offline');
    } finally {
      await hall.context.setOffline(false);
    }
    await page.getByTestId('offline-banner').waitFor({ state: 'detached', timeout: 20_000 });
    expect(await group.isEnabled()).toBe(true);
    await page.close();
  });

  it('notices a real server outage on the next request and recovers when the server is back', async () => {
    const page = await openKiosk();
    await page.locator('button[data-group-id]').first().click();
    await page.waitForSelector('[data-step="services"]');
    const restarted = hall.server.restart({ downtimeMs: 4000 });
    try {
      // Wait until the server is really down, then go back: the start step refreshes and that fails.
      // (Back is never disabled; the kiosk's own /healthz probe may also have noticed first.)
      await expect.poll(() => fetch(`${hall.server.url}/healthz`).then(() => 'up', () => 'down'), { timeout: 10_000 }).toBe('down');
      await page.getByRole('button', { name: 'Back' }).click();
      await page.waitForSelector('[data-step="start"]');
      await page.getByTestId('offline-banner').waitFor({ timeout: 10_000 });
      expect(await page.locator('button[data-group-id]').evaluateAll((all) => all.every((b) => (b as HTMLButtonElement).disabled))).toBe(true);
    } finally {
      await restarted;
    }
    await page.getByTestId('offline-banner').waitFor({ state: 'detached', timeout: 15_000 });
    const group = page.locator('button[data-group-id]').first();
    expect(await group.isEnabled()).toBe(true);
    await group.click();
    await page.waitForSelector('[data-step="services"]');
    await page.close();
  });

  it('goes back to the start (in its start language) when left idle, and after the ticket screen', async () => {
    const page = await openKiosk('&idle=2&ticketSeconds=2');
    await page.getByRole('button', { name: 'اردو', exact: true }).click();
    await page.locator('button[data-group-id]').first().click();
    await page.waitForSelector('[data-step="services"]');
    await page.waitForSelector('[data-step="start"]', { timeout: 10_000 });
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    // A priority chosen and then left alone is forgotten too.
    await page.locator('button[data-priority="senior"]').click();
    await page.getByTestId('priority-panel').waitFor({ timeout: 10_000 });

    await chooseService(page, 'U');
    await page.getByTestId('ticket-code').waitFor();
    await page.waitForSelector('[data-step="start"]', { timeout: 10_000 });
    await page.close();
  });
});
