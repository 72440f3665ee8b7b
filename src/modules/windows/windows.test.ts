import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taipeiDateOf } from '../../domain/calendar.js';
import { AppError } from '../../server/errors.js';
import { createTestApp, requestsAs, type TestSession } from '../../server/test-app.js';
import { demoOn } from '../demo/demo.data.js';
import { assertOpen, windowFor } from './windows.check.js';

const t = await createTestApp();
afterAll(() => t.app.close());
let as: Record<string, TestSession> = {};
const { get, send } = requestsAs(
  () => t.app,
  () => as,
);
const patch = (who: string, url: string, payload: unknown) =>
  t.app.inject({
    method: 'PATCH',
    url,
    headers: { cookie: as[who]?.cookie, 'x-csrf-token': as[who]?.csrf as string },
    payload: payload as never,
  });
const demo = demoOn(taipeiDateOf(new Date()));
const YEAR = demo.term.academicYear;
const hour = 3_600_000;
const at = (ms: number) => new Date(Date.now() + ms);

let schoolId: string;
let termId: string;
/** The demo student (grade 11), a grade-11 classmate, a grade-10 student. */
let student: string;
let classmate: string;
let tenth: string;

const code = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return e instanceof AppError ? e.code : String(e);
  }
};

beforeAll(async () => {
  as = await t.demoSessions([
    'demo-student',
    'demo-parent',
    'demo-teacher',
    'demo-academic',
    'demo-affairs',
    'demo-homeroom',
  ]);
  const rows = (
    await t.db.execute(sql`
      select s.id, s.school_id as "schoolId", s.student_no as "no", u.username, c.grade from students s
      join classes c on c.id = s.class_id left join users u on u.id = s.user_id`)
  ).rows as { id: string; schoolId: string; no: string; username: string | null; grade: number }[];
  const me = rows.find((r) => r.username === 'demo-student');
  if (!me) throw new Error('no demo student');
  student = me.id;
  schoolId = me.schoolId;
  classmate = rows.find((r) => r.no === demo.studentNo('g11', 2))?.id as string;
  tenth = rows.find((r) => Number(r.grade) === 10)?.id as string;
  const [term] = (
    await t.db.execute(
      sql`select id from terms where school_id = ${schoolId} and academic_year = ${YEAR} and semester = ${demo.term.semester}`,
    )
  ).rows as { id: string }[];
  termId = term?.id as string;
});

