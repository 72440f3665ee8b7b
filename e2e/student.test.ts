/**
 * The student's side on a deadline night, in the browser: the teacher's reason on the failed card (and a
 * 簡述-only fix), an unsent draft that warns before leaving and is there on return, withdrawal that asks
 * first, and home pages with deadlines and to-do counts that link to the work.
 */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { courses, terms } from '../src/db/schema/index.js';
import { taipeiDateOf } from '../src/domain/calendar.js';
import { DEMO_PASSWORD, demoOn } from '../src/modules/demo/demo.data.js';
import { pdf } from '../src/modules/uploads/test-corpus.js';
import { chromiumAvailable, demoSchoolInBrowser } from './browser.js';

describe.skipIf(!chromiumAvailable)(
  'browser: the student never believes work is handed in when it is not',
  async () => {
    const { t, signIn, base } = await demoSchoolInBrowser();
    const demo = demoOn(taipeiDateOf(new Date()));
    let chinese = '';
    let english = '';
    const outcomeIds: Record<string, string> = {};

    /** Submits an outcome through the API as the demo student (set-up, not what is tested). */
    async function submitted(courseId: string, title: string) {
      const s = await t.login('demo-student', DEMO_PASSWORD);
      const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf };
      const up = await t.app.inject({
        method: 'POST',
        url: '/api/v1/uploads?purpose=outcomeDocument&filename=report.pdf',
        headers: { ...headers, 'content-type': 'application/octet-stream' },
        payload: await pdf(),
      });
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/outcomes',
        headers,
        payload: { courseId, title, summary: '第一版簡述', documentFileId: up.json().id },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    }

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
      const g11 = `${demo.classOf('g11').entryYear}%`;
      const list = await t.db.select().from(courses).where(sql`term_id = ${term?.id} and code like ${g11}`);
      chinese = list.find((c) => c.name.startsWith('國語文'))?.id as string;
      english = list.find((c) => c.name.startsWith('英語文'))?.id as string;
      outcomeIds.failed = await submitted(chinese, '〈赤壁賦〉讀書報告');
      outcomeIds.pending = await submitted(english, 'English diary');
      const teacher = await t.login('demo-teacher', DEMO_PASSWORD);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/certification/decisions',
        headers: { cookie: teacher.cookie, 'x-csrf-token': teacher.csrf },
        payload: {
          outcomeIds: [outcomeIds.failed],
          decision: 'fail',
          reason: '簡述請寫出在課堂上的哪個單元完成',
        },
      });
      expect(res.statusCode, res.body).toBe(200);
    });

    it("the failed card shows the teacher's reason and the file; fixing only the 簡述 resubmits it", async () => {
      const student = await signIn('demo-student');
      await student.getByTestId('home-welcome').waitFor();
      await student.goto(`${base()}/outcomes`);
      const card = student.getByTestId('outcome-card').filter({ hasText: '〈赤壁賦〉讀書報告' });
      await card.getByTestId('fail-reason').getByText('簡述請寫出在課堂上的哪個單元完成').waitFor();
      const href = await card.getByTestId('submitted-file').getAttribute('href');
      expect(await student.evaluate(async (u) => (await fetch(u as string)).status, href)).toBe(200);
      await card.getByLabel('簡述').fill('第三單元〈赤壁賦〉的比較閱讀報告');
      await card.getByRole('button', { name: '修改後重新送出' }).click();
      await card.getByTestId('outcome-status').getByText('待認證').waitFor();
      await card.getByTestId('fail-reason').waitFor({ state: 'detached' });
      await student.context().close();
    }, 90_000);

    it('an unsent outcome says so, warns before leaving, and is there again on return', async () => {
      const student = await signIn('demo-student');
      await student.getByTestId('home-welcome').waitFor();
      await student.goto(`${base()}/outcomes`);
      await student.getByRole('button', { name: '新增課程學習成果' }).click();
      await student.getByTestId('outcome-course').click();
      await student.getByRole('option', { name: /^數學/ }).click();
      await student.getByLabel('標題').fill('函數圖形作業');
      await student.getByLabel('簡述').fill('用 GeoGebra 畫出三角函數');
      await student
        .getByTestId('upload-input')
        .first()
        .setInputFiles({ name: '函數.pdf', mimeType: 'application/pdf', buffer: await pdf() });
      await student.getByTestId('upload-state').getByText('檔案已上傳，尚未送出').waitFor();
      expect(await student.getByText('已完成並保存').count()).toBe(0);
      await student
        .getByTestId('draft-state')
        .getByText(/草稿已自動保存/)
        .waitFor();

      // A link inside the app: the dialog says it is not sent; staying keeps the form.
      await student.getByRole('link', { name: '我的檔案' }).click();
      await student.getByTestId('unsent-warning').waitFor();
      await student.getByRole('button', { name: '留在此頁' }).click();
      expect(new URL(student.url()).pathname).toBe('/outcomes');
      await student.getByRole('link', { name: '我的檔案' }).click();
      await student.getByRole('button', { name: '仍要離開' }).click();
      await student.waitForURL('**/files');
      // 我的檔案: the file is only in a draft, not handed in.
      await student.getByTestId('files-table').getByText('尚未送出的草稿「函數圖形作業」').waitFor();

      // Back: the draft is there, with its file, still not sent.
      await student.getByRole('link', { name: '課程學習成果' }).click();
      await student.getByTestId('draft-restored').waitFor();
      expect(await student.getByLabel('標題').inputValue()).toBe('函數圖形作業');
      expect(await student.getByLabel('簡述').inputValue()).toBe('用 GeoGebra 畫出三角函數');
      expect(await student.getByTestId('attached-document').textContent()).toContain('函數.pdf');

      // Reloading asks the browser's own question (beforeunload); the draft survives that too.
      const saved = student.waitForResponse(
        (r) => r.url().endsWith('/api/v1/outcome-drafts') && r.request().method() === 'PUT' && r.ok(),
      );
      await student.getByLabel('標題').fill('函數圖形作業（完成）');
      await saved;
      const asked = new Promise<string>((resolve) =>
        student.once('dialog', (d) => {
          resolve(d.type());
          void d.accept();
        }),
      );
      await student.reload();
      expect(await asked).toBe('beforeunload');
      await student.getByTestId('draft-restored').waitFor();
      expect(await student.getByLabel('標題').inputValue()).toBe('函數圖形作業（完成）');

      await student.getByRole('button', { name: '送出，等待老師認證' }).click();
      const card = student.getByTestId('outcome-card').filter({ hasText: '函數圖形作業（完成）' });
      await card.getByTestId('outcome-status').getByText('待認證').waitFor();
      // Sent: nothing to warn about any more.
      await student.getByRole('link', { name: '我的檔案' }).click();
      await student.waitForURL('**/files');
      await student
        .getByTestId('files-table')
        .getByText(/課程學習成果「函數圖形作業（完成）」（待認證）/)
        .waitFor();
      await student.context().close();
    }, 120_000);

    it('withdrawing asks first and says it is final; cancelling keeps the outcome', async () => {
      const student = await signIn('demo-student');
      await student.getByTestId('home-welcome').waitFor();
      await student.goto(`${base()}/outcomes`);
      const card = student.getByTestId('outcome-card').filter({ hasText: 'English diary' });
      await card.getByRole('button', { name: '撤回' }).click();
      expect(await student.getByTestId('withdraw-warning').textContent()).toContain('不能恢復');
      await student.getByRole('dialog').getByRole('button', { name: '取消' }).click();
      await student.getByTestId('withdraw-warning').waitFor({ state: 'detached' });
      expect(await card.getByTestId('outcome-status').textContent()).toBe('待認證');
      await card.getByRole('button', { name: '撤回' }).click();
      await student.getByRole('button', { name: '確定撤回' }).click();
      await card.getByTestId('outcome-status').getByText('已撤回').waitFor();
      await student.context().close();
    }, 90_000);

    it('home pages show the deadlines and to-do counts that link to the work', async () => {
      const teacher = await signIn('demo-teacher');
      await teacher.getByTestId('home-welcome').waitFor();
      const deadline = teacher.getByTestId('deadline-certification').first();
      await deadline.waitFor();
      // Taipei time, no seconds: 2027/2/3 23:59.
      expect(await deadline.textContent()).toMatch(
        /課程學習成果認證\d{4}\/\d{1,2}\/\d{1,2} \d{2}:\d{2} 截止/,
      );
      const todo = teacher.getByTestId('todo-certifyPending').filter({ hasText: '國語文' });
      expect(await todo.textContent()).toMatch(/^\d+待認證：國語文/);
      await todo.click();
      await teacher.waitForURL(`**/certification?courseId=${chinese}`);
      await teacher.context().close();

      const student = await signIn('demo-student');
      await student.getByTestId('home-welcome').waitFor();
      await student.getByTestId('deadline-upload').first().waitFor();
      expect(await student.getByTestId('home-deadlines').textContent()).toMatch(/課程學習成果上傳.*截止/);
      expect(await student.getByTestId('todo-studentPending').textContent()).toMatch(
        /^\d+等待老師認證的成果/,
      );
      expect(await student.getByText('將陸續開放').count()).toBe(0);
      await student.getByTestId('todo-studentPending').click();
      await student.waitForURL('**/outcomes');
      await student.context().close();
    }, 90_000);
  },
);
