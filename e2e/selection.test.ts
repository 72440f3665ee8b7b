import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { taipeiDateOf } from '../src/domain/calendar.js';
import { DEMO_PASSWORD, demoOn } from '../src/modules/demo/demo.data.js';
import { pdf } from '../src/modules/uploads/test-corpus.js';
import { chromiumAvailable, demoSchoolInBrowser } from './browser.js';

describe.skipIf(!chromiumAvailable)('browser: yearly selection (勾選)', async () => {
  const { t, signIn, base } = await demoSchoolInBrowser();
  // The demo is generated for today: its current term follows the clock.
  const { term } = demoOn(taipeiDateOf(new Date()));
  const titles = [1, 2, 3, 4, 5, 6, 7].map((i) => `勾選測試成果${i}`);

  // Seven certified outcomes of the demo student this year, through the API: uploaded by the student
  // in the courses demo-homeroom teaches (at most 5 per course), passed by demo-homeroom. The demo's
  // selection window is open around today (windows seed).
  beforeAll(async () => {
    const student = await t.login('demo-student', DEMO_PASSWORD);
    const teacher = await t.login('demo-homeroom', DEMO_PASSWORD);
    const inject = (s: { cookie: string; csrf: string }, method: 'POST', url: string, payload: unknown) =>
      t.app.inject({
        method,
        url,
        headers: {
          cookie: s.cookie,
          'x-csrf-token': s.csrf,
          ...(Buffer.isBuffer(payload) ? { 'content-type': 'application/octet-stream' } : {}),
        },
        payload: payload as never,
      });
    const courses = (
      await t.db.execute<{ id: string }>(
        sql`select c.id from courses c
            join course_teachers ct on ct.course_id = c.id join staff st on st.id = ct.staff_id
            join users u on u.id = st.user_id and u.username = 'demo-homeroom'
            join enrollments e on e.course_id = c.id join students s on s.id = e.student_id
            join users su on su.id = s.user_id and su.username = 'demo-student'
            join terms tm on tm.id = c.term_id
          where tm.academic_year = ${term.academicYear} and tm.semester = ${term.semester}
          order by c.code`,
      )
    ).rows;
    expect(courses.length).toBeGreaterThanOrEqual(2);
    const ids: string[] = [];
    for (const [i, title] of titles.entries()) {
      const up = await inject(
        student,
        'POST',
        `/api/v1/uploads?purpose=outcomeDocument&filename=${i}.pdf`,
        await pdf(),
      );
      expect(up.statusCode, up.body).toBe(201);
      const res = await inject(student, 'POST', '/api/v1/outcomes', {
        courseId: courses[i % courses.length]?.id,
        title,
        summary: '課堂實作紀錄',
        documentFileId: up.json().id,
      });
      expect(res.statusCode, res.body).toBe(201);
      ids.push(res.json().id);
    }
    const decided = await inject(teacher, 'POST', '/api/v1/certification/decisions', {
      outcomeIds: ids,
      decision: 'pass',
    });
    expect(decided.statusCode, decided.body).toBeLessThan(300);
  });

  it('a student selects 6 outcomes; the 7th is refused with the rule; the homeroom teacher sees it', async () => {
    const page = await signIn('demo-student');
    await page.getByTestId('home-welcome').waitFor();
    await page.goto(`${base()}/selection`);
    await page
      .getByTestId('selection-window-outcome')
      .getByText(/勾選期間/)
      .waitFor();
    const counter = page.getByTestId('selection-counter-outcomes');
    await counter.getByText('課程學習成果 0 / 6').waitFor();
    for (const [i, title] of titles.slice(0, 6).entries()) {
      const card = page.getByTestId('selection-outcome').filter({ hasText: title });
      await card.getByRole('button', { name: '勾選', exact: true }).click();
      await card.getByTestId('selection-selected').waitFor();
      await counter.getByText(`課程學習成果 ${i + 1} / 6`).waitFor();
    }
    const seventh = page.getByTestId('selection-outcome').filter({ hasText: titles[6] as string });
    await seventh.getByRole('button', { name: '勾選', exact: true }).click();
    await page.getByText('每學年最多勾選6件課程學習成果，已勾選6件').waitFor();
    expect(await seventh.getByTestId('selection-selected').count()).toBe(0);
    await counter.getByText('課程學習成果 6 / 6').waitFor();

    // Unselecting frees the slot; then the 7th can go in.
    const first = page.getByTestId('selection-outcome').filter({ hasText: titles[0] as string });
    await first.getByRole('button', { name: '取消勾選' }).click();
    await counter.getByText('課程學習成果 5 / 6').waitFor();
    await seventh.getByRole('button', { name: '勾選', exact: true }).click();
    await seventh.getByTestId('selection-selected').waitFor();

    // The homeroom teacher reads the class's progress: who has not selected yet.
    const homeroom = await signIn('demo-homeroom');
    await homeroom.getByTestId('home-welcome').waitFor();
    const [cls] = (await t.db.execute<{ id: string }>(sql`select id from classes where name = '電機二甲'`))
      .rows;
    await homeroom.goto(`${base()}/classes/${cls?.id}/selection`);
    await homeroom
      .getByTestId('class-not-selected-count')
      .getByText(/尚未勾選：\d+ 人/)
      .waitFor();
  }, 120_000);
});