describe('one windows capability', () => {
  it('the demo has its windows in the one table, a selection window open today among them', async () => {
    const list = (await get('demo-academic', `/api/v1/windows?termId=${termId}`)).json();
    const kinds = list.windows.map((w: { kind: string }) => w.kind).sort();
    expect(kinds).toEqual(['certification', 'performance', 'selection', 'upload']);
    expect(list.windows.every((w: { state: string }) => w.state === 'open')).toBe(true);
    expect(list.settableKinds).toContain('upload');
    expect(list.settableKinds).not.toContain('performance');
    const w = await assertOpen(
      t.db,
      'selectionOutcomes',
      { schoolId, academicYear: YEAR },
      student,
      new Date(),
    );
    expect(w.window.kind).toBe('selection'); // the joint window stands in for the office's own
  });

  it('each office sets only its own kinds; a new window needs both dates; one date changes alone', async () => {
    const upload = await send('demo-affairs', 'PUT', '/api/v1/windows', {
      kind: 'upload',
      termId,
      opensAt: at(-hour),
      closesAt: at(hour),
    });
    expect(upload.statusCode).toBe(403);
    expect(upload.json().code).toBe('WINDOW_KIND_NOT_YOURS');
    expect(upload.json().message).toContain('教務處');
    const student = await send('demo-student', 'PUT', '/api/v1/windows', {
      kind: 'selection',
      academicYear: YEAR,
    });
    expect(student.statusCode).toBe(403);
    const scope = await send('demo-academic', 'PUT', '/api/v1/windows', {
      kind: 'receiptConfirmation',
      termId,
      closesAt: at(hour),
    });
    expect(scope.json().code).toBe('WINDOW_SCOPE_INVALID');
    const noDates = await send('demo-academic', 'PUT', '/api/v1/windows', {
      kind: 'receiptConfirmation',
      academicYear: YEAR,
      closesAt: at(hour),
    });
    expect(noDates.json().code).toBe('WINDOW_DATES_REQUIRED');
    const short = await send('demo-academic', 'PUT', '/api/v1/windows', {
      kind: 'receiptConfirmation',
      academicYear: YEAR,
      opensAt: at(0),
      closesAt: at(71 * hour),
    });
    expect(short.statusCode).toBe(400);
    expect(short.json()).toMatchObject({ code: 'RECEIPT_WINDOW_TOO_SHORT' });
    expect(short.json().message).toContain('3天');
    // (another academic year, so the schedule test below sees only the demo's windows)
    const ok = await send('demo-academic', 'PUT', '/api/v1/windows', {
      kind: 'receiptConfirmation',
      academicYear: YEAR + 5,
      opensAt: at(0),
      closesAt: at(72 * hour),
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const shortened = await patch('demo-academic', `/api/v1/windows/${ok.json().window.id}`, {
      closesAt: at(48 * hour),
    });
    expect(shortened.json().code).toBe('RECEIPT_WINDOW_TOO_SHORT');

    const before = (await get('demo-academic', `/api/v1/windows?academicYear=${YEAR}`)).json();
    const selection = before.windows.find((w: { kind: string }) => w.kind === 'selection');
    const closes = at(30 * 24 * hour);
    const changed = await patch('demo-academic', `/api/v1/windows/${selection.id}`, { closesAt: closes });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().window.opensAt).toBe(selection.opensAt);
    expect(new Date(changed.json().window.closesAt).getTime()).toBe(closes.getTime());
    const bad = await patch('demo-academic', `/api/v1/windows/${selection.id}`, {
      opensAt: at(40 * 24 * hour),
    });
    expect(bad.json().code).toBe('TIME_RANGE_INVALID');
    const byAffairs = await patch('demo-affairs', `/api/v1/windows/${selection.id}`, { closesAt: closes });
    expect(byAffairs.statusCode).toBe(403);
    const audit = (
      await t.db.execute(
        sql`select count(*)::int as n from audit_log where action = 'window.set' and target_id = ${selection.id}`,
      )
    ).rows[0] as { n: number };
    expect(audit.n).toBe(1);
  });

  it('a grade closes earlier; a student’s own extension reopens it for that student only, listed with who and why', async () => {
    const set = await send('demo-academic', 'PUT', '/api/v1/windows', {
      kind: 'selectionOutcomes',
      academicYear: YEAR,
      grade: 11,
      opensAt: at(-2 * hour),
      closesAt: at(-hour),
    });
    expect(set.statusCode, set.body).toBe(200);
    const scope = { schoolId, academicYear: YEAR };
    expect(await code(assertOpen(t.db, 'selectionOutcomes', scope, student, new Date()))).toBe(
      'YEAR_WINDOW_CLOSED',
    );
    expect(await code(assertOpen(t.db, 'selectionOutcomes', scope, tenth, new Date()))).toBe('ok');
    const ext = await send('demo-academic', 'POST', `/api/v1/windows/${set.json().window.id}/extensions`, {
      closesAt: at(hour),
      reason: '病假',
      studentId: student,
    });
    expect(ext.statusCode, ext.body).toBe(200);
    const early = await send('demo-academic', 'POST', `/api/v1/windows/${set.json().window.id}/extensions`, {
      closesAt: at(-1.5 * hour),
      reason: '病假',
      studentId: student,
    });
    expect(early.json().code).toBe('WINDOW_EXTENSION_TOO_EARLY');
    expect(await code(assertOpen(t.db, 'selectionOutcomes', scope, student, new Date()))).toBe('ok');
    expect(await code(assertOpen(t.db, 'selectionOutcomes', scope, classmate, new Date()))).toBe(
      'YEAR_WINDOW_CLOSED',
    );
    // Another school's scope never finds this school's windows.
    const other = { schoolId: '00000000-0000-4000-8000-000000000000', termId };
    expect(await code(assertOpen(t.db, 'upload', other, null, new Date()))).toBe('WINDOW_NOT_SET');
    expect(await windowFor(t.db, 'upload', other, null, new Date())).toBeNull();

    const list = (await get('demo-academic', `/api/v1/windows?academicYear=${YEAR}`)).json();
    const graded = list.windows.find((w: { kind: string; grade: number | null }) => w.grade === 11);
    expect(graded.state).toBe('closed');
    expect(graded.extensions).toEqual([
      expect.objectContaining({ studentId: student, reason: '病假', createdByName: expect.any(String) }),
    ]);
    const reads = (
      await t.db.execute(sql`select count(*)::int as n from audit_log where action = 'read.windows'`)
    ).rows[0] as { n: number };
    expect(reads.n).toBeGreaterThan(0);
  });

  it('GET /schedule: each role sees the windows that concern it, with state and close after extensions', async () => {
    const mine = (await get('demo-student', '/api/v1/schedule')).json();
    const kinds = mine.entries.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['upload', 'performance', 'selection', 'selectionOutcomes']),
    );
    expect(kinds).not.toContain('certification');
    const own = mine.entries.find((e: { kind: string }) => e.kind === 'selectionOutcomes');
    expect(own).toMatchObject({ grade: 11, state: 'open', studentId: student, as: 'student' });
    expect(new Date(own.effectiveClosesAt).getTime()).toBeGreaterThan(new Date(own.closesAt).getTime());

    const child = (await get('demo-parent', '/api/v1/schedule')).json();
    expect(child.entries.length).toBeGreaterThan(0);
    expect(
      child.entries.every((e: { as: string; studentId: string }) => e.as === 'parent' && e.studentId),
    ).toBe(true);

    const teacher = (await get('demo-teacher', '/api/v1/schedule')).json();
    expect(teacher.entries.map((e: { kind: string }) => e.kind)).toEqual(['certification']);

    const homeroom = (await get('demo-homeroom', '/api/v1/schedule')).json();
    const asHomeroom = homeroom.entries.filter((e: { as: string }) => e.as === 'homeroom');
    expect(asHomeroom.map((e: { kind: string }) => e.kind)).toEqual(
      expect.arrayContaining(['upload', 'selection']),
    );
    expect(asHomeroom.every((e: { studentId: string | null }) => e.studentId === null)).toBe(true);

    const affairs = (await get('demo-affairs', `/api/v1/windows?academicYear=${YEAR}`)).json();
    expect(affairs.settableKinds).toEqual(['performance', 'selectionPerformances']);
    const editable = affairs.windows.filter((w: { editable: boolean }) => w.editable);
    expect(editable.map((w: { kind: string }) => w.kind)).toEqual(['performance']);

    const office = (await get('demo-academic', '/api/v1/schedule')).json();
    expect(office.entries.length).toBe(5);
    const graded = office.entries.find((e: { grade: number | null }) => e.grade === 11);
    expect(graded).toMatchObject({ state: 'closed', studentExtensions: 1, as: 'office' });
  });
});
