import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Appointment, CheckInResponse, ServicesResponse, Slot, Ticket } from '@navbat/shared';
import { adminPassword } from '../support/test-app';
import { axeViolations, describeViolations, hasChromium, screenshot } from './support/browser';
import { checkLayout, describeProblems } from './support/layout-check';
import { hallApi, useE2EHall } from './support/hall';

const center = 'isb-g9';
const publicUrl = 'https://navbat.example.pk';
const minute = 60_000;
const longName = {
  en: 'Computerised National Identity Card — new, renewal, modification and duplicate (all categories)',
  ur: 'کمپیوٹرائزڈ قومی شناختی کارڈ — نیا، تجدید، ترمیم اور نقل (تمام اقسام)',
};
const fee = { amountPkr: 1500, label: { en: 'NADRA card fee, urgent (example)', ur: 'نادرا کارڈ فیس، فوری (مثال)' } };

/** The server's clock, held at chosen moments (booking windows are minutes wide). */
const clock = { at: null as number | null, now: () => new Date(clock.at ?? Date.now()) };
/** Tomorrow 10:00 in Karachi (05:00 UTC): a slot boundary of 30-minute slots from midnight. */
const tomorrowTen = () => {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + 1);
  d.setUTCHours(5, 0, 0, 0);
  return d.getTime();
};

