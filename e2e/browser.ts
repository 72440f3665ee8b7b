/**
 * Headless Debian Chromium for browser tests, with the flags this environment needs (DESIGN.md §2).
 * playwright-core gives every launch a fresh temporary profile (the fresh --user-data-dir).
 * Without chromium the tests are skipped locally but fail loudly when CI=true.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const chromiumAvailable = existsSync(CHROMIUM_PATH);

if (!chromiumAvailable && process.env.CI === 'true') {
  throw new Error(
    `CI=true but ${CHROMIUM_PATH} is missing: install Debian's chromium (apt-get install -y chromium)`,
  );
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * The demo school served by the real app on a free port, and a browser: what every journey test needs.
 * Call inside a `describe`; it registers its own set-up and tear-down.
 */
export async function demoSchoolInBrowser() {
  const { createTestApp } = await import('../src/server/test-app.js');
  const { seedDemoSchool } = await import('../src/modules/demo/demo.service.js');
  const { DEMO_PASSWORD } = await import('../src/modules/demo/demo.data.js');
  const { afterAll, beforeAll } = await import('vitest');
  const t = await createTestApp({}, { serveWeb: true });
  const state = { base: '', browser: undefined as Browser | undefined };
  beforeAll(async () => {
    await seedDemoSchool(t.db);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    state.base = `http://127.0.0.1:${(t.app.server.address() as import('node:net').AddressInfo).port}`;
    state.browser = await launchBrowser();
  });
  afterAll(async () => {
    await state.browser?.close();
    await t.app.close();
  });

  /** A fresh browser context signed in through the login page (zh-TW). */
  async function signIn(username: string, password = DEMO_PASSWORD, viewport = { width: 1280, height: 900 }) {
    const context = await (state.browser as Browser).newContext({ viewport, acceptDownloads: true });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await page.goto(`${state.base}/login`);
    await page.getByLabel('帳號').fill(username);
    await page.getByLabel('密碼').fill(password);
    await page.getByRole('button', { name: '登入' }).click();
    return page;
  }

  return { t, signIn, base: () => state.base, browser: () => state.browser as Browser };
}
