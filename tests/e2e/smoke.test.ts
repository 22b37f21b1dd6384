import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { hasChromium, launchBrowser } from './support/browser';
import { startE2EServer, type E2EServer } from './support/server';

describe.skipIf(!hasChromium)('the server serves every app', () => {
  let server: E2EServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startE2EServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.each(['/kiosk?center=isb-g9', '/counter', '/display?center=isb-g9'])('%s loads without script errors', async (url) => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const res = await page.goto(server.url + url);
    expect(res?.status()).toBe(200);
    await page.waitForSelector('#root > *');
    expect(errors).toEqual([]);
    await page.close();
  });
});
