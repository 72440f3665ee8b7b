/** Every role's home: to-do counts that link to the work (deadlines: the windows module's schedule). */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { courses, terms } from '../../db/schema/index.js';
import { taipeiDateOf } from '../../domain/calendar.js';
import { createTestApp, requestsAs } from '../../server/test-app.js';
import { demoOn } from '../demo/demo.data.js';
import { pdf } from '../uploads/test-corpus.js';

const t = await createTestApp();
const demo = demoOn(taipeiDateOf(new Date()));
afterAll(() => t.app.close());
let as: Record<string, { cookie: string; csrf: string }> = {};
const { get, send } = requestsAs(
  () => t.app,
  () => as,
);
const hour = 3_600_000;
let termId = '';
let chinese = '';
const closes = new Date(Date.now() + 5 * hour);

beforeAll(async () => {
  as = await t.demoSessions([
    'demo-student',
    'demo-teacher',
    'demo-homeroom',
    'demo-academic',
    'demo-parent',
    'demo-affairs',
    'demo-accounts',
  ]);
  const [term] = await t.db
    .select()
    .from(terms)
    .where(sql`academic_year = ${demo.term.academicYear} and semester = ${demo.term.semester}`);
  termId = term?.id as string;
  const [course] = await t.db
    .select()
    .from(courses)
    .where(
      sql`term_id = ${termId} and code like ${`${demo.classOf('g11').entryYear}%`} and name like '國語文%'`,
    );
  chinese = course?.id as string;
  for (const kind of ['upload', 'certification']) {
    const res = await send('demo-academic', 'PUT', `/api/v1/terms/${termId}/windows/${kind}`, {
      opensAt: new Date(Date.now() - hour),
      closesAt: closes,
    });
    expect(res.statusCode, res.body).toBe(200);
  }
  const upload = async () =>
    (
      await send(
        'demo-student',
        'POST',
        '/api/v1/uploads?purpose=outcomeDocument&filename=a.pdf',
        await pdf(),
        'application/octet-stream',
      )
    ).json().id as string;
  const ids: string[] = [];
  for (const title of ['一', '二', '三']) {
    const res = await send('demo-student', 'POST', '/api/v1/outcomes', {
      courseId: chinese,
      title,
      summary: '作業',
      documentFileId: await upload(),
    });
    ids.push(res.json().id);
  }
  await send('demo-teacher', 'POST', '/api/v1/certification/decisions', {
    outcomeIds: [ids[0]],
    decision: 'fail',
    reason: '不是本課程的作業',
  });
  await send('demo-student', 'PUT', '/api/v1/outcome-drafts', { title: '還沒寫完', summary: '' });
});

describe('GET /api/v1/home', () => {
  it("the student's to-dos: draft, failed, pending", async () => {
    const home = (await get('demo-student', '/api/v1/home')).json();
    expect(home.todos).toEqual([
      { key: 'studentDrafts', count: 1, link: '/outcomes', name: null },
      { key: 'studentFailed', count: 1, link: '/outcomes', name: null },
      { key: 'studentPending', count: 2, link: '/outcomes', name: null },
    ]);
  });

  it("the teacher's pending count per course, linking to that course", async () => {
    const home = (await get('demo-teacher', '/api/v1/home')).json();
    expect(home.todos).toContainEqual({
      key: 'certifyPending',
      count: 2,
      link: `/certification?courseId=${chinese}`,
      name: expect.stringMatching(/^國語文.*（\d{23}）$/),
    });
  });

  it('homeroom, office, parent and account office see their own counts', async () => {
    const homeroom = (await get('demo-homeroom', '/api/v1/home')).json();
    expect(homeroom.todos).toContainEqual(
      expect.objectContaining({ key: 'classFailed', count: 1, link: expect.stringMatching(/^\/classes\//) }),
    );
    expect(homeroom.todos.find((x: { key: string }) => x.key === 'classWithout').count).toBeGreaterThan(0);
    const academic = (await get('demo-academic', '/api/v1/home')).json();
    expect(academic.todos).toContainEqual(expect.objectContaining({ key: 'schoolPending', count: 2 }));
    const parent = (await get('demo-parent', '/api/v1/home')).json();
    const [audit] = (
      await t.db.execute(
        sql`select student_ids from audit_log where action = 'read.home_counts' order by id desc limit 1`,
      )
    ).rows as { student_ids: string[] }[];
    expect(audit?.student_ids).toHaveLength(1);
    expect(parent.todos).toContainEqual(
      expect.objectContaining({ key: 'childFailed', count: 1, link: '/children' }),
    );
    const accounts = (await get('demo-accounts', '/api/v1/home')).json();
    expect(accounts.todos.every((x: { key: string }) => x.key === 'accountsNotStarted')).toBe(true);
  });
});