describe.skipIf(!hasChromium)('kiosk check-in and fees', () => {
  // A portrait kiosk, on a server with PUBLIC_URL set.
  const hall = useE2EHall({ viewport: { width: 1080, height: 1920 } }, { clock, config: { publicUrl } });
  const api = <T>(path: string, init: Parameters<typeof hallApi>[2] = {}) => hallApi<T>(hall, path, init);
  let cookie = '';
  let serviceA = 0;
  const ten = tomorrowTen();

  beforeAll(async () => {
    await hall.context.addInitScript(() => {
      const w = window as unknown as { __prints: number };
      w.__prints = 0;
      window.print = () => {
        w.__prints += 1;
      };
    });
    const login = await fetch(`${hall.server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: adminPassword }) });
    cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    serviceA = (await api<ServicesResponse>(`/api/v1/centers/${center}/services`)).body.services.find((s) => s.prefix === 'A')!.id;
    // Open all day (slots every 30 minutes from midnight), bookable, with a fee and a long name.
    expect((await api(`/api/v1/admin/centers/${center}`, { method: 'PATCH', cookie, body: { openingHours: null, remoteJoin: { enabled: true, confirmBy: 2 } } })).status).toBe(200);
    const patched = await api(`/api/v1/admin/services/${serviceA}`, { method: 'PATCH', cookie, body: { name: longName, openingHours: null, booking: { slotMinutes: 30, capacity: 3 }, fee } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
  });

  async function book(start: number): Promise<Appointment> {
    const date = new Date(start + 5 * 3600_000).toISOString().slice(0, 10);
    const slots = (await api<{ slots: Slot[] }>(`/api/v1/centers/${center}/services/${serviceA}/slots?date=${date}`)).body.slots;
    const slot = slots.find((s) => Date.parse(s.start) === start);
    expect(slot, `a slot at ${new Date(start).toISOString()}`).toBeDefined();
    const res = await api<{ appointment: Appointment }>(`/api/v1/centers/${center}/appointments`, { method: 'POST', body: { serviceId: serviceA, start: slot!.start } });
    expect(res.status).toBe(201);
    return res.body.appointment;
  }
  async function openKiosk(query = ''): Promise<Page> {
    const page = await hall.context.newPage();
    await page.goto(`${hall.server.url}/kiosk?center=${center}&ticketSeconds=300${query}`);
    await page.waitForSelector('[data-step="start"][data-ready="true"]');
    return page;
  }
  async function expectClean(page: Page, screen: string) {
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    const violations = await axeViolations(page);
    expect(violations, `${screen}:\n${describeViolations(violations)}`).toEqual([]);
    const problems = (await checkLayout(page)).filter((p) => !(p.kind === 'offscreen' && p.side === 'bottom'));
    expect(problems, `${screen}:\n${describeProblems(problems)}`).toEqual([]);
  }
  async function toCheckIn(page: Page) {
    await page.getByTestId('check-in-start').click();
    await page.locator('[data-step="checkin"]').waitFor();
    // The field has the focus at once: the scanner needs no touch.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('check-in-code');
  }
  /** What a keyboard-wedge scanner does: types fast into whatever has the focus, then Enter. */
  async function scan(page: Page, text: string) {
    await page.keyboard.type(text, { delay: 2 });
    await page.keyboard.press('Enter');
  }
  const checkedIn = (page: Page) => page.waitForResponse((r) => r.url().endsWith(`/centers/${center}/check-in`) && r.request().method() === 'POST');
  const prints = (page: Page) => page.evaluate(() => (window as unknown as { __prints: number }).__prints);

  it('a booking: too early says when to come back; typed on the keypad it prints "Appointment 10:00" and the fee; scanned again it is the same ticket', async () => {
    clock.at = ten - 2 * 60 * minute;
    const appointment = await book(ten);
    const page = await openKiosk();
    await expectClean(page, 'start with check-in (en)');
    await screenshot(page, 'kiosk-en-start-check-in');
    await toCheckIn(page);
    await expectClean(page, 'check-in (en)');
    await screenshot(page, 'kiosk-en-check-in');

    // Two hours early: check-in opens 30 minutes before the slot, at 09:30 Karachi time.
    await scan(page, appointment.code.toLowerCase());
    await page.locator('[data-outcome="too-early"]').waitFor();
    expect(await page.locator('[data-outcome="too-early"]').textContent()).toBe('You are early. Please come back at 09:30 to check in.');
    await screenshot(page, 'kiosk-en-check-in-too-early');

    // Five minutes before the slot, typed on the on-screen keypad (the field keeps the focus).
    clock.at = ten - 5 * minute;
    for (const ch of appointment.code) await page.locator('.keypad .key', { hasText: new RegExp(`^${ch}$`) }).click();
    expect(await page.getByTestId('check-in-code').inputValue()).toBe(appointment.code);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('check-in-code');
    const answer = checkedIn(page);
    await page.locator('.check-in-submit').click();
    expect((await answer).status()).toBe(201);
    await page.getByTestId('ticket-code').waitFor();
    expect(await page.getByTestId('ticket-appointment').textContent()).toBe('10:00');
    expect(await page.getByTestId('ticket-fee').textContent()).toBe(`PKR 1,500 — ${fee.label.en}`);
    expect(await page.getByTestId('ticket-status').textContent()).toBe('Not paid yet');
    expect(await page.getByTestId('receipt-appointment').textContent()).toBe('Appointment 10:00');
    expect(await page.getByTestId('receipt-fee').textContent()).toBe(`PKR 1,500 — ${fee.label.en}`);
    // A booking's ticket is not "wrong service"; its QR code starts with PUBLIC_URL.
    expect(await page.getByTestId('cancel-ticket').count()).toBe(0);
    const ticket = (await api<{ ticket: Ticket }>(`/api/v1/centers/${center}/check-in`, { method: 'POST', body: { code: appointment.code } })).body.ticket;
    expect(await page.locator('.ticket-qr img').getAttribute('data-qr-value')).toBe(`${publicUrl}/t/${ticket.publicId}`);
    await expect.poll(() => prints(page)).toBe(1);
    await expectClean(page, 'appointment ticket (en)');
    await screenshot(page, 'kiosk-en-check-in-ticket');
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'kiosk-ticket-print-appointment-en', { fullPage: true });
    await page.emulateMedia({ media: 'screen' });

    // The booking's QR link, scanned again: the same ticket, not printed again until asked.
    await page.getByRole('button', { name: 'Done' }).click();
    await toCheckIn(page);
    const again = checkedIn(page);
    await scan(page, `${publicUrl}/book?center=${center}&appointment=${appointment.publicId}`);
    const againAnswer = await again;
    expect(againAnswer.status()).toBe(200);
    expect(((await againAnswer.json()) as CheckInResponse).ticket.id).toBe(ticket.id);
    await page.getByTestId('checked-in-again').waitFor();
    expect(await prints(page)).toBe(1);
    await page.getByTestId('print-again').click();
    await expect.poll(() => prints(page)).toBe(2);
    await page.close();
  });

  it('Urdu: an unknown code is a friendly retry; a missed booking offers a walk-in ticket for its service in one tap', async () => {
    clock.at = ten - 60 * minute;
    const appointment = await book(ten + 60 * minute);
    const page = await openKiosk('&lang=ur');
    await expectClean(page, 'start with check-in (ur)');
    await screenshot(page, 'kiosk-ur-start-check-in');
    await toCheckIn(page);
    await expectClean(page, 'check-in (ur)');
    await screenshot(page, 'kiosk-ur-check-in');

    await scan(page, 'ZZZZZZ');
    await page.locator('[data-outcome="not-found"]').waitFor();
    expect(await page.getByTestId('check-in-code').inputValue()).toBe('');
    // A tap elsewhere does not lose the scanner's field.
    await page.locator('h1').click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('check-in-code');

    clock.at = ten + 60 * minute + 11 * minute;
    await scan(page, appointment.code);
    await page.locator('[data-outcome="missed"]').waitFor();
    const walkIn = page.getByTestId('walk-in');
    expect(await walkIn.textContent()).toBe(`${longName.ur} کا ٹوکن لیں`);
    await expectClean(page, 'missed (ur)');
    await screenshot(page, 'kiosk-ur-check-in-missed');
    const issued = page.waitForResponse((r) => r.url().endsWith(`/centers/${center}/tickets`) && r.request().method() === 'POST');
    await walkIn.click();
    const { ticket } = (await (await issued).json()) as { ticket: Ticket };
    expect(ticket).toMatchObject({ serviceId: serviceA, channel: 'kiosk', appointmentAt: null });
    await page.getByTestId('ticket-code').waitFor();
    expect(await page.getByTestId('ticket-fee').textContent()).toBe(`1,500 روپے — ${fee.label.ur}`);
    await expectClean(page, 'walk-in ticket with fee (ur)');
    await screenshot(page, 'kiosk-ur-ticket-fee');
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'kiosk-ticket-print-fee-ur', { fullPage: true });
    await page.close();
  });

  it('the fee is on the service card before the tap; a remote ticket scanned from the phone says its place in line', async () => {
    clock.at = null;
    const page = await openKiosk();
    const { body } = await api<ServicesResponse>(`/api/v1/centers/${center}/services`);
    const a = body.services.find((s) => s.id === serviceA)!;
    expect(a.fee).toEqual(fee);
    await page.locator(`button[data-group-id="${a.groupId}"]`).click();
    const card = page.locator(`button[data-prefix="A"]`);
    expect(await card.getByTestId('service-fee').textContent()).toBe(`Fee: PKR 1,500 — ${fee.label.en}`);
    await expectClean(page, 'services with a fee (en)');
    await screenshot(page, 'kiosk-en-services-fee');
    await page.getByRole('button', { name: 'Start over' }).click();

    // Two walk-ins, then a remote ticket joined from a phone: it keeps its place in line, not arrived.
    for (let i = 0; i < 2; i++) expect((await api(`/api/v1/centers/${center}/tickets`, { method: 'POST', body: { serviceId: serviceA } })).status).toBe(201);
    const remote = await api<{ ticket: Ticket }>(`/api/v1/centers/${center}/tickets`, { method: 'POST', body: { serviceId: serviceA, channel: 'web' } });
    expect(remote.status).toBe(201);
    expect(remote.body.ticket).toMatchObject({ arrived: false, channel: 'web' });

    await toCheckIn(page);
    // The scanner starts typing while a button has the focus: the field takes it back.
    await page.getByRole('button', { name: 'Back' }).focus();
    const answer = checkedIn(page);
    await scan(page, `${publicUrl}/t/${remote.body.ticket.publicId}`);
    expect((await answer).status()).toBe(200);
    await page.getByTestId('arrived-in-line').waitFor();
    const position = (await api<{ ticket: Ticket }>(`/api/v1/tickets/${remote.body.ticket.publicId}`)).body.ticket.position;
    expect(await page.getByTestId('arrived-in-line').textContent()).toBe(`You are in line, position ${position}`);
    expect((await api<{ ticket: Ticket }>(`/api/v1/tickets/${remote.body.ticket.publicId}`)).body.ticket.arrived).toBe(true);
    await expectClean(page, 'remote arrival (en)');
    await screenshot(page, 'kiosk-en-check-in-remote');
    await page.close();
  });

  it('check-in goes back to the start when left idle, like every other screen', async () => {
    clock.at = null;
    const page = await openKiosk('&idle=2');
    await toCheckIn(page);
    await page.keyboard.type('ABC');
    await page.waitForSelector('[data-step="start"][data-ready="true"]', { timeout: 10_000 });
    await page.close();
  });
});
