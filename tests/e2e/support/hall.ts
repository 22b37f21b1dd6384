import { afterAll, beforeAll } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';
import { launchBrowser } from './browser';
import { startE2EServer, type E2EServer, type E2EServerOptions } from './server';

export interface E2EHall {
  readonly server: E2EServer;
  readonly browser: Browser;
  /** The suite's browser context (one device), made with the options given to useE2EHall. */
  readonly context: BrowserContext;
}

/**
 * Starts the real server and Chromium before the suite, with one browser context made with `contextOptions`,
 * and closes them after it. Call it inside `describe`; read the returned object's fields inside hooks and tests.
 */
export function useE2EHall(contextOptions: BrowserContextOptions = {}, serverOptions: E2EServerOptions = {}): E2EHall {
  let server: E2EServer | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  beforeAll(async () => {
    server = await startE2EServer(serverOptions);
    browser = await launchBrowser();
    context = await browser.newContext(contextOptions);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });
  const started = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`the e2e ${name} is not started yet: read it inside a hook or a test`);
    return value;
  };
  return {
    get server() {
      return started(server, 'server');
    },
    get browser() {
      return started(browser, 'browser');
    },
    get context() {
      return started(context, 'browser context');
    },
  };
}

/** A JSON request to the hall's server, answering its status and parsed body (null when empty). */
export async function hallApi<T>(hall: E2EHall, path: string, init: { method?: string; body?: unknown; cookie?: string } = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(hall.server.url + path, {
    method: init.method ?? 'GET',
    headers: { ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(init.cookie ? { cookie: init.cookie } : {}) },
    body: init.body !== undefined ? JSON.stringify(init.body) : null,
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}
