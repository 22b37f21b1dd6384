import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, describeViolations, hasChromium, screenshot } from './support/browser';
import { useE2EHall } from './support/hall';
import { checkLayout, describeProblems } from './support/layout-check';

// The devices page: a kiosk and a hall display report themselves over their sockets; the display goes dark
// and the supervisor sees it turn red.

/** The server's clock: the real one, moved on by `offset` when the test needs a minute to pass. */
const clock = { offset: 0, now: () => new Date(Date.now() + clock.offset) };

/** The text as read, without the bidi isolates that keep Latin names in place in Urdu sentences. */
const plain = async (l: { textContent(): Promise<string | null> }) => ((await l.textContent()) ?? '').replace(/[\u2066-\u2069]/g, '');

async function expectNoAxeViolations(page: Page, what: string) {
  const violations = await axeViolations(page);
  expect(violations, `${what}:\n${describeViolations(violations)}`).toEqual([]);
}

describe.skipIf(!hasChromium)('the devices page', () => {
  const hall = useE2EHall({ viewport: { width: 1366, height: 900 } }, { clock });

  it('lists the kiosk and the display; a display dark for a minute turns red, in English and Urdu', async () => {
    const display = await hall.browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const displayPage = await display.newPage();
    await displayPage.goto(`${hall.server.url}/display?center=isb-g9&zone=hall-a&sound=off`);
    const kiosk = await hall.browser.newContext({ viewport: { width: 1080, height: 1920 } });
    const kioskPage = await kiosk.newPage();
    await kioskPage.goto(`${hall.server.url}/kiosk?center=isb-g9`);

    const page = await hall.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${hall.server.url}/counter/supervisor?center=isb-g9`);
    await page.getByLabel('Username').fill('supervisor');
    await page.getByLabel('Password').fill('supervisor-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Control room', exact: true }).click();
    await page.getByRole('button', { name: 'Devices', exact: true }).click();

    const table = page.getByTestId('dev-table');
    const rowOf = (kind: string) => table.locator('tbody tr', { hasText: kind });
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 20_000 }).toBe(2);
    expect(await rowOf('Kiosk').getAttribute('data-state')).toBe('green');
    await expect(rowOf('Kiosk').textContent()).resolves.toContain('No print yet');
    // The display was opened with its announcements off: amber, and said why.
    expect(await rowOf('Hall display').getAttribute('data-state')).toBe('amber');
    await expect(plain(page.getByTestId('dev-alerts'))).resolves.toContain('Hall display “hall-a” has its announcements off');
    await expect(rowOf('Hall display').textContent()).resolves.toContain('1920×1080');
    expect(describeProblems(await checkLayout(page))).toBe('');
    await expectNoAxeViolations(page, 'devices (en)');
    await screenshot(page, 'devices-en', { fullPage: true });

    // The display's screen goes dark (its PC is switched off); a minute passes on the server.
    await display.close();
    clock.offset = 61_000;
    await expect.poll(() => rowOf('Hall display').getAttribute('data-state'), { timeout: 20_000 }).toBe('red');
    await expect(plain(page.getByTestId('dev-alerts'))).resolves.toMatch(/Hall display “hall-a” has been dark for 1:[0-5]\d/);
    // The kiosk goes on reporting: green again at its next heartbeat.
    await expect.poll(() => rowOf('Kiosk').getAttribute('data-state'), { timeout: 20_000 }).toBe('green');
    await screenshot(page, 'devices-dark-en', { fullPage: true });

    await page.getByRole('button', { name: 'Switch to Urdu' }).click();
    await page.getByRole('heading', { name: 'آلات', level: 2 }).waitFor();
    await expect(plain(page.getByTestId('dev-alerts'))).resolves.toContain('ہال ڈسپلے «hall-a»');
    expect(describeProblems(await checkLayout(page))).toBe('');
    await expectNoAxeViolations(page, 'devices (ur)');
    await screenshot(page, 'devices-dark-ur', { fullPage: true });

    // The retired display is forgotten.
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'hall-a ہٹائیں' }).click();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    await kiosk.close();
    expect(errors).toEqual([]);
  }, 120_000);
});
