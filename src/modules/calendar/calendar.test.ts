/**
 * The calendar (期程): every role's windows with what is left to do, the ICS feed parsed by an
 * independent parser (node-ical), revoked and rotated tokens, announcements to their audiences, and a
 * parent's read-only statuses and history of their child.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import ical from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, requestsAs, type TestSession } from '../../server/test-app.js';
import { makeTestSchool, type TestSchool } from '../../server/test-school.js';
import { pdf } from '../uploads/test-corpus.js';
import { announcementUid, entryUid } from './calendar.ics.js';

const t = await createTestApp();
afterAll(() => t.app.close());
const as: Record<string, TestSession> = {};
const { get, send } = requestsAs(
  () => t.app,
  () => as,
);
let S: TestSchool;
const ROLES = ['student', 'parent', 'teacher', 'homeroom', 'academic', 'affairs', 'counselor'];

type Entry = {
  windowId: string;
  kind: string;
  studentId: string | null;
  as: string;
  state: string;
  todos: { key: string; count: number }[];
};
const calendarOf = async (who: string) => {
  const res = await get(who, '/api/v1/calendar');
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    entries: Entry[];
    announcements: { id: string; title: string; canDelete: boolean }[];
  };
};
const todo = (entries: Entry[], kind: string, key: string, as?: string) =>
  entries.find((e) => e.kind === kind && (!as || e.as === as))?.todos.find((x) => x.key === key)?.count ?? 0;

beforeAll(async () => {
  S = await makeTestSchool(t, '900031', 3);
  for (const role of ROLES) as[role] = await t.login(S.usernames[role] as string);
});

describe('the calendar: each deadline with what is left to do', () => {
  it('counts the work per role and per window, and follows it as it is done', async () => {
    const before = await calendarOf('student');
    expect(before.entries.map((e) => e.kind).sort()).toEqual(['performance', 'upload']);
    expect(todo(before.entries, 'upload', 'coursesWithoutOutcome')).toBe(1);
    expect(todo((await calendarOf('homeroom')).entries, 'upload', 'studentsWithoutUpload')).toBe(3);
    expect(todo((await calendarOf('academic')).entries, 'upload', 'schoolWithoutUpload')).toBe(3);

    const up = await send(
      'student',
      'POST',
      '/api/v1/uploads?purpose=outcomeDocument&filename=a.pdf',
      await pdf(),
    );
    expect(up.statusCode, up.body).toBe(201);
    const outcome = await send('student', 'POST', '/api/v1/outcomes', {
      courseId: S.courseId,
      title: '閱讀心得',
      summary: '報告',
      documentFileId: up.json().id,
    });
    expect(outcome.statusCode, outcome.body).toBe(201);

    expect(todo((await calendarOf('student')).entries, 'upload', 'coursesWithoutOutcome')).toBe(0);
    const parent = await calendarOf('parent');
    expect(parent.entries.every((e) => e.as === 'parent' && e.studentId === S.studentIds[0])).toBe(true);
    expect(todo(parent.entries, 'upload', 'coursesWithoutOutcome')).toBe(0);
    expect(todo((await calendarOf('teacher')).entries, 'certification', 'pendingCertifications')).toBe(1);
    expect(todo((await calendarOf('homeroom')).entries, 'upload', 'studentsWithoutUpload')).toBe(2);
    const office = (await calendarOf('academic')).entries;
    expect(todo(office, 'upload', 'schoolWithoutUpload')).toBe(2);
    expect(todo(office, 'certification', 'schoolPending')).toBe(1);

    const failed = await send('teacher', 'POST', '/api/v1/certification/decisions', {
      outcomeIds: [outcome.json().id],
      decision: 'fail',
      reason: '請補上參考資料',
    });
    expect(failed.statusCode, failed.body).toBeLessThan(300);
    expect(todo((await calendarOf('parent')).entries, 'upload', 'failedOutcomes')).toBe(1);
  });
});

describe('announcements (公告)', () => {
  let toClass = '';
  it('are published by offices to an audience and shown only to those targeted', async () => {
    const classNote = await send('academic', 'POST', '/api/v1/announcements', {
      title: '一年一班 課程學習成果說明會',
      body: '請於週五午休到圖書館',
      audience: 'class',
      classId: S.classId,
      onDate: new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10),
    });
    expect(classNote.statusCode, classNote.body).toBe(201);
    toClass = classNote.json().id;
    const teachers = await send('counselor', 'POST', '/api/v1/announcements', {
      title: '生涯輔導研習',
      body: '導師請參加',
      audience: 'teachers',
    });
    expect(teachers.statusCode, teachers.body).toBe(201);
    const grade = await send('affairs', 'POST', '/api/v1/announcements', {
      title: '高二校外教學',
      body: '十一年級',
      audience: 'grade',
      grade: 11,
    });
    expect(grade.statusCode, grade.body).toBe(201);

    const titles = async (who: string) => (await calendarOf(who)).announcements.map((a) => a.title).sort();
    expect(await titles('student')).toEqual(['一年一班 課程學習成果說明會']);
    expect(await titles('parent')).toEqual(['一年一班 課程學習成果說明會']);
    expect(await titles('homeroom')).toEqual(['一年一班 課程學習成果說明會', '生涯輔導研習']);
    expect(await titles('teacher')).toEqual(['生涯輔導研習']);
    expect((await titles('academic')).length).toBe(3);
    const audit = await t.db.execute(
      sql`select count(*)::int as n from audit_log where action = 'announcement.published' and school_id = ${S.school.id}`,
    );
    expect(audit.rows[0]).toEqual({ n: 3 });
  });

  it('refuses with the rule: too long a title, a missing audience, a student, another office', async () => {
    const long = await send('academic', 'POST', '/api/v1/announcements', {
      title: '長'.repeat(61),
      body: '內容',
      audience: 'all',
    });
    expect(long.statusCode).toBe(400);
    expect(long.json()).toMatchObject({
      code: 'ANNOUNCEMENT_TITLE_TOO_LONG',
      message: '公告標題超過60字（目前61字）',
    });
    const noGrade = await send('academic', 'POST', '/api/v1/announcements', {
      title: '年級公告',
      body: '內容',
      audience: 'grade',
    });
    expect(noGrade.json().code).toBe('ANNOUNCEMENT_AUDIENCE_INVALID');
    const asStudent = await send('student', 'POST', '/api/v1/announcements', {
      title: '我的公告',
      body: '內容',
      audience: 'all',
    });
    expect(asStudent.statusCode).toBe(403);
    const other = await send('academic', 'POST', '/api/v1/announcements', {
      office: 'counselor',
      title: '冒名',
      body: '內容',
      audience: 'all',
    });
    expect(other.json().code).toBe('ANNOUNCEMENT_OFFICE_NOT_YOURS');
    expect((await send('counselor', 'DELETE', `/api/v1/announcements/${toClass}`)).statusCode).toBe(403);
  });

  it('are deleted by their office (audited) and then shown to nobody', async () => {
    const del = await send('academic', 'DELETE', `/api/v1/announcements/${toClass}`);
    expect(del.statusCode, del.body).toBe(204);
    expect((await calendarOf('student')).announcements).toEqual([]);
    expect((await send('academic', 'DELETE', `/api/v1/announcements/${toClass}`)).statusCode).toBe(404);
  });
});

describe('the personal ICS feed', () => {
  it('lists every window of the caller and dated announcements; parsed by node-ical', async () => {
    const dated = await send('academic', 'POST', '/api/v1/announcements', {
      title: '學習歷程檔案說明會',
      body: '全校',
      audience: 'all',
      onDate: '2031-03-05',
    });
    expect(dated.statusCode, dated.body).toBe(201);
    for (const who of ['student', 'parent', 'teacher', 'academic']) {
      const created = await send(who, 'POST', '/api/v1/calendar/feed');
      expect(created.statusCode, created.body).toBe(200);
      const { path } = created.json() as { path: string };
      const res = await t.app.inject({ url: path });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/calendar/);
      const parsed = ical.sync.parseICS(res.body);
      const events = Object.values(parsed).filter((c) => c?.type === 'VEVENT') as ical.VEvent[];
      const { entries } = await calendarOf(who);
      expect(entries.length).toBeGreaterThan(0);
      for (const e of entries) {
        const ev = events.find((x) => x.uid === entryUid(e));
        expect(ev, `${who}: ${e.kind}`).toBeDefined();
        const w = (await t.db.execute(sql`select opens_at from windows where id = ${e.windowId}`))
          .rows[0] as { opens_at: string | Date };
        expect(new Date(ev?.start as Date).getTime()).toBe(new Date(w.opens_at).getTime());
      }
      const note = events.find((x) => x.uid === announcementUid(dated.json().id));
      expect(note?.summary).toBe('公告：學習歷程檔案說明會');
      expect(note?.datetype).toBe('date');
    }
  });

  it('stores only the hash; rotation and revocation make the old URL a 404', async () => {
    const first = (await send('student', 'POST', '/api/v1/calendar/feed')).json().path as string;
    const token = /calendar\/([^/]+)\.ics$/.exec(first)?.[1] as string;
    const [row] = (
      await t.db.execute(sql`select token_hash from calendar_feeds where user_id = ${S.userIds.student}`)
    ).rows as { token_hash: string }[];
    expect(row?.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(row?.token_hash).not.toContain(token);
    expect((await get('student', '/api/v1/calendar/feed')).json()).toMatchObject({ active: true });

    const second = (await send('student', 'POST', '/api/v1/calendar/feed')).json().path as string;
    expect((await t.app.inject({ url: first })).statusCode).toBe(404);
    expect((await t.app.inject({ url: second })).statusCode).toBe(200);
    expect((await send('student', 'DELETE', '/api/v1/calendar/feed')).statusCode).toBe(204);
    expect((await t.app.inject({ url: second })).statusCode).toBe(404);
    expect((await get('student', '/api/v1/calendar/feed')).json()).toMatchObject({ active: false });
    expect((await t.app.inject({ url: '/api/v1/calendar/not-a-token.ics' })).statusCode).toBe(404);
    const audit = await t.db.execute(
      sql`select action from audit_log where actor_user_id = ${S.userIds.student} and action like 'calendar_feed.%' order by id`,
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      'calendar_feed.created',
      'calendar_feed.created',
      'calendar_feed.created',
      'calendar_feed.revoked',
    ]);
  });
});

describe("a parent's child: statuses and history, read-only through the policy", () => {
  it('reads the child’s statuses and outcome history (audited), nobody else’s', async () => {
    const child = S.studentIds[0] as string;
    const status = await get('parent', `/api/v1/students/${child}/status`);
    expect(status.statusCode, status.body).toBe(200);
    expect(status.json()).toMatchObject({
      outcomes: { pending: 0, passed: 0, failed: 1, withdrawn: 0 },
      selections: { outcomes: 0, performances: 0 },
      performances: 0,
    });
    const timeline = await get('parent', `/api/v1/students/${child}/timeline`);
    expect(timeline.statusCode, timeline.body).toBe(200);
    expect(timeline.json().events.map((e: { action: string }) => e.action)).toEqual(['failed', 'uploaded']);
    expect(timeline.json().events[0]).toMatchObject({ title: '閱讀心得', reason: '請補上參考資料' });
    const audit = await t.db.execute(
      sql`select action from audit_log where actor_user_id = ${S.userIds.parent} and action in ('read.student_status', 'read.student_timeline')`,
    );
    expect(audit.rows.length).toBe(2);

    const other = S.studentIds[1] as string;
    expect((await get('parent', `/api/v1/students/${other}/status`)).statusCode).toBe(403);
    expect((await get('parent', `/api/v1/students/${other}/timeline`)).statusCode).toBe(403);
    expect((await get('teacher', `/api/v1/students/${child}/status`)).statusCode).toBe(403);
    // No writes: the student's own actions are refused to the parent.
    const write = await send('parent', 'POST', '/api/v1/outcomes', {
      courseId: S.courseId,
      title: 'x',
      summary: 'y',
    });
    expect(write.statusCode).toBe(403);
  });
});
