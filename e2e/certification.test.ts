import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { classes, terms } from '../src/db/schema/index.js';
import { taipeiDateOf } from '../src/domain/calendar.js';
import { DEMO_PASSWORD, demoOn } from '../src/modules/demo/demo.data.js';
import { pdf } from '../src/modules/uploads/test-corpus.js';
import { chromiumAvailable, demoSchoolInBrowser } from './browser.js';

describe.skipIf(!chromiumAvailable)('browser: a course outcome from upload to certification', async () => {
  const { t, signIn, base } = await demoSchoolInBrowser();
  // The demo is generated for today: its term, the demo student's 學號 and course names follow.
  const demo = demoOn(taipeiDateOf(new Date()));

  beforeAll(async () => {
    const admin = await t.login('demo-academic', DEMO_PASSWORD);
    const [term] = await t.db
      .select()
      .from(terms)
      .where(sql`academic_year = ${demo.term.academicYear} and semester = ${demo.term.semester}`);
    for (const kind of ['upload', 'certification']) {
      const res = await t.app.inject({
        method: 'PUT',
        url: `/api/v1/terms/${term?.id}/windows/${kind}`,
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
        payload: { opensAt: new Date(Date.now() - 3_600_000), closesAt: new Date(Date.now() + 3_600_000) },
      });
      expect(res.statusCode).toBe(200);
    }
  });

  async function uploadIn(scope: ReturnType<Page['locator']> | Page, name: string) {
    await scope
      .getByTestId('upload-input')
      .first()
      .setInputFiles({ name, mimeType: 'application/pdf', buffer: await pdf() });
    await scope.getByText('檔案已上傳，尚未送出').first().waitFor();
  }

  it('student submits, teacher fails with a reason, student resubmits, teacher certifies; timeline and class counts follow', async () => {
    const student = await signIn('demo-student');
    await student.getByTestId('home-welcome').waitFor();
    await student.goto(`${base()}/outcomes`);
    await student.getByRole('button', { name: '新增課程學習成果' }).click();
    await student.getByTestId('outcome-course').click();
    await student
      .getByRole('option', { name: new RegExp(`^國語文${demo.term.semester === 1 ? 'Ⅲ' : 'Ⅳ'}`) })
      .click();
    await student.getByLabel('標題').fill('〈赤壁賦〉讀書報告');
    await student.getByLabel('簡述').fill('比較蘇軾前後〈赤壁賦〉的情感轉折。');
    await uploadIn(student, '赤壁賦.pdf');
    expect(await student.getByRole('progressbar').first().getAttribute('aria-valuenow')).toBe('100');
    await student.getByRole('button', { name: '送出，等待老師認證' }).click();
    const card = student.getByTestId('outcome-card').first();
    await card.getByTestId('outcome-status').getByText('待認證').waitFor();

    const teacher = await signIn('demo-teacher');
    await teacher.getByTestId('home-welcome').waitFor();
    await teacher.goto(`${base()}/certification`);
    const item = teacher.getByTestId('queue-item').filter({ hasText: '〈赤壁賦〉讀書報告' });
    await item.waitFor();
    await item.getByRole('button', { name: '檢視', exact: true }).click();
    const href = await teacher
      .getByRole('dialog')
      .getByRole('link', { name: '下載原檔' })
      .getAttribute('href');
    expect(await teacher.evaluate(async (u) => (await fetch(u as string)).status, href)).toBe(200);
    await teacher.keyboard.press('Escape');
    await item.getByRole('button', { name: '不通過' }).click();
    await item.getByTestId('fail-preset').click();
    await teacher.getByRole('option', { name: '檔案無法閱讀或不完整' }).click();
    await item.getByRole('button', { name: '確認不通過' }).click();
    await item.waitFor({ state: 'detached' });

    await student.reload();
    await card.getByTestId('outcome-status').getByText('認證未通過').waitFor();
    // The decision arrives as a notification, with the teacher's reason.
    await student.getByTestId('notification-bell').click();
    await student
      .getByRole('menuitem', { name: /「〈赤壁賦〉讀書報告」認證未通過：檔案無法閱讀或不完整/ })
      .waitFor();
    await student.keyboard.press('Escape');
    await card.getByLabel('簡述').fill('補上完整的第二頁。');
    await uploadIn(card, '赤壁賦-完整版.pdf');
    await card.getByRole('button', { name: '修改後重新送出' }).click();
    await card.getByTestId('outcome-status').getByText('待認證').waitFor();

    await teacher.reload();
    await teacher
      .getByTestId('queue-item')
      .filter({ hasText: '〈赤壁賦〉讀書報告' })
      .getByRole('button', { name: '通過', exact: true })
      .click();
    await teacher
      .getByTestId('queue-item')
      .filter({ hasText: '〈赤壁賦〉讀書報告' })
      .waitFor({ state: 'detached' });

    await student.reload();
    await card.getByTestId('outcome-status').getByText('認證通過').waitFor();
    await card.getByRole('button', { name: '歷程紀錄' }).click();
    const timeline = card.getByTestId('outcome-timeline');
    await timeline.waitFor();
    const text = await timeline.textContent();
    for (const step of ['上傳', '認證未通過', '理由：檔案無法閱讀或不完整', '重新送出', '認證通過'])
      expect(text).toContain(step);

    const homeroom = await signIn('demo-homeroom');
    await homeroom.getByTestId('home-welcome').waitFor();
    const [cls] = await t.db.select().from(classes).where(sql`name = '電機二甲'`);
    await homeroom.goto(`${base()}/classes/${cls?.id}`);
    await homeroom
      .getByTestId(`progress-${demo.studentNo('g11', 1)}`)
      .getByText(/通過 1/)
      .waitFor();
  }, 120_000);
});
