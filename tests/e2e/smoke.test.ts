import { describe, expect, it } from 'vitest';
import { hasChromium } from './support/browser';
import { useE2EHall } from './support/hall';

describe.skipIf(!hasChromium)('the server serves every app', () => {
  const hall = useE2EHall();

  it.each(['/kiosk?center=isb-g9', '/counter', '/display?center=isb-g9'])('%s loads without script errors', async (url) => {
    const page = await hall.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const res = await page.goto(hall.server.url + url);
    expect(res?.status()).toBe(200);
    await page.waitForSelector('#root > *');
    expect(errors).toEqual([]);
    await page.close();
  });
});
