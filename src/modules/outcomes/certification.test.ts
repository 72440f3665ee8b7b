import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { courses, terms } from '../../db/schema/index.js';
import { taipeiDateOf, toIsoDate } from '../../domain/calendar.js';
import { createTestApp, requestsAs } from '../../server/test-app.js';
import { demoOn } from '../demo/demo.data.js';
import { pdf } from '../uploads/test-corpus.js';

const t = await createTestApp();
const demo = demoOn(taipeiDateOf(new Date()));
afterAll(() => t.app.close());
let as: Record<string, { cookie: string; csrf: string }> = {};
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
}
let fileNo = 0;
async function submit(course: string, title: string) {
  const url = `/api/v1/uploads?purpose=outcomeDocument&filename=cert${++fileNo}.pdf`;
  const file = (await send('demo-student', 'POST', url, await pdf(), 'application/octet-stream')).json();
  const res = await send('demo-student', 'POST', '/api/v1/outcomes', {
    courseId: courseOf.get(course),
    title,
    summary: '課堂作業',
    documentFileId: file.id,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}
const decide = (who: string, outcomeIds: string[], decision: 'pass' | 'fail', reason?: string) =>
  send(who, 'POST', '/api/v1/certification/decisions', { outcomeIds, decision, reason });

beforeAll(async () => {
  as = await t.demoSessions(['demo-student', 'demo-teacher', 'demo-substitute', 'demo-academic']);
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

describe('the course filter', () => {
  it('lists this term’s courses only, each with its classes and code', async () => {
    const list = (await get('demo-teacher', '/api/v1/certification/courses')).json() as {
      id: string;
      name: string;
      code: string;
      academicYear: number;
      semester: number;
      classes: string;
      onBehalfOf: string | null;
      inCurrentTerm: boolean;
    }[];
    expect(list.length).toBeGreaterThan(1);
    for (const c of list) {
      expect(c).toMatchObject({ academicYear: demo.term.academicYear, semester: demo.term.semester });
      expect(c.code).toHaveLength(23);
      expect(c.classes).not.toBe('');
      expect(c.onBehalfOf).toBeNull();
      expect(c.inCurrentTerm).toBe(true);
    }
    // 國語文 of several classes: told apart by class, never the same label twice.
    const labels = list.map((c) => `${c.name} ${c.classes}`);
    expect(new Set(labels).size).toBe(labels.length);
    // demo-teacher has taught 國語文 in earlier terms too; none of those courses is offered.
    const [row] = (
      await t.db.execute(sql`select count(*)::int as n from courses c join course_teachers ct on ct.course_id = c.id
        join staff s on s.id = ct.staff_id where s.staff_no = 'T001'`)
    ).rows as { n: number }[];
    expect(row?.n).toBeGreaterThan(list.length);
  });

  it('offers a substitute the absent teacher’s courses for the assignment’s dates, saying for whom; the queue says so too', async () => {
    const today = toIsoDate(taipeiDateOf(new Date()));
    const tomorrow = toIsoDate(taipeiDateOf(new Date(Date.now() + 86_400_000)));
    const assign = await send('demo-academic', 'POST', '/api/v1/substitutes', {
      substituteStaffNo: 'T003',
      courseId: courseOf.get('國語文'),
      startsOn: tomorrow,
      endsOn: tomorrow,
    });
    expect(assign.statusCode, assign.body).toBe(200);
    const before = (await get('demo-substitute', '/api/v1/certification/courses')).json();
    expect(before.map((c: { id: string }) => c.id)).not.toContain(courseOf.get('國語文'));
    await send('demo-academic', 'POST', '/api/v1/substitutes', {
      substituteStaffNo: 'T003',
      courseId: courseOf.get('國語文'),
      startsOn: today,
      endsOn: today,
    });
    const list = (await get('demo-substitute', '/api/v1/certification/courses')).json();
    expect(list.find((c: { id: string }) => c.id === courseOf.get('國語文'))).toMatchObject({
      onBehalfOf: '陳雅婷',
    });
    const id = await submit('國語文', '代理認證的成果');
    const queue = (
      await get('demo-substitute', `/api/v1/certification/queue?courseId=${courseOf.get('國語文')}`)
    ).json();
    expect(queue.items.find((i: { id: string }) => i.id === id)).toMatchObject({ certifyingFor: '陳雅婷' });
    expect((await decide('demo-substitute', [id], 'pass')).statusCode).toBe(200);
    const passed = (
      await get(
        'demo-teacher',
        `/api/v1/certification/queue?courseId=${courseOf.get('國語文')}&status=passed`,
      )
    ).json();
    expect(passed.items.find((i: { id: string }) => i.id === id).lastDecision).toMatchObject({
      action: 'passed',
      actor: '黃淑芬',
      onBehalfOf: '陳雅婷',
    });
  });
});

describe('a term that has ended', () => {
  it('keeps its courses in the filter while its certification window is open, and only then', async () => {
    const [previous] = (
      await t.db.execute(sql`select id from terms where (academic_year, semester) < (${demo.term.academicYear}, ${demo.term.semester})
        order by academic_year desc, semester desc limit 1`)
    ).rows as { id: string }[];
    const offered = async () =>
      (
        (await get('demo-teacher', '/api/v1/certification/courses')).json() as {
          id: string;
          inCurrentTerm: boolean;
        }[]
      ).filter((c) => !c.inCurrentTerm);
    expect(await offered()).toEqual([]);
    const now = Date.now();
    const open = async (closesAt: Date) =>
      expect(
        (
          await send('demo-academic', 'PUT', `/api/v1/terms/${previous?.id}/windows/certification`, {
            opensAt: new Date(now - 30 * 86_400_000),
            closesAt,
          })
        ).statusCode,
      ).toBe(200);
    await open(new Date(now + hour));
    const past = await offered();
    expect(past.length).toBeGreaterThan(0);
    const [row] = (
      await t.db.execute(sql`select count(*)::int as n from courses where term_id = ${previous?.id} and id in (
        select course_id from course_teachers ct join staff s on s.id = ct.staff_id where s.staff_no = 'T001')`)
    ).rows as { n: number }[];
    expect(past).toHaveLength(row?.n ?? -1);
    await open(new Date(now - 1000));
    expect(await offered()).toEqual([]);
  });
});

describe('changing a decision', () => {
  it('shows the reason in the failed list; a change inside the window keeps both decisions; outside it is refused', async () => {
    const id = await submit('國語文', '改判的成果');
    expect((await decide('demo-teacher', [id], 'fail', '上傳到錯誤的課程')).statusCode).toBe(200);
    const failed = (await get('demo-teacher', '/api/v1/certification/queue?status=failed')).json();
    expect(failed.items.find((i: { id: string }) => i.id === id)).toMatchObject({
      status: 'failed',
      lastDecision: { action: 'failed', reason: '上傳到錯誤的課程', actor: '陳雅婷', onBehalfOf: null },
      certifyingFor: null,
    });

    const change = await decide('demo-teacher', [id], 'pass');
    expect(change.json()).toEqual({ decided: 1, status: 'passed' });
    const detail = (await get('demo-teacher', `/api/v1/outcomes/${id}`)).json();
    expect(detail.status).toBe('passed');
    expect(detail.timeline.map((e: { action: string }) => e.action)).toEqual([
      'uploaded',
      'failed',
      'passed',
    ]);
    expect(detail.timeline[1].reason).toBe('上傳到錯誤的課程');

    const now = Date.now();
    await setWindow('certification', new Date(now - 2 * hour), new Date(now - 1000));
    const late = await decide('demo-teacher', [id], 'fail', '內容與本課程無關');
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('WINDOW_CLOSED');
    await setWindow('certification', new Date(now - hour), new Date(now + hour));
    const after = (await get('demo-teacher', `/api/v1/outcomes/${id}`)).json();
    expect(after.timeline).toHaveLength(3);
    const audit = (
      await t.db.execute(
        sql`select action from audit_log where action like 'certification.%' order by id desc limit 2`,
      )
    ).rows as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(['certification.passed', 'certification.failed']);
  });
});
