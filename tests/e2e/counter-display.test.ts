import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { displayStateEveryMs, formatWaitRange, type DisplayState } from '@navbat/shared';
import { axeViolations, describeViolations, hasChromium, launchBrowser, screenshot } from './support/browser';
import { checkLayout, describeProblems } from './support/layout-check';
import { startE2EServer, type E2EServer } from './support/server';
import { login, longCenter, seedLongHall } from './gallery/hall-content';
import { adminPassword, demoPasswords } from '../support/test-app';

interface CounterRow {
  id: number;
  name: string;
  zone: string | null;
  services: { serviceId: number }[];
}
interface ServiceRow {
  id: number;
  prefix: string;
  name: { en: string; ur: string };
}

let server: E2EServer;

/** A JSON request with a session cookie (or none). */
async function api<T = any>(method: string, path: string, body?: unknown, cookie?: string): Promise<{ status: number; body: T }> {
  const r = await fetch(server.url + path, {
    method,
    headers: { ...(cookie ? { cookie } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await r.text();
  return { status: r.status, body: (text ? JSON.parse(text) : null) as T };
}

const displayState = async (query = ''): Promise<DisplayState> => (await api<DisplayState>('GET', `/api/v1/centers/isb-g9/display${query}`)).body;
const chimes = (page: Page) => page.evaluate(() => (window as unknown as { __navbatChime: { played(): number } }).__navbatChime.played());
/** Two frames after a change: measured again and painted. */
const settle = (page: Page) => page.evaluate(() => document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))));

async function expectLayoutClean(page: Page, what: string): Promise<void> {
  await settle(page);
  const problems = await checkLayout(page);
  expect(problems, `${what}:\n${describeProblems(problems)}`).toEqual([]);
}

async function expectAxeClean(page: Page): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, describeViolations(violations)).toEqual([]);
}

const sizes = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
  { width: 1080, height: 1920 },
];

