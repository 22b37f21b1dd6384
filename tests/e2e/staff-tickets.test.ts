import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, describeViolations, hasChromium, openConsole, screenshot } from './support/browser';
import { useE2EHall } from './support/hall';
import { checkLayout, describeProblems } from './support/layout-check';

// The help desk at a counter: a ticket for a citizen who cannot use the kiosk is called like any other, and a
// lost ticket is printed again.

async function expectNoAxeViolations(page: Page, what: string) {
  const violations = await axeViolations(page);
  expect(violations, `${what}:\n${describeViolations(violations)}`).toEqual([]);
}

describe.skipIf(!hasChromium)('staff-issued tickets', () => {
  const hall = useE2EHall({ viewport: { width: 1366, height: 900 } });

  it('an operator issues a ticket for a citizen, calls it like any other, and reprints it (EN and UR)', async () => {
    const page = await hall.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(() => {
      window.print = () => {};
    });
    await openConsole(page, hall.server.url, 'isb-g9', 'operator1', 1);

    const panel = page.getByRole('region', { name: 'Ticket for a citizen' });
    await panel.getByLabel('Service').selectOption({ label: 'A · National ID card (CNIC)' });
    await panel.getByRole('button', { name: 'Issue ticket' }).click();
    await expect.poll(() => panel.getByTestId('help-slip').textContent()).toContain('Token A001');
    expect(await panel.getByRole('status').textContent()).toBe('Ticket A001 issued. Give it to the citizen.');
    await expectNoAxeViolations(page, 'help desk (en)');
    expect(describeProblems(await checkLayout(page))).toBe('');
    await screenshot(page, 'console-help-desk-en', { fullPage: true });

    // Called like any other ticket.
    await page.getByRole('button', { name: /Call next/ }).click();
    await expect.poll(() => page.getByTestId('current-ticket').locator('.ticket-code').textContent()).toBe('A001');
    await panel.getByRole('button', { name: 'Reprint A001' }).click();
    await expect.poll(() => panel.getByRole('status').textContent()).toBe('Ticket A001 printed again (same ticket, same place in line).');

    await page.getByRole('button', { name: /Switch to Urdu/ }).click();
    const urdu = page.getByRole('region', { name: 'شہری کے لیے ٹکٹ' });
    await urdu.waitFor();
    await expectNoAxeViolations(page, 'help desk (ur)');
    expect(describeProblems(await checkLayout(page))).toBe('');
    await screenshot(page, 'console-help-desk-ur', { fullPage: true });
    expect(errors).toEqual([]);
  }, 120_000);
});
