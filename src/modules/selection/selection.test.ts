import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, requestsAs } from '../../server/test-app.js';
import { makeTestSchool, type TestSchool } from '../../server/test-school.js';
import { pdf } from '../uploads/test-corpus.js';
import { setSelectionWindow } from './selection.test-window.js';

const t = await createTestApp();
afterAll(() => t.app.close());
type S = { cookie: string; csrf: string };
const as: Record<string, S> = {};
const { get, send } = requestsAs(
  () => t.app,
  () => as,
);
const hour = 3_600_000;
let s: TestSchool;
/** Outcomes of the student in the current term: the first 8 passed, one pending, one failed. */
const passed: string[] = [];
let pending: string;
let failed: string;
const performances: string[] = [];

const upload = async (purpose: string) => {
  const res = await send(
    'student',
    'POST',
    `/api/v1/uploads?purpose=${purpose}&filename=f.pdf`,
    await pdf(),
    'application/octet-stream',
  );
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
};
const submit = async (title: string) => {
  const res = await send('student', 'POST', '/api/v1/outcomes', {
    courseId: s.courseId,
    title,
    summary: '期末報告',
    documentFileId: await upload('outcomeDocument'),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
};
const decide = async (ids: string[], decision: 'pass' | 'fail', reason?: string) => {
  const res = await send('teacher', 'POST', '/api/v1/certification/decisions', {
    outcomeIds: ids,
    decision,
    reason,
  });
  expect(res.statusCode, res.body).toBeLessThan(300);
};
const selectOutcome = (id: string, who = 'student') => send(who, 'POST', `/api/v1/selection/outcomes/${id}`);
const unselectOutcome = (id: string) => send('student', 'DELETE', `/api/v1/selection/outcomes/${id}`);
const openWindow = () =>
  setSelectionWindow(t, s, 'selection', new Date(Date.now() - hour), new Date(Date.now() + hour));
const mine = async () => (await get('student', '/api/v1/selection')).json();

beforeAll(async () => {
  s = await makeTestSchool(t, '930001', 3);
  for (const [role, username] of Object.entries(s.usernames)) as[role] = await t.login(username);
  // 教務處 raises the per-course limit (a school setting) so one course holds ten outcomes.
  const settings = await send('academic', 'PUT', '/api/v1/school-settings', {
    selectionOutcomesMax: 6,
    selectionPerformancesMax: 10,
    outcomesPerSemester: 20,
    outcomesPerCourse: 10,
    selectionWindowMode: 'shared',
  });
  expect(settings.statusCode, settings.body).toBe(200);
  for (let i = 1; i <= 8; i++) passed.push(await submit(`成果${i}`));
  pending = await submit('待認證成果');
  failed = await submit('未通過成果');
  await decide(passed, 'pass');
  await decide([failed], 'fail', '請補上作者');
  for (let i = 1; i <= 11; i++) {
    const res = await send('student', 'POST', '/api/v1/performances', {
      category: 'work',
      fields: { name: `作品${i}` },
      summary: `作品${i}`,
      startsOn: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
    });
    expect(res.statusCode, res.body).toBe(201);
    performances.push(res.json().id);
  }
  await openWindow();
}, 120_000);

describe('selecting', () => {
  it('shows this year’s candidates with status and the counters', async () => {
    const v = await mine();
    expect(v.academicYear).toBe(s.academicYear);
    expect(v.limits).toEqual({ outcomes: 6, performances: 10 });
    expect(v.counts).toEqual({ outcomes: 0, performances: 0 });
    expect(v.outcomes).toHaveLength(10);
    expect(v.outcomes.find((o: { id: string }) => o.id === pending).status).toBe('pending');
    expect(v.performances).toHaveLength(11);
    expect(v.windows.outcome.state).toBe('open');
  });

  it('refuses an outcome that is not certified, naming the rule', async () => {
    for (const id of [pending, failed]) {
      const res = await selectOutcome(id);
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('SELECTION_OUTCOME_NOT_PASSED');
      expect(res.json().message).toMatch(/^只有認證通過的課程學習成果可以勾選/);
    }
  });

  it('selects up to 6 outcomes; the 7th is refused with the rule', async () => {
    for (const id of passed.slice(0, 6)) expect((await selectOutcome(id)).statusCode).toBe(200);
    const res = await selectOutcome(passed[6] as string);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'SELECTION_OUTCOME_LIMIT',
      message: '每學年最多勾選6件課程學習成果，已勾選6件',
    });
    expect((await mine()).counts.outcomes).toBe(6);
    // Selecting the same item twice is not a second selection.
    expect((await selectOutcome(passed[0] as string)).statusCode).toBe(409);
  });

  it('a selected outcome cannot be withdrawn or revised', async () => {
    const id = passed[0] as string;
    const w = await send('student', 'POST', `/api/v1/outcomes/${id}/withdraw`);
    expect(w.json()).toMatchObject({ code: 'OUTCOME_SELECTED_LOCKED' });
    expect(w.json().message).toMatch(/已勾選的課程學習成果不能撤回或修改/);
    const r = await send('student', 'PUT', `/api/v1/outcomes/${id}`, {
      title: '改標題',
      summary: '改',
      documentFileId: await upload('outcomeDocument'),
    });
    expect(r.json()).toMatchObject({ code: 'OUTCOME_SELECTED_LOCKED' });
  });

  it('unselecting frees a slot; select and unselect are events in the outcome’s history', async () => {
    const id = passed[5] as string;
    expect((await unselectOutcome(id)).statusCode).toBe(200);
    expect((await unselectOutcome(id)).json().code).toBe('SELECTION_NOT_SELECTED');
    expect((await selectOutcome(passed[6] as string)).statusCode).toBe(200);
    const detail = (await get('student', `/api/v1/outcomes/${id}`)).json();
    expect(detail.timeline.map((e: { action: string }) => e.action)).toEqual([
      'uploaded',
      'passed',
      'selected',
      'unselected',
    ]);
    // The history is append-only.
    await expect(t.db.execute(sql`delete from outcome_events where outcome_id = ${id}`)).rejects.toThrow();
  });

  it('two tabs selecting the last slot at once: exactly one wins', async () => {
    expect((await unselectOutcome(passed[6] as string)).statusCode).toBe(200);
    const results = await Promise.all([
      selectOutcome(passed[6] as string),
      selectOutcome(passed[7] as string),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.statusCode === 409)?.json().code).toBe('SELECTION_OUTCOME_LIMIT');
    const rows = await t.db.execute(
      sql`select count(*)::int as n from selections where student_id = ${s.studentIds[0]} and kind = 'outcome'`,
    );
    expect((rows.rows[0] as { n: number }).n).toBe(6);
  });

  it('performances: at most 10, with their own append-only history; a selected one cannot be deleted', async () => {
    for (const id of performances.slice(0, 10)) {
      const res = await send('student', 'POST', `/api/v1/selection/performances/${id}`);
      expect(res.statusCode, res.body).toBe(200);
    }
    const res = await send('student', 'POST', `/api/v1/selection/performances/${performances[10]}`);
    expect(res.json()).toMatchObject({
      code: 'SELECTION_PERFORMANCE_LIMIT',
      message: '每學年最多勾選10項多元表現，已勾選10項',
    });
    const del = await send('student', 'DELETE', `/api/v1/performances/${performances[0]}`);
    expect(del.json().code).toBe('PERFORMANCE_SELECTED_LOCKED');
    expect((await send('student', 'DELETE', `/api/v1/performances/${performances[10]}`)).statusCode).toBe(
      204,
    );
    const events = await t.db.execute(
      sql`select performance_id, action from performance_events where performance_id in (${performances[0]}, ${performances[10]}) order by id`,
    );
    expect(events.rows).toEqual([
      { performance_id: performances[0], action: 'created' },
      { performance_id: performances[10], action: 'created' },
      { performance_id: performances[0], action: 'selected' },
      { performance_id: performances[10], action: 'deleted' },
    ]);
    await expect(t.db.execute(sql`update performance_events set action = 'edited'`)).rejects.toThrow();
  });

  it('staff cannot select', async () => {
    expect((await selectOutcome(passed[7] as string, 'teacher')).statusCode).toBe(403);
  });
});

