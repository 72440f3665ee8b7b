/**
 * Browser: a parent linked to two children sees each child's deadlines (with what is left to do) and
 * statuses, switches between them, reads the outcome history, sees the office's announcement, and finds
 * nothing to write with (SPEC.md §8).
 */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { taipeiDateOf } from '../src/domain/calendar.js';
import { DEMO_PASSWORD, demoOn } from '../src/modules/demo/demo.data.js';
import { pdf } from '../src/modules/uploads/test-corpus.js';
import { chromiumAvailable, demoSchoolInBrowser } from './browser.js';

describe.skipIf(!chromiumAvailable)('browser: the parents’ view', async () => {
  const { t, signIn, base } = await demoSchoolInBrowser();
  const { term } = demoOn(taipeiDateOf(new Date()));
  let first = '';
  let second = '';

  // Through the API: demo-parent is linked to a second student by the account office, the demo
  // student uploads one outcome, 教務處 announces to the parents.
  beforeAll(async () => {
    const as = async (username: string) => t.login(username, DEMO_PASSWORD);
    const [student, accounts, academic] = [
      await as('demo-student'),
      await as('demo-accounts'),
      await as('demo-academic'),
    ];
    const inject = (s: { cookie: string; csrf: string }, url: string, payload: unknown) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: {
          cookie: s.cookie,
          'x-csrf-token': s.csrf,
          ...(Buffer.isBuffer(payload) ? { 'content-type': 'application/octet-stream' } : {}),
        },
        payload: payload as never,
      });
    const rows = (
      await t.db.execute<{ parent: string; name: string; other: string; otherName: string }>(
        sql`select p.id as parent, s.name,
            (select o.student_no from students o where o.school_id = s.school_id and o.id <> s.id
              and o.class_id is not null order by o.student_no limit 1) as other,
            (select o.name from students o where o.school_id = s.school_id and o.id <> s.id
              and o.class_id is not null order by o.student_no limit 1) as "otherName"
          from users p join guardians g on g.user_id = p.id join students s on s.id = g.student_id
          where p.username = 'demo-parent'`,
      )
    ).rows;
    const row = rows[0];
    if (!row) throw new Error('demo-parent has no child');
    first = row.name;
    second = row.otherName;
    const linked = await inject(accounts, `/api/v1/accounts/${row.parent}/children`, {
      studentNo: row.other,
      relation: '母',
    });
    expect(linked.statusCode, linked.body).toBeLessThan(300);

    const [course] = (
      await t.db.execute<{ id: string }>(
        sql`select c.id from courses c join enrollments e on e.course_id = c.id
            join students s on s.id = e.student_id join users u on u.id = s.user_id and u.username = 'demo-student'
            join terms tm on tm.id = c.term_id
          where tm.academic_year = ${term.academicYear} and tm.semester = ${term.semester} order by c.code limit 1`,
      )
    ).rows;
    const up = await inject(student, '/api/v1/uploads?purpose=outcomeDocument&filename=a.pdf', await pdf());
    expect(up.statusCode, up.body).toBe(201);
    const outcome = await inject(student, '/api/v1/outcomes', {
      courseId: course?.id,
      title: '家長檢視測試成果',
      summary: '課堂實作紀錄',
      documentFileId: up.json().id,
    });
    expect(outcome.statusCode, outcome.body).toBe(201);
    const note = await inject(academic, '/api/v1/announcements', {
      title: '學習歷程家長說明會',
      body: '歡迎家長出席',
      audience: 'parents',
    });
    expect(note.statusCode, note.body).toBe(201);
  });

  it('sees each child’s deadlines and statuses, switches between them, and cannot write', async () => {
    const page = await signIn('demo-parent');
    await page.getByTestId('home-welcome').waitFor();
    await page.getByTestId('home-announcements').getByText('學習歷程家長說明會').waitFor();

    await page.goto(`${base()}/children`);
    const switcher = page.getByTestId('child-switcher');
    await switcher.getByText(first).waitFor();
    await switcher.getByText(second).waitFor();
    await switcher.getByText(first).click();
    await page.getByTestId('child-name').getByText(first).waitFor();
    await page.getByTestId('child-outcomes-pending').getByText('待認證 1').waitFor();
    const deadlines = page.getByTestId('child-deadlines');
    await deadlines
      .getByTestId('calendar-entry-upload')
      .getByText(/課程學習成果上傳/)
      .waitFor();
    await page.getByTestId('child-timeline').getByText('上傳：家長檢視測試成果').waitFor();

    await switcher.getByText(second).click();
    await page.getByTestId('child-name').getByText(second).waitFor();
    await page.getByTestId('child-outcomes-pending').getByText('待認證 0').waitFor();
    await deadlines
      .getByTestId('calendar-entry-upload')
      .getByTestId('calendar-todo-coursesWithoutOutcome')
      .waitFor();
    await page.getByTestId('child-timeline').getByText('本學期尚無成果紀錄').waitFor();
    // Read-only: no form, no upload or edit control anywhere on the view.
    expect(await page.locator('form, input[type=file], textarea').count()).toBe(0);

    await page.goto(`${base()}/calendar`);
    const list = page.getByTestId('calendar-list');
    await list.getByText(`${first}：課程學習成果上傳`).waitFor();
    await list.getByText(`${second}：課程學習成果上傳`).waitFor();
    await page.getByTestId('calendar-view').getByText('月曆').click();
    await page.getByTestId('calendar-month').waitFor();
    await page.context().close();
  }, 120_000);
});
