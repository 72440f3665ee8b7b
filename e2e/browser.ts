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
