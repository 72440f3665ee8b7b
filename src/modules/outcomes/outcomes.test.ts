import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { courses, files, terms } from '../../db/schema/index.js';
import { taipeiDateOf, toIsoDate } from '../../domain/calendar.js';
import { createTestApp, requestsAs } from '../../server/test-app.js';
import { demoOn } from '../demo/demo.data.js';
import { pdf } from '../uploads/test-corpus.js';

const t = await createTestApp();
// The demo is generated for today (the clock of this run): its term and student numbers come from it.
const demo = demoOn(taipeiDateOf(new Date()));
afterAll(() => t.app.close());
type S = { cookie: string; csrf: string };
let as: Record<string, S> = {};
let termId = '';
const courseOf = new Map<string, string>();

const { get, send } = requestsAs(
  () => t.app,
  () => as,
);

const hour = 3_600_000;
async function setWindow(kind: 'upload' | 'certification', opensAt: Date, closesAt: Date) {
  const res = await send('demo-academic', 'PUT', `/api/v1/terms/${termId}/windows/${kind}`, {
    opensAt,
    closesAt,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
let fileNo = 0;
async function document(who = 'demo-student') {
  const url = `/api/v1/uploads?purpose=outcomeDocument&filename=work${++fileNo}.pdf`;
  return (await send(who, 'POST', url, await pdf(), 'application/octet-stream')).json().id as string;
}
const submit = async (course: string, summary = '期末專題報告', who = 'demo-student') =>
  send(who, 'POST', '/api/v1/outcomes', {
    courseId: courseOf.get(course),
    title: `${course} 成果`,
    summary,
    documentFileId: await document(who),
  });

beforeAll(async () => {
  as = await t.demoSessions([
    'demo-student',
    'demo-teacher',
    'demo-teacher6',
    'demo-substitute',
    'demo-academic',
    'demo-homeroom',
  ]);
  as.classmate = await t.login(`999301-${demo.studentNo('g11', 2)}`, 'licheng-demo');
  const { academicYear, semester } = demo.term;
  const [term] = await t.db
    .select()
    .from(terms)
    .where(sql`academic_year = ${academicYear} and semester = ${semester}`);
  termId = term?.id as string;
  const g11 = `${demo.classOf('g11').entryYear}%`;
  for (const c of await t.db.select().from(courses).where(sql`term_id = ${termId} and code like ${g11}`)) {
    courseOf.set(c.name.replace(/[ⅠⅡⅢⅣⅤⅥ]$/, ''), c.id);
  }
  const now = Date.now();
  await setWindow('upload', new Date(now - hour), new Date(now + hour));
  await setWindow('certification', new Date(now - hour), new Date(now + hour));
});

describe('students submit course outcomes', () => {
  it('submits for an enrolled course; 簡述 counts characters: 100 CJK/emoji pass, 101 fail', async () => {
    const ok = await submit('國語文', `${'學'.repeat(98)}🎉😀`);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().status).toBe('pending');
    const long = await submit('國語文', '字'.repeat(101));
    expect(long.statusCode).toBe(400);
    expect(long.json()).toMatchObject({ code: 'SUMMARY_TOO_LONG', message: '簡述超過100字' });
  });

  it('refuses a course the student does not take, and a file that is not theirs', async () => {
    const [other] = await t.db
      .select()
      .from(courses)
      .where(sql`term_id = ${termId} and code like ${`${demo.classOf('g10').entryYear}%`}`)
      .limit(1);
    const res = await send('demo-student', 'POST', '/api/v1/outcomes', {
      courseId: other?.id,
      title: 'x',
      summary: 'x',
      documentFileId: await document(),
    });
    expect(res.json().code).toBe('OUTCOME_NOT_ENROLLED');
    const foreign = await document('classmate');
    const res2 = await send('demo-student', 'POST', '/api/v1/outcomes', {
      courseId: courseOf.get('數學'),
      title: 'x',
      summary: 'x',
      documentFileId: foreign,
    });
    // Someone else's file is answered as if it did not exist.
    expect(res2.statusCode).toBe(404);
  });

  it('enforces 5 per course and 20 per semester, also when two submissions race for the last slot', async () => {
    for (let i = 0; i < 4; i++) expect((await submit('國語文')).statusCode).toBe(201);
    const sixth = await submit('國語文');
    expect(sixth.json()).toMatchObject({
      code: 'OUTCOME_LIMIT_COURSE',
      message: '每門課程最多上傳5件課程學習成果',
    });
    for (const c of ['英語文', '數學', '基本電學'])
      for (let i = 0; i < 5; i++) expect((await submit(c)).statusCode).toBe(201);
    // 20 now: free one slot, then race two submissions for it.
    const mine = (await get('demo-student', `/api/v1/outcomes?termId=${termId}`)).json();
    expect(mine).toHaveLength(20);
    const last = mine.find((o: { courseId: string }) => o.courseId === courseOf.get('數學'));
    expect((await send('demo-student', 'POST', `/api/v1/outcomes/${last.id}/withdraw`)).statusCode).toBe(200);
    const [a, b] = [await document(), await document()];
    const race = await Promise.all(
      [a, b].map((documentFileId) =>
        send('demo-student', 'POST', '/api/v1/outcomes', {
          courseId: courseOf.get('電子學'),
          title: 'race',
          summary: 'race',
          documentFileId,
        }),
      ),
    );
    expect(race.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(race.find((r) => r.statusCode === 409)?.json().code).toBe('OUTCOME_LIMIT_SEMESTER');
  });
});

describe('windows', () => {
  it('refuses outside the window with the window in the message, one second after the close', async () => {
    const now = Date.now();
    await setWindow('upload', new Date(now - 2 * hour), new Date(now - 1000));
    const res = await send('classmate', 'POST', '/api/v1/outcomes', {
      courseId: courseOf.get('數學'),
      title: 'x',
      summary: 'x',
      documentFileId: await document('classmate'),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('WINDOW_CLOSED');
    expect(res.json().message).toMatch(
      /^不在上傳期間內：\d{4}\/\d{1,2}\/\d{1,2} \d\d:\d\d – \d{4}\/\d{1,2}\/\d{1,2} \d\d:\d\d（臺北時間）/,
    );
  });

  it('lets an upload begun inside the window finish within the grace period', async () => {
    const fileId = await document('classmate');
    await t.db
      .update(files)
      .set({ uploadStartedAt: new Date(Date.now() - 60_000) })
      .where(sql`id = ${fileId}`);
    const res = await send('classmate', 'POST', '/api/v1/outcomes', {
      courseId: courseOf.get('數學'),
      title: '晚了一點',
      summary: '網路很慢',
      documentFileId: fileId,
    });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('extends the window for one student (audited)', async () => {
    const [s] = (
      await t.db.execute(sql`select id from students where student_no = ${demo.studentNo('g11', 2)}`)
    ).rows as {
      id: string;
    }[];
    const ext = await send('demo-academic', 'POST', `/api/v1/terms/${termId}/windows/upload/extensions`, {
      closesAt: new Date(Date.now() + hour),
      reason: '病假',
      studentId: s?.id,
    });
    expect(ext.statusCode).toBe(200);
    const res = await send('classmate', 'POST', '/api/v1/outcomes', {
      courseId: courseOf.get('數學'),
      title: 'y',
      summary: 'y',
      documentFileId: await document('classmate'),
    });
    expect(res.statusCode).toBe(201);
    expect((await submit('數學')).json().code).toBe('WINDOW_CLOSED'); // others are still closed
    const now = Date.now();
    await setWindow('upload', new Date(now - hour), new Date(now + hour));
  });

  it('warns when the upload window ends less than 2 weeks after the closing ceremony', async () => {
    const res = await send('demo-academic', 'PUT', `/api/v1/terms/${termId}/windows/upload`, {
      opensAt: new Date(Date.now() - hour),
      closesAt: new Date(Date.now() + hour),
      closingCeremony: new Date().toISOString().slice(0, 10),
    });
    expect(res.json()).toEqual({ warning: true });
  });
});

describe('certification', () => {
  it('is refused for someone else’s course, without a reason, and outside the window', async () => {
    const queue = (await get('demo-teacher', '/api/v1/certification/queue?status=pending')).json();
    expect(queue.counts.pending).toBeGreaterThan(0);
    const id = queue.items[0].id;
    expect(
      (
        await send('demo-teacher', 'POST', '/api/v1/certification/decisions', {
          outcomeIds: [id],
          decision: 'fail',
        })
      ).json().code,
    ).toBe('FAIL_REASON_REQUIRED');
    expect(
      (
        await send('demo-teacher6', 'POST', '/api/v1/certification/decisions', {
          outcomeIds: [id],
          decision: 'pass',
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await send('demo-student', 'POST', '/api/v1/certification/decisions', {
          outcomeIds: [id],
          decision: 'pass',
        })
      ).statusCode,
    ).toBe(403);
    const now = Date.now();
    await setWindow('certification', new Date(now - 2 * hour), new Date(now - 1000));
    expect(
      (
        await send('demo-teacher', 'POST', '/api/v1/certification/decisions', {
          outcomeIds: [id],
          decision: 'pass',
        })
      ).json().code,
    ).toBe('WINDOW_CLOSED');
    await setWindow('certification', new Date(now - hour), new Date(now + hour));
  });

  it('fails with a reason, takes the resubmission, passes; the timeline keeps every step', async () => {
    const queue = (
      await get(
        'demo-teacher',
        `/api/v1/certification/queue?courseId=${courseOf.get('國語文')}&status=pending`,
      )
    ).json();
    const id = queue.items[0].id;
    const fail = await send('demo-teacher', 'POST', '/api/v1/certification/decisions', {
      outcomeIds: [id],
      decision: 'fail',
      reason: '檔案與課程內容無關',
    });
    expect(fail.json()).toEqual({ decided: 1, status: 'failed' });
    const preview = await get('demo-teacher', `/api/v1/files/${queue.items[0].documentFileId}/content`);
    expect(preview.statusCode).toBe(200); // the certifying teacher can open the document
    const resub = await send('demo-student', 'PUT', `/api/v1/outcomes/${id}`, {
      title: '修正版',
      summary: '補上課堂紀錄',
      documentFileId: await document(),
    });
    expect(resub.json().status).toBe('pending');
    await send('demo-teacher', 'POST', '/api/v1/certification/decisions', {
      outcomeIds: [id],
      decision: 'pass',
    });
    const detail = (await get('demo-student', `/api/v1/outcomes/${id}`)).json();
    expect(detail.status).toBe('passed');
    expect(detail.timeline.map((e: { action: string }) => e.action)).toEqual([
      'uploaded',
      'failed',
      'resubmitted',
      'passed',
    ]);
    expect(detail.timeline[1]).toMatchObject({ reason: '檔案與課程內容無關', actor: '陳雅婷' });
    expect(
      (
        await send('demo-student', 'PUT', `/api/v1/outcomes/${id}`, {
          title: 'x',
          summary: 'x',
          documentFileId: await document(),
        })
      ).json().code,
    ).toBe('OUTCOME_NOT_EDITABLE');
    const failure = await t.db.execute(sql`update outcome_events set reason = 'x'`).then(
      () => 'ok',
      (e) => String(e.cause ?? e),
    );
    // The app's role may only add history; its owner meets the trigger (src/db/roles.test.ts).
    expect(failure).toMatch(/permission denied/);
  });

  it('passes many at once, and records a substitute’s decisions with both names', async () => {
    // Substitute assignments are dated in Taiwan (the server's rule), not UTC.
    const today = toIsoDate(taipeiDateOf(new Date()));
    const assign = await send('demo-academic', 'POST', '/api/v1/substitutes', {
      substituteStaffNo: 'T003',
      absentStaffNo: 'T006',
      startsOn: today,
      endsOn: today,
    });
    expect(assign.statusCode, assign.body).toBe(200);
    expect((await get('demo-academic', '/api/v1/substitutes')).json()[0]).toMatchObject({
      substitute: '黃淑芬',
      absentTeacher: '王俊傑',
    });
    const mineToCertify = (await get('demo-substitute', '/api/v1/certification/courses')).json();
    expect(mineToCertify.map((c: { id: string }) => c.id)).toContain(courseOf.get('英語文'));
    const queue = (
      await get(
        'demo-substitute',
        `/api/v1/certification/queue?courseId=${courseOf.get('英語文')}&status=pending`,
      )
    ).json();
    const ids = queue.items.map((i: { id: string }) => i.id);
    expect(ids.length).toBeGreaterThan(1);
    const res = await send('demo-substitute', 'POST', '/api/v1/certification/decisions', {
      outcomeIds: ids,
      decision: 'pass',
    });
    expect(res.json()).toEqual({ decided: ids.length, status: 'passed' });
    const detail = (await get('demo-student', `/api/v1/outcomes/${ids[0]}`)).json();
    expect(detail.timeline.at(-1)).toMatchObject({ action: 'passed', actor: '黃淑芬', onBehalfOf: '王俊傑' });
  });
});

describe('notifications', () => {
  it('tells the student each decision, digests new submissions for teachers, and reminds before windows close, once', async () => {
    const mine = (await get('demo-student', '/api/v1/notifications')).json();
    expect(mine.unread).toBeGreaterThan(0);
    expect(mine.items.map((n: { kind: string }) => n.kind)).toEqual(
      expect.arrayContaining(['outcome.failed', 'outcome.passed']),
    );
    expect(mine.items.find((n: { kind: string }) => n.kind === 'outcome.failed').params).toMatchObject({
      reason: '檔案與課程內容無關',
    });

    // The upload window closes within a day: students with nothing uploaded get one reminder.
    const now = Date.now();
    await setWindow('upload', new Date(now - hour), new Date(now + 20 * hour));
    await t.app.background.scheduled();
    await t.app.background.scheduled();
    const quiet = (await get('classmate', '/api/v1/notifications')).json();
    const someoneIdle = await t.login(`999301-${demo.studentNo('g11', 5)}`, 'licheng-demo');
    const idle = (
      await t.app.inject({ url: '/api/v1/notifications', headers: { cookie: someoneIdle.cookie } })
    ).json();
    expect(idle.items.filter((n: { kind: string }) => n.kind === 'reminder.upload')).toHaveLength(2); // 1-day and 3-day, each once
    expect(quiet.items.filter((n: { kind: string }) => n.kind === 'reminder.upload')).toHaveLength(0);
    const teacher = (await get('demo-teacher', '/api/v1/notifications')).json();
    expect(teacher.items.filter((n: { kind: string }) => n.kind === 'certification.digest')).toHaveLength(1);

    await send('demo-student', 'POST', '/api/v1/notifications/read', {});
    expect((await get('demo-student', '/api/v1/notifications')).json().unread).toBe(0);
    const outbox = await t.db.execute(sql`select count(*)::int as n from mail_outbox`);
    expect((outbox.rows[0] as { n: number }).n).toBeGreaterThan(0);
  });
});

describe('who sees a student’s outcomes', () => {
  it('the parent reads them; another student cannot', async () => {
    const parent = await t.login('demo-parent', 'licheng-demo');
    const kids = (
      await t.app.inject({ url: '/api/v1/me/children', headers: { cookie: parent.cookie } })
    ).json();
    const res = await t.app.inject({
      url: `/api/v1/students/${kids[0].id}/outcomes`,
      headers: { cookie: parent.cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().outcomes.length).toBeGreaterThan(0);
    expect((await get('classmate', `/api/v1/students/${kids[0].id}/outcomes`)).statusCode).toBe(403);
  });
});

describe('progress overviews', () => {
  it('gives 教務處 school-wide counts by class and teacher, with an xlsx export; homeroom exports who uploaded nothing', async () => {
    const byClass = (await get('demo-academic', '/api/v1/outcomes/progress?by=class')).json();
    const g11 = byClass.rows.find((r: { label: string }) => r.label === '電機二甲');
    expect(g11).toMatchObject({ students: 30 });
    expect(g11.uploaded).toBeGreaterThanOrEqual(20);
    expect(g11.studentsWithNone).toBe(28);
    const byTeacher = (await get('demo-academic', '/api/v1/outcomes/progress?by=teacher')).json();
    expect(byTeacher.rows.map((r: { label: string }) => r.label)).toContain('陳雅婷');
    const xlsx = await get('demo-academic', '/api/v1/outcomes/progress.xlsx?by=grade');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-disposition']).toMatch(/^attachment;/);
    expect((await get('demo-student', '/api/v1/outcomes/progress')).statusCode).toBe(403);
    const [cls] = (await t.db.execute(sql`select id from classes where name = '電機二甲'`)).rows as {
      id: string;
    }[];
    const missing = await get('demo-homeroom', `/api/v1/classes/${cls?.id}/outcome-progress/missing.xlsx`);
    expect(missing.statusCode).toBe(200);
    const [other] = (await t.db.execute(sql`select id from classes where name = '機械一甲'`)).rows as {
      id: string;
    }[];
    expect(
      (await get('demo-homeroom', `/api/v1/classes/${other?.id}/outcome-progress/missing.xlsx`)).statusCode,
    ).toBe(403);
  });
});