describe.skipIf(!hasChromium)('the screen above a counter, and the hall display’s waits and journeys', () => {
  let browser: Browser;
  let op1: string; // operator1's cookie: counter A (hall-a)
  let op2: string; // operator2's cookie: counter B (hall-b)
  let counterA: CounterRow;
  let counterB: CounterRow;
  let services: ServiceRow[];
  let screenA: Page;
  const pageErrors: string[] = [];

  const watch = (page: Page) => {
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) pageErrors.push(m.text());
    });
  };
  async function openCounterScreen(counterId: number, viewport: { width: number; height: number }, query = ''): Promise<Page> {
    const page = await browser.newPage({ viewport });
    watch(page);
    await page.goto(`${server.url}/display/counter/${counterId}${query}`);
    await page.waitForSelector('[data-testid=counter-screen][data-connection=online]', { timeout: 20_000 });
    return page;
  }
  async function issue(serviceId: number, extra: Record<string, unknown> = {}): Promise<{ id: number; code: string }> {
    const res = await api<{ ticket: { id: number; code: string } }>('POST', '/api/v1/centers/isb-g9/tickets', { serviceId, ...extra });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.ticket;
  }
  // A status change shows with the next full state; in a burst of changes the server spaces states
  // `displayStateEveryMs` apart, so one may wait that long (calls are not spaced: they show at once).
  const stateWithin = displayStateEveryMs + 1_500;

  /** Finishes what the counter holds, issues a ticket of its first service and calls the next; the code called. */
  async function callAt(cookie: string, counter: CounterRow): Promise<string> {
    await api('POST', `/api/v1/counters/${counter.id}/complete`, undefined, cookie);
    await issue(counter.services[0]!.serviceId);
    const res = await api<{ ticket: { code: string } }>('POST', `/api/v1/counters/${counter.id}/call-next`, undefined, cookie);
    expect(res.status).toBe(200);
    return res.body.ticket.code;
  }

  beforeAll(async () => {
    server = await startE2EServer();
    browser = await launchBrowser();
    op1 = (await login(server.url, 'operator1', demoPasswords.operator1!)) as string;
    op2 = (await login(server.url, 'operator2', demoPasswords.operator2!)) as string;
    const counters = (await api<CounterRow[]>('GET', '/api/v1/centers/isb-g9/counters', undefined, op1)).body;
    counterA = counters.find((c) => c.zone === 'hall-a' && c.services.length > 0)!;
    counterB = counters.find((c) => c.zone === 'hall-b' && c.services.length > 0)!;
    services = (await api<{ services: ServiceRow[] }>('GET', '/api/v1/centers/isb-g9/services')).body.services;
    screenA = await openCounterScreen(counterA.id, sizes[0]!);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a closed counter says so in English and Urdu; opening it shows it ready at once', async () => {
    expect(await screenA.getAttribute('[data-testid=counter-screen]', 'data-status')).toBe('closed');
    expect(await screenA.textContent('[data-testid=counter-title]')).toBe(`Counter ${counterA.name}`);
    const state = await screenA.textContent('[data-testid=counter-state]');
    expect(state).toContain('Closed');
    expect(state).toContain('بند');
    await expectLayoutClean(screenA, 'closed');
    await screenshot(screenA, 'counter-screen-closed-1280x720');

    expect((await api('POST', `/api/v1/counters/${counterA.id}/open`, undefined, op1)).status).toBe(200);
    await screenA.waitForSelector('[data-testid=counter-screen][data-status=idle]', { timeout: stateWithin });
    expect(await screenA.textContent('[data-testid=counter-state]')).toContain('Ready for the next token');
  });

  it('a call at this counter shows big within a second, highlighted, with its service in English and Urdu, and chimes once', async () => {
    const before = await chimes(screenA);
    const code = await callAt(op1, counterA);
    await screenA.waitForSelector(`[data-testid=counter-call][data-ticket="${code}"][data-highlighted=true]`, { timeout: 1_000 });
    await screenA.waitForFunction((n) => (window as any).__navbatChime.played() === n, before + 1, { timeout: 3_000 });
    const served = services.find((s) => code.startsWith(s.prefix) && /^\d+$/.test(code.slice(s.prefix.length)))!;
    expect(await screenA.textContent('[data-testid=counter-call] .counter-service .en')).toBe(served.name.en);
    expect(await screenA.textContent('[data-testid=counter-call] .counter-service .ur')).toBe(served.name.ur);
    await screenA.evaluate(() => document.fonts.ready);
    expect(await screenA.evaluate(() => document.fonts.check('32px "Noto Nastaliq Urdu"', 'اب باری'))).toBe(true);

    // A change that is not a call here (someone joins a line) moves the screen's seq but does not chime.
    await issue(counterA.services[0]!.serviceId);
    const { seq } = await displayState('?zone=hall-a');
    await screenA.waitForFunction((s) => Number(document.querySelector('[data-testid=counter-screen]')?.getAttribute('data-seq')) >= s, seq, { timeout: 2_000 });
    // A call at another counter of the hall does not chime here either.
    expect((await api('POST', `/api/v1/counters/${counterB.id}/open`, undefined, op2)).status).toBe(200);
    await callAt(op2, counterB);
    await new Promise((r) => setTimeout(r, 300)); // a chime would have started within this
    expect(await chimes(screenA)).toBe(before + 1);

    // The code is as big as the screen allows and whole, at every size; Urdu is right to left.
    for (const size of sizes) {
      await screenA.setViewportSize(size);
      await expectLayoutClean(screenA, `serving at ${size.width}×${size.height}`);
      const fit = await screenA.evaluate(() => {
        const codeEl = document.querySelector<HTMLElement>('.counter-code')!;
        const main = document.querySelector<HTMLElement>('.counter-main')!.getBoundingClientRect();
        const box = codeEl.getBoundingClientRect();
        return { share: box.width / main.width, whole: codeEl.scrollWidth <= codeEl.clientWidth + 1, fontPx: parseFloat(getComputedStyle(codeEl).fontSize) };
      });
      expect(fit.whole).toBe(true);
      expect(fit.fontPx, `${size.width}×${size.height}`).toBeGreaterThan(Math.min(size.width, size.height) * 0.25);
      expect(await screenA.getAttribute('.counter-service .ur', 'dir')).toBe('rtl');
      await screenshot(screenA, `counter-screen-serving-${size.width}x${size.height}`);
    }
    await screenA.setViewportSize(sizes[0]!);
    await expectAxeClean(screenA);
  });

  it('paused with an expected return says when it is back; closed says so', async () => {
    expect((await api('POST', `/api/v1/counters/${counterA.id}/complete`, undefined, op1)).status).toBe(200);
    const paused = await api<{ pauseExpectedUntil?: string }>('POST', `/api/v1/counters/${counterA.id}/pause`, { reason: 'tea', expectedMinutes: 15 }, op1);
    expect(paused.status).toBe(200);
    await screenA.waitForSelector('[data-testid=counter-screen][data-status=paused]', { timeout: stateWithin });
    const back = (await displayState('?zone=hall-a')).counters.find((c) => c.counterId === counterA.id)!.expectedBackAt!;
    const hhmm = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Asia/Karachi' }).format(new Date(back));
    const text = await screenA.textContent('[data-testid=counter-state]');
    expect(text).toContain('Paused');
    expect(text).toContain('وقفہ');
    expect(text).toContain(`Back at ${hhmm}`);
    expect(text).toContain(`واپسی ${hhmm}`);
    for (const size of sizes) {
      await screenA.setViewportSize(size);
      await expectLayoutClean(screenA, `paused at ${size.width}×${size.height}`);
    }
    await screenA.setViewportSize(sizes[0]!);
    await settle(screenA);
    await screenshot(screenA, 'counter-screen-paused-1280x720');
    await expectAxeClean(screenA);

    expect((await api('POST', `/api/v1/counters/${counterA.id}/close`, undefined, op1)).status).toBe(200);
    await screenA.waitForSelector('[data-testid=counter-screen][data-status=closed]', { timeout: stateWithin });
  });

  it('says "reconnecting" while the server is down and shows what the counter serves after it is back', async () => {
    expect((await api('POST', `/api/v1/counters/${counterA.id}/open`, undefined, op1)).status).toBe(200);
    const first = await callAt(op1, counterA);
    // A call goes out at once and shows at once, though the state saying the counter is open again may wait its turn.
    await screenA.waitForSelector(`[data-testid=counter-call][data-ticket="${first}"]`, { timeout: 1_000 });
    const restarting = server.restart({ downtimeMs: 2_000 });
    await screenA.waitForSelector('[data-testid=reconnecting]', { timeout: 3_000 });
    await screenshot(screenA, 'counter-screen-reconnecting-1280x720');
    await restarting;
    await screenA.waitForSelector('[data-testid=counter-screen][data-connection=online]', { timeout: 15_000 });
    const next = await callAt(op1, counterA);
    await screenA.waitForSelector(`[data-testid=counter-call][data-ticket="${next}"][data-highlighted=true]`, { timeout: 1_000 });
    const { seq } = await displayState('?zone=hall-a');
    await screenA.waitForFunction((s) => Number(document.querySelector('[data-testid=counter-screen]')?.getAttribute('data-seq')) === s, seq, { timeout: 2_000 });
  });

  it('a screen set up for a counter that does not exist says so in English and Urdu', async () => {
    const page = await browser.newPage({ viewport: sizes[0]! });
    watch(page);
    await page.goto(`${server.url}/display/counter/99999`);
    const alert = await page.waitForSelector('[role=alert]', { timeout: 15_000 });
    expect(await alert.textContent()).toContain('does not exist');
    expect(await alert.textContent()).toMatch(/[\u0600-\u06ff]/);
    await expectAxeClean(page);
    await page.close();
  });

  it('the hall display says how long someone joining each line waits, "about 15–25 min", in English and Urdu', async () => {
    const hall = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    watch(hall);
    await hall.goto(`${server.url}/display?center=isb-g9&sound=off`);
    await hall.waitForSelector('[data-testid=board][data-connection=online]', { timeout: 20_000 });
    // A longer line with one counter open: a wait worth a range.
    for (let i = 0; i < 6; i++) await issue(counterA.services[0]!.serviceId);
    const state = await displayState();
    await hall.waitForFunction((s) => Number(document.querySelector('[data-testid=board]')?.getAttribute('data-seq')) >= s, state.seq, { timeout: 2_000 });
    const line = state.waiting.find((w) => w.serviceId === counterA.services[0]!.serviceId)!;
    expect(line.waitRange).not.toBeNull();
    const row = hall.locator('[data-testid=waiting-row]', { hasText: services.find((s) => s.id === line.serviceId)!.name.en });
    expect(await row.locator('[data-testid=waiting-range] .en').textContent()).toBe(formatWaitRange(line.waitRange, 'en'));
    expect(await row.locator('[data-testid=waiting-range] .ur').textContent()).toBe(formatWaitRange(line.waitRange, 'ur'));
    expect(formatWaitRange(line.waitRange, 'en')).toMatch(/^(about \d+–\d+ min|up to \d+ min|less than 5 min)$/);
    await expectLayoutClean(hall, 'hall with wait ranges');
    await screenshot(hall, 'display-waiting-ranges-1920x1080');
    await hall.close();
  });

  it('a journey ticket called at its next stop: the hall display shows and says that stop’s service', async () => {
    const hall = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    watch(hall);
    await hall.goto(`${server.url}/display?center=isb-g9&sound=on&flash=2`);
    await hall.waitForSelector('[data-testid=board][data-connection=online]', { timeout: 20_000 });
    const screenB = await openCounterScreen(counterB.id, sizes[0]!);

    // Both counters open (they may be already: opening again is allowed or refused, either leaves them open).
    await api('POST', `/api/v1/counters/${counterA.id}/open`, undefined, op1);
    await api('POST', `/api/v1/counters/${counterB.id}/open`, undefined, op2);
    const first = counterA.services[0]!.serviceId;
    const next = counterB.services[0]!.serviceId;
    const nextService = services.find((s) => s.id === next)!;
    const ticket = await issue(first, { nextServiceIds: [next] });
    await api('POST', `/api/v1/counters/${counterA.id}/complete`, undefined, op1);
    expect((await api('POST', `/api/v1/counters/${counterA.id}/call`, { ticketId: ticket.id }, op1)).status).toBe(200);
    expect((await api('POST', `/api/v1/counters/${counterA.id}/start`, undefined, op1)).status).toBe(200);
    expect((await api('POST', `/api/v1/counters/${counterA.id}/complete`, undefined, op1)).status).toBe(200);
    await api('POST', `/api/v1/counters/${counterB.id}/complete`, undefined, op2);
    const called = await api<{ ticket: { code: string; serviceId: number } }>('POST', `/api/v1/counters/${counterB.id}/call`, { ticketId: ticket.id }, op2);
    expect(called.status, JSON.stringify(called.body)).toBe(200);
    expect(called.body.ticket).toMatchObject({ code: ticket.code, serviceId: next });

    // "A012 → Counter 8 · FBR — NTN and tax filing": the code, the counter and the stop's service.
    await hall.waitForSelector(`[data-testid=hero][data-ticket="${ticket.code}"][data-counter="${counterB.name}"]`, { timeout: 3_000 });
    await hall.waitForFunction((en) => document.querySelector('[data-testid=hero] .hero-service .en')?.textContent === en, nextService.name.en, { timeout: 2_000 });
    expect(await hall.textContent('[data-testid=hero] .hero-service .ur')).toBe(nextService.name.ur);
    await screenB.waitForSelector(`[data-testid=counter-call][data-ticket="${ticket.code}"]`, { timeout: 3_000 });
    expect(await screenB.textContent('[data-testid=counter-call] .counter-service .en')).toBe(nextService.name.en);
    // Announced with the stop's service (said where a voice can say it; the clips say code and counter).
    const atStop = { code: ticket.code, counter: counterB.name };
    await hall.waitForFunction(
      ({ code, counter }) => {
        const s = (window as any).__navbatAnnouncer.snapshot();
        return [...s.history, ...(s.playing ? [s.playing] : []), ...s.queued].some((r: { ticketCode: string; counterName: string }) => r.ticketCode === code && r.counterName === counter);
      },
      atStop,
      { timeout: 3_000 },
    );
    const records = await hall.evaluate(({ code }) => {
      const s = (window as any).__navbatAnnouncer.snapshot();
      return [...s.history, ...(s.playing ? [s.playing] : []), ...s.queued].filter((r: { ticketCode: string }) => r.ticketCode === code);
    }, atStop);
    // The first stop's call was said with its service, the second stop's with its own.
    const firstService = services.find((s) => s.id === first)!;
    expect(records.map((r: { counterName: string; serviceName: unknown }) => [r.counterName, r.serviceName])).toEqual([
      [counterA.name, firstService.name],
      [counterB.name, nextService.name],
    ]);
    await expectLayoutClean(hall, 'hall with a journey call');
    await screenshot(hall, 'display-journey-call-1920x1080');
    await hall.close();
    await screenB.close();
  });

  describe('with a real hall content: long names, 4-digit codes', () => {
    let deskId: number;
    beforeAll(async () => {
      const admin = await login(server.url, 'admin', adminPassword);
      await seedLongHall(server.url, admin);
      const counters = (await api<CounterRow[]>('GET', `/api/v1/centers/${longCenter}/counters`, undefined, admin)).body;
      deskId = counters.find((c) => c.name === 'Business Facilitation Desk 12')!.id;
    }, 180_000);

    it('"Business Facilitation Desk 12" serving a 4-digit code: whole at every size, in English and Urdu', async () => {
      const page = await openCounterScreen(deskId, sizes[1]!, '?sound=off');
      await page.waitForSelector('[data-testid=counter-call]', { timeout: 2_000 });
      expect(await page.getAttribute('[data-testid=counter-call]', 'data-ticket')).toMatch(/^[A-Z]{3}1\d{3}$/);
      for (const size of [...sizes, { width: 800, height: 480 }, { width: 3840, height: 2160 }]) {
        await page.setViewportSize(size);
        await expectLayoutClean(page, `long names at ${size.width}×${size.height}`);
        const title = await page.evaluate(() => {
          const t = document.querySelector<HTMLElement>('[data-testid=counter-title]')!;
          return { text: t.textContent, whole: t.scrollWidth <= t.clientWidth + 1 };
        });
        expect(title).toEqual({ text: 'Business Facilitation Desk 12', whole: true });
        await screenshot(page, `counter-screen-long-${size.width}x${size.height}`);
      }
      await page.setViewportSize(sizes[1]!);
      await expectAxeClean(page);
      await page.close();
    });
  });

  it('had no script errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
