import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/modules/demo/demo.data.js';
import { runOneJob } from '../src/modules/jobs/jobs.js';
import { pdf } from '../src/modules/uploads/test-corpus.js';
import { chromiumAvailable, demoSchoolInBrowser } from './browser.js';

describe.skipIf(!chromiumAvailable)(
  'browser: 教務處 pre-checks, a problem is fixed, the package is built and downloaded',
  async () => {
    const { t, signIn, base } = await demoSchoolInBrowser();

    it('runs the pre-check, sees the uncertified selection, re-checks after the teacher passes it, builds and downloads', async () => {
      // The demo student submits an outcome in a course whose teacher has an account, and selects it.
      const [course] = (
        await t.db.execute(sql`
        select c.id as course_id, st.id as student_id, st.school_id, t.academic_year, u.username
        from students st join users su on su.id = st.user_id and su.username = 'demo-student'
          join enrollments e on e.student_id = st.id join courses c on c.id = e.course_id
          join terms t on t.id = c.term_id
          join course_teachers ct on ct.course_id = c.id join staff s on s.id = ct.staff_id
          join users u on u.id = s.user_id
        order by t.academic_year desc, t.semester desc limit 1`)
      ).rows as {
        course_id: string;
        student_id: string;
        school_id: string;
        academic_year: number;
        username: string;
      }[];
      if (!course) throw new Error('the demo student has no course with a teacher account');
      const student = await t.login('demo-student', DEMO_PASSWORD);
      const headers = { cookie: student.cookie, 'x-csrf-token': student.csrf };
      const uploaded = await t.app.inject({
        method: 'POST',
        url: '/api/v1/uploads?purpose=outcomeDocument&filename=report.pdf',
        headers: { ...headers, 'content-type': 'application/octet-stream' },
        payload: await pdf(),
      });
      expect(uploaded.statusCode, uploaded.body).toBe(201);
      const title = '〈赤壁賦〉讀書報告';
      const submitted = await t.app.inject({
        method: 'POST',
        url: '/api/v1/outcomes',
        headers,
        payload: {
          courseId: course.course_id,
          title,
          summary: '比較前後〈赤壁賦〉',
          documentFileId: uploaded.json().id,
        },
      });
      expect(submitted.statusCode, submitted.body).toBe(201);
      const pending = {
        id: submitted.json().id as string,
        student_id: course.student_id,
        username: course.username,
        title,
        academic_year: course.academic_year,
      };
      await t.db.execute(sql`insert into selections (school_id, student_id, academic_year, kind, outcome_id)
      values (${course.school_id}, ${course.student_id}, ${course.academic_year}, 'outcome', ${pending.id})`);

      const office = await signIn('demo-academic');
      await office.getByTestId('home-welcome').waitFor();
      await office.goto(`${base()}/submissions`);
      await office.getByTestId('submission-roster').click();
      await office.getByRole('option', { name: '26 學生課程學習成果名冊' }).click();
      const year = office.getByTestId('submission-year');
      await year.fill(String(pending.academic_year));
      await office.getByRole('button', { name: '執行預檢' }).click();
      const problems = office.getByTestId('precheck-problems');
      await problems.getByText('課程學習成果未經認證通過，不得勾選送出').waitFor();
      expect(await problems.getByRole('link', { name: '前往修正' }).first().getAttribute('href')).toBe(
        `/students/${pending.student_id}/portfolio`,
      );
      // Building is refused while the pre-check finds problems, with the rule in words.
      await office.getByRole('button', { name: '產生送件檔' }).click();
      await office.getByText(/預檢未通過：尚有 \d+ 項問題/).waitFor();

      // The course teacher certifies the outcome.
      const teacher = await signIn(pending.username);
      await teacher.getByTestId('home-welcome').waitFor();
      await teacher.goto(`${base()}/certification`);
      const item = teacher.getByTestId('queue-item').filter({ hasText: pending.title }).first();
      await item.getByRole('button', { name: '通過', exact: true }).click();
      await expect
        .poll(async () => {
          const [row] = (await t.db.execute(sql`select status from outcomes where id = ${pending.id}`))
            .rows as {
            status: string;
          }[];
          return row?.status;
        })
        .toBe('passed');

      await office.getByRole('button', { name: '執行預檢' }).click();
      await office.getByText('預檢通過：沒有會被中央資料庫退回的資料。').waitFor();
      await office.getByRole('button', { name: '產生送件檔' }).click();
      await office.getByText('已開始產生送件檔').waitFor();
      const history = office.getByTestId('submission-history');
      await history.getByText('排隊中').first().waitFor();
      while (await runOneJob(t.db, t.app.background.jobHandlers)) {}
      await history.getByText('已完成').first().waitFor();
      const [built] = (
        await t.db.execute(
          sql`select sha256 from submission_packages where status = 'built' order by created_at desc limit 1`,
        )
      ).rows as { sha256: string }[];
      const [download] = await Promise.all([
        office.waitForEvent('download'),
        history.getByRole('button', { name: '下載' }).first().click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/_26_[0-9a-f]{8}\.zip$/);
      const saved = await download.path();
      expect(
        createHash('sha256')
          .update(await fs.readFile(saved))
          .digest('hex'),
      ).toBe(built?.sha256);
    }, 120_000);
  },
);
