import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Browser tests run wherever Chromium is installed, and must run in CI. */
export const hasChromium = fs.existsSync(chromiumPath);
if (!hasChromium && process.env.CI) throw new Error(`CI needs Chromium at ${chromiumPath} (apt-get install -y chromium)`);
if (!hasChromium) console.warn(`browser tests skipped: no Chromium at ${chromiumPath} (apt-get install -y chromium)`);

/** Screenshots land here; the README points to it. */
export const outputDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../output');

/** `hostResolverRules` (Chromium's `--host-resolver-rules`, e.g. `MAP navbat.test 127.0.0.1`) gives a test a host name. */
export function launchBrowser(options: { hostResolverRules?: string } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    // The screens run in the hall, in the demo centre's time zone. A browser on UTC disagrees with the centre on
    // the date from 19:00 UTC (midnight in Islamabad), and the supervisor's date pickers default to the browser's
    // today (a known gap for supervisors elsewhere: docs/supervisor.md).
    env: { ...process.env, TZ: 'Asia/Karachi' },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-quic',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
      ...(options.hostResolverRules ? [`--host-resolver-rules=${options.hostResolverRules}`] : []),
    ],
  });
}

/** Saves a screenshot under tests/e2e/output/screenshots/NAME.png. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  const file = path.join(outputDir, 'screenshots', `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: options.fullPage ?? false });
  return file;
}

const axeSource = fs.readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../node_modules/axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

/**
 * Runs axe-core (WCAG 2 A/AA rules) on the page and returns its violations. axe is evaluated through the
 * DevTools protocol, not injected as a script tag, so the page keeps the server's content security policy.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html })) }));
  });
}

/** A readable summary of violations for assertion messages. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n  ')}`).join('\n');
}

/** Signs `username` in on the counter console of `center` and opens counter `counter`, waiting until the console is live. */
export async function openConsole(page: Page, baseUrl: string, center: string, username: string, counter: number | string): Promise<void> {
  await page.goto(`${baseUrl}/counter?center=${center}`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(`${username}-demo`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator(`input[name="counter"][value="${counter}"]`).check();
  await page.getByRole('button', { name: `Open counter ${counter}` }).click();
  await page.locator('[data-testid="connection"]', { hasText: 'Live' }).waitFor({ timeout: 10_000 });
}