describe('a failed re-decision removes the selection', () => {
  it('the selection is removed, the history says so and the student is notified', async () => {
    const id = passed[1] as string;
    await decide([id], 'fail', '非本人作品');
    const v = await mine();
    expect(v.outcomes.find((o: { id: string }) => o.id === id)).toMatchObject({
      status: 'failed',
      selected: false,
    });
    expect(v.counts.outcomes).toBe(5);
    const detail = (await get('student', `/api/v1/outcomes/${id}`)).json();
    expect(detail.timeline.map((e: { action: string }) => e.action).slice(-3)).toEqual([
      'selected',
      'failed',
      'unselected',
    ]);
    const notices = (await get('student', '/api/v1/notifications')).json();
    expect(notices.items.map((n: { kind: string }) => n.kind)).toContain('selection.removed');
  });
});

describe('the window', () => {
  it('locks the selection when it closes', async () => {
    await setSelectionWindow(t, s, 'selection', new Date(Date.now() - 2 * hour), new Date(Date.now() - hour));
    const res = await selectOutcome(passed[1] as string);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('SELECTION_LOCKED');
    expect(res.json().message).toMatch(/勾選已鎖定/);
    expect((await unselectOutcome(passed[0] as string)).json().code).toBe('SELECTION_LOCKED');
    expect((await mine()).windows.outcome.state).toBe('closed');
    await openWindow();
  });
});

