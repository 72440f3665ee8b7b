import { describe, it } from 'vitest';
import { taipeiDateOf, toIsoDate } from '../src/domain/calendar.js';
import { chromiumAvailable, demoSchoolInBrowser } from './browser.js';

describe.skipIf(!chromiumAvailable)(
  'browser: 學務處 enters and corrects a single cadre record by form; adds a school code',
  async () => {
    const { signIn, base } = await demoSchoolInBrowser();
    const today = toIsoDate(taipeiDateOf(new Date()));

    it('adds, corrects (a broken rule named in zh-TW) and deletes one cadre record of a student', async () => {
      const page = await signIn('demo-affairs');
      await page.getByTestId('home-welcome').waitFor();
      await page.goto(`${base()}/students`);
      await page.locator('tbody tr').first().click();
      await page.waitForURL(/\/students\/[0-9a-f-]{36}$/);
      await page.getByTestId('cadre-link').click();
      await page.getByTestId('cadre-add').click();
      const form = page.getByTestId('cadre-form');
      const field = (key: string) => form.locator(`[data-field="${key}"]`);
      await field('unit').fill('交通糾察隊');
      await field('position').fill('隊長');
      await field('level').click();
      await page.getByRole('option', { name: '1 校級' }).click();
      await field('startsOn').fill(today);
      await form.getByTestId('cadre-save').click();
      const row = page.getByTestId('cadre-row').filter({ hasText: '交通糾察隊' });
      await row.getByText('隊長').waitFor();
      await row.getByText('校級').waitFor();

      // Correct it: an end before the start is refused with the rule's name, then fixed.
      await row.getByRole('button', { name: '修改' }).click();
      await field('position').fill('副隊長');
      await field('endsOn').fill('2000-01-01');
      await form.getByTestId('cadre-save').click();
      await page.getByTestId('error-alert').getByText('幹部經歷結束日期早於開始日期').waitFor();
      await field('endsOn').fill('');
      await form.getByTestId('cadre-save').click();
      await form.waitFor({ state: 'detached' });
      await page.getByTestId('cadre-row').filter({ hasText: '副隊長' }).waitFor();

      // The student record shows the corrected record read-only.
      await page.goBack();
      await page.getByText('交通糾察隊').first().waitFor();
      await page.getByTestId('cadre-link').click();

      page.once('dialog', (d) => void d.accept());
      await page
        .getByTestId('cadre-row')
        .filter({ hasText: '交通糾察隊' })
        .getByRole('button', { name: '刪除' })
        .click();
      await page.getByTestId('cadre-row').filter({ hasText: '交通糾察隊' }).waitFor({ state: 'detached' });
      await page.context().close();
    });

    it('adds a school competition field code; it is listed as the school’s own and can be disabled', async () => {
      const page = await signIn('demo-affairs');
      await page.getByTestId('home-welcome').waitFor();
      await page.goto(`${base()}/codes`);
      await page.locator('[data-field="code"]').fill('S9');
      await page.locator('[data-field="label"]').fill('校內科展');
      await page.getByRole('button', { name: '新增學校代碼' }).click();
      const row = page.getByTestId('code-S9');
      await row.getByText('本校新增').waitFor();
      await row.getByRole('button', { name: '停用' }).click();
      await row.getByText('已停用').waitFor();
      await page.context().close();
    });
  },
  120_000,
);
