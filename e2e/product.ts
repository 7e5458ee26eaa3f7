/**
 * Each browser test file starts the real product once and one chromium: `const product = useProduct()`
 * registers the hooks; `product.server` and `product.browser` are ready inside the tests.
 */
import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type RunningServer } from './server';
import { launchBrowser } from './browser';

export interface Product {
  readonly server: RunningServer;
  readonly browser: Browser;
}

export function useProduct(opts: { postgres?: boolean } = {}): Product {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startServer([], opts);
    browser = await launchBrowser();
    await mkdir('e2e/screenshots', { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    get server() {
      if (!server) throw new Error('the server is not up yet');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('the browser is not up yet');
      return browser;
    },
  };
}
