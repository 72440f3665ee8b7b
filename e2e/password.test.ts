import { describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../src/server/test-app.js';
import { chromiumAvailable, demoSchoolInBrowser } from './browser.js';

describe.skipIf(!chromiumAvailable)('browser: first password change with the strength meter', async () => {
  const { t, signIn, base } = await demoSchoolInBrowser();

  it('rates the new password as it is typed, refuses a common one, and accepts a strong one', async () => {
    const user = await t.makeUser({ mustChangePassword: true });
    const page = await signIn(user.username, TEST_PASSWORD);
    await page.waitForURL('**/password');
    await page.getByLabel('目前密碼').fill(TEST_PASSWORD);
    const meter = page.getByTestId('password-strength');

    await page.getByLabel(/^新密碼/).fill('1qaz2wsx3edc');
    await page.getByText('這個密碼太常見，容易被猜中，請換一個').first().waitFor();
    expect(await meter.textContent()).toMatch(/密碼強度：(非常弱|弱)$/);

    const strong = '阿里山的日出-比-想像中冷 42';
    await page.getByLabel(/^新密碼/).fill(strong);
    await page.getByText(/密碼強度：(強|非常強)$/).waitFor();
    await page.getByLabel('再次輸入新密碼').fill(strong);
    await page.getByRole('button', { name: '變更密碼' }).click();
    await page.waitForURL(`${base()}/`);
    await page.getByTestId('home-welcome').waitFor();
    await page.context().close();
  });
});
