import { describe, expect, it } from 'vitest';
import { taipeiDateOf, toIsoDate } from '../src/domain/calendar.js';
import { demoOn } from '../src/modules/demo/demo.data.js';
import { pdf } from '../src/modules/uploads/test-corpus.js';
import { chromiumAvailable, demoSchoolInBrowser } from './browser.js';

describe.skipIf(!chromiumAvailable)(
  'browser: a student records a performance; the parent reads it',
  async () => {
    const { signIn, base } = await demoSchoolInBrowser();
    // The demo is generated for today: the current academic year; the competition's results came out today.
    const today = taipeiDateOf(new Date());
    const YEAR = demoOn(today).term.academicYear;

    it('records a competition with a proof PDF and a link, sees it under the year, edits it; the parent sees it read-only', async () => {
      const student = await signIn('demo-student');
      await student.getByTestId('home-welcome').waitFor();
      await student.goto(`${base()}/performances`);
      await student
        .getByTestId('performance-window')
        .getByText(`${YEAR}學年度多元表現登錄期間`, { exact: false })
        .waitFor();
      await student.getByTestId('performance-add').click();
      await student.getByTestId('performance-category').click();
      await student.getByRole('option', { name: '競賽參與' }).click();
      const field = (key: string) => student.locator(`[data-field="${key}"]`);
      await field('name').fill('全國高級中等學校技藝競賽');
      await field('item').fill('工業電子');
      await field('level').click();
      await student.getByRole('option', { name: '全國', exact: true }).click();
      await field('award').fill('金手獎第一名');
      await field('participation').click();
      await student.getByRole('option', { name: '個人', exact: true }).click();
      await field('startsOn').fill(toIsoDate(today));
      await field('summary').fill('代表學校參加全國技藝競賽，獲金手獎。');
      await student
        .getByTestId('upload-input')
        .first()
        .setInputFiles({ name: '獎狀.pdf', mimeType: 'application/pdf', buffer: await pdf() });
      await student.getByText('已完成並保存').first().waitFor();
      await field('externalUrl').fill('https://www.youtube.com/watch?v=demo');
      await student.getByText('外部連結的內容不會保存在平臺上').waitFor();
      await student.getByTestId('performance-save').click();

      const year = student.getByTestId(`performance-year-${YEAR}`);
      const card = year.getByTestId('performance-card').filter({ hasText: '代表學校參加全國技藝競賽' });
      await card.waitFor();
      await card.getByText('www.youtube.com').waitFor();
      await card.getByText('競賽等級：全國').waitFor();
      const proofHref = await card.getByRole('link', { name: /證明文件/ }).getAttribute('href');
      expect(await student.evaluate(async (u) => (await fetch(u as string)).status, proofHref)).toBe(200);
      // School-entered cadre records are listed too, marked and without edit buttons.
      await student.getByTestId('school-cadre-card').first().getByText('學校登錄').waitFor();
      expect(
        await student.getByTestId('school-cadre-card').first().getByTestId('performance-edit').count(),
      ).toBe(0);

      await card.getByTestId('performance-edit').click();
      const dialog = student.getByRole('dialog');
      await dialog.locator('[data-field="summary"]').fill('全國技藝競賽工業電子職種金手獎。');
      await dialog.getByTestId('performance-save').click();
      await dialog.waitFor({ state: 'detached' });
      await year
        .getByTestId('performance-card')
        .filter({ hasText: '全國技藝競賽工業電子職種金手獎。' })
        .waitFor();

      // The portfolio overview shows it under the year.
      await student.goto(`${base()}/portfolio`);
      await student
        .getByTestId(`portfolio-year-${YEAR}`)
        .getByTestId('portfolio-performance')
        .filter({ hasText: '全國技藝競賽工業電子職種金手獎。' })
        .waitFor();

      const parent = await signIn('demo-parent');
      await parent.getByTestId('home-welcome').waitFor();
      await parent.goto(`${base()}/children`);
      await parent.getByRole('link').filter({ hasText: /\S/ }).last().waitFor();
      await parent.locator('a[href^="/students/"]').first().click();
      const theirs = parent.getByTestId('student-performances');
      const seen = theirs
        .getByTestId('performance-card')
        .filter({ hasText: '全國技藝競賽工業電子職種金手獎。' });
      await seen.waitFor();
      expect(await theirs.getByTestId('performance-edit').count()).toBe(0);
      expect(await parent.getByTestId('performance-add').count()).toBe(0);
      await parent.getByTestId('portfolio-link').click();
      await parent
        .getByTestId(`portfolio-year-${YEAR}`)
        .getByText('全國技藝競賽工業電子職種金手獎。')
        .waitFor();
    }, 120_000);
  },
);
