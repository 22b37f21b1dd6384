import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchBrowser, screenshot } from './support/browser';
import { startE2EServer, type E2EServer } from './support/server';

// A hall's server on plain HTTP under a name that is not localhost: Chromium treats localhost as secure and
// would hide an `upgrade-insecure-requests` that blanks the page on any other host.
const host = 'navbat.test';

describe.skipIf(!hasChromium)(`the API docs and the apps on plain HTTP at ${host}`, () => {
  let server: E2EServer;
  let browser: Browser;
  const origin = () => `http://${host}:${server.port}`;

  beforeAll(async () => {
    server = await startE2EServer();
    browser = await launchBrowser({ hostResolverRules: `MAP ${host} 127.0.0.1` });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Opens `path` and records every request that left plain HTTP on the hall's host. */
  async function open(path: string): Promise<{ page: Page; elsewhere: string[]; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const elsewhere: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(`${origin()}/`) && !r.url().startsWith('data:')) elsewhere.push(r.url());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    const res = await page.goto(origin() + path);
    expect(res?.status(), path).toBe(200);
    return { page, elsewhere, errors };
  }

  it('/api/docs renders the operations, with every script and style fetched over plain HTTP', async () => {
    const { page, elsewhere, errors } = await open('/api/docs');
    const issueTicket = page.locator('.opblock', { hasText: 'Take a ticket' }).first();
    await issueTicket.waitFor({ state: 'visible' });
    expect(await page.locator('.opblock').count()).toBeGreaterThan(40);
    await expect.poll(() => page.locator('.info .title').textContent()).toContain('Navbat API');
    expect(elsewhere).toEqual([]);
    expect(errors).toEqual([]);
    await screenshot(page, 'api-docs-plain-http');
    await page.close();
  });

  it.each(['/kiosk?center=isb-g9', '/counter?center=isb-g9', '/display?center=isb-g9'])('%s renders over plain HTTP too', async (path) => {
    const { page, elsewhere, errors } = await open(path);
    await page.waitForSelector('#root > *');
    expect(elsewhere).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
