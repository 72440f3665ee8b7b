import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/modules/demo/demo.data.js';
import { chromiumAvailable, demoSchoolInBrowser } from './browser.js';

describe.skipIf(!chromiumAvailable)(
  'browser: demo student signs in, switches language, signs out',
  async () => {
    const { base, browser } = await demoSchoolInBrowser();
    let baseUrl = '';

    it('works in zh-TW, then English, on a 360 px phone screen', async () => {
      baseUrl = base();
      const context = await browser().newContext({ viewport: { width: 360, height: 740 }, locale: 'zh-TW' });
      const page = await context.newPage();
      await page.goto(`${baseUrl}/`);
      await page.waitForURL('**/login');
      await page.getByRole('heading', { name: '登入' }).waitFor();

      // A wrong password shows the server's zh-TW message.
      await page.getByLabel('帳號').fill('demo-student');
      await page.getByLabel('密碼').fill('wrong-password');
      await page.getByRole('button', { name: '登入' }).click();
      const alert = page.getByTestId('error-alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('帳號或密碼錯誤');

      await page.getByLabel('密碼').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: '登入' }).click();
      await page.waitForURL(`${baseUrl}/`);
      const welcome = page.getByTestId('home-welcome');
      await welcome.waitFor();
      expect(await welcome.textContent()).toMatch(/，您好$/);
      expect(await page.getByTestId('home-deadlines').textContent()).toContain('期限');
      expect(await page.getByText('示範高級工農職業學校').count()).toBeGreaterThan(0);
      expect(await page.getByText(/學年度第\d學期/).count()).toBeGreaterThan(0);
      // Nothing overflows the phone screen horizontally.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

      await page.getByText('English', { exact: true }).click();
      await page.getByText(/^Hello, /).waitFor();
      expect(await page.getByTestId('home-deadlines').textContent()).toContain('Deadlines');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');

      // The choice survives a reload.
      await page.reload();
      await page.getByText(/^Hello, /).waitFor();

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL('**/login');
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      // The session is gone on the server too.
      const me = await page.evaluate(async () => (await fetch('/api/v1/me')).status);
      expect(me).toBe(401);
      await context.close();
    });
  },
);