describe('read-only views', () => {
  it('the parent and the homeroom teacher read it, audited', async () => {
    for (const who of ['parent', 'homeroom']) {
      const res = await get(who, `/api/v1/students/${s.studentIds[0]}/selection`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().counts.outcomes).toBe(5);
      expect(res.json().access).toBe(who);
    }
    const audit = await t.db.execute(
      sql`select count(*)::int as n from audit_log where action = 'read.student_selection' and ${s.studentIds[0]} = any(student_ids)`,
    );
    expect((audit.rows[0] as { n: number }).n).toBe(2);
    // The parent of another student, a plain teacher: no.
    expect((await get('teacher', `/api/v1/students/${s.studentIds[0]}/selection`)).statusCode).toBe(403);
    expect((await get('parent', `/api/v1/students/${s.studentIds[1]}/selection`)).statusCode).toBe(403);
  });

  it('the homeroom teacher sees who in the class has not selected yet', async () => {
    const res = await get('homeroom', `/api/v1/classes/${s.classId}/selection`);
    expect(res.statusCode, res.body).toBe(200);
    const rows = res.json().students as { id: string; notSelected: boolean; outcomesSelected: number }[];
    expect(rows.map((r) => r.notSelected)).toEqual([false, true, true]);
    expect(rows[0]?.outcomesSelected).toBe(5);
    const audit = await t.db.execute(
      sql`select student_ids from audit_log where action = 'read.class_selection' order by id desc limit 1`,
    );
    expect((audit.rows[0] as { student_ids: string[] }).student_ids.sort()).toEqual([...s.studentIds].sort());
    expect((await get('teacher', `/api/v1/classes/${s.classId}/selection`)).statusCode).toBe(403);
  });
});

describe('school settings', () => {
  it('教務處 changes the limits (audited); the caps and the outcome limits follow', async () => {
    const res = await send('academic', 'PUT', '/api/v1/school-settings', {
      selectionOutcomesMax: 5,
      selectionPerformancesMax: 10,
      outcomesPerSemester: 10,
      outcomesPerCourse: 10,
      selectionWindowMode: 'shared',
    });
    expect(res.statusCode, res.body).toBe(200);
    const refused = await selectOutcome(passed[6] as string);
    expect(refused.json().message).toBe('每學年最多勾選5件課程學習成果，已勾選5件');
    const more = await send('student', 'POST', '/api/v1/outcomes', {
      courseId: s.courseId,
      title: '第十一件',
      summary: '報告',
      documentFileId: await upload('outcomeDocument'),
    });
    expect(more.json()).toMatchObject({
      code: 'OUTCOME_LIMIT_SEMESTER',
      message: '每學期最多上傳10件課程學習成果',
    });
    const audit = await t.db.execute(
      sql`select details from audit_log where action = 'school_settings.changed' order by id desc limit 1`,
    );
    expect((audit.rows[0] as { details: { changed: unknown } }).details.changed).toEqual({
      selectionOutcomesMax: { from: 6, to: 5 },
      outcomesPerSemester: { from: 20, to: 10 },
    });
  });

  it('refuses values out of range and other roles', async () => {
    const body = {
      selectionOutcomesMax: 0,
      selectionPerformancesMax: 10,
      outcomesPerSemester: 20,
      outcomesPerCourse: 5,
      selectionWindowMode: 'shared',
    };
    const res = await send('academic', 'PUT', '/api/v1/school-settings', body);
    expect(res.json()).toMatchObject({ code: 'SETTINGS_OUT_OF_RANGE' });
    expect(res.json().message).toBe('每學年可勾選課程學習成果件數須介於1到50之間');
    expect((await send('affairs', 'PUT', '/api/v1/school-settings', body)).statusCode).toBe(403);
    expect((await get('affairs', '/api/v1/school-settings')).statusCode).toBe(200);
  });
});

describe('one window per office (school setting)', () => {
  it('outcomes follow 教務處’s window and performances 學務處’s', async () => {
    const res = await send('academic', 'PUT', '/api/v1/school-settings', {
      selectionOutcomesMax: 6,
      selectionPerformancesMax: 10,
      outcomesPerSemester: 20,
      outcomesPerCourse: 10,
      selectionWindowMode: 'perOffice',
    });
    expect(res.statusCode, res.body).toBe(200);
    await setSelectionWindow(
      t,
      s,
      'selectionOutcomes',
      new Date(Date.now() - 2 * hour),
      new Date(Date.now() - hour),
    );
    await setSelectionWindow(
      t,
      s,
      'selectionPerformances',
      new Date(Date.now() - hour),
      new Date(Date.now() + hour),
    );
    const locked = await selectOutcome(passed[1] as string);
    expect(locked.json().code).toBe('SELECTION_LOCKED');
    expect(locked.json().message).toMatch(/^不在\d+學年度課程學習成果勾選期間內.*勾選已鎖定$/);
    const perf = await send('student', 'DELETE', `/api/v1/selection/performances/${performances[1]}`);
    expect(perf.statusCode, perf.body).toBe(200);
    const v = await mine();
    expect(v.windowMode).toBe('perOffice');
    expect(v.windows.outcome.state).toBe('closed');
    expect(v.windows.performance.state).toBe('open');
  });
});
