/**
 * The student's side of an outcome, as a student would expect it: unsent drafts kept on the server,
 * every broken rule of a form answered at once, the teacher's reason and the submitted file on the card,
 * a 簡述-only fix without a new file, and 我的檔案 saying what uses each file.
 */
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
let termId = '';
const courseOf = new Map<string, string>();
const hour = 3_600_000;
let fileNo = 0;
async function document(who = 'demo-student') {
  const url = `/api/v1/uploads?purpose=outcomeDocument&filename=work${++fileNo}.pdf`;
  return (await send(who, 'POST', url, await pdf(), 'application/octet-stream')).json().id as string;
}
async function setWindow(kind: 'upload' | 'certification', opensAt: Date, closesAt: Date) {
  const res = await send('demo-academic', 'PUT', `/api/v1/terms/${termId}/windows/${kind}`, {
    opensAt,
    closesAt,
  });
  expect(res.statusCode, res.body).toBe(200);
}

beforeAll(async () => {
  as = await t.demoSessions(['demo-student', 'demo-teacher', 'demo-academic']);
  as.classmate = await t.login(`999301-${demo.studentNo('g11', 2)}`, 'licheng-demo');
  const [term] = await t.db
    .select()
    .from(terms)
    .where(sql`academic_year = ${demo.term.academicYear} and semester = ${demo.term.semester}`);
  termId = term?.id as string;
  const g11 = `${demo.classOf('g11').entryYear}%`;
  for (const c of await t.db.select().from(courses).where(sql`term_id = ${termId} and code like ${g11}`)) {
    courseOf.set(c.name.replace(/[ⅠⅡⅢⅣⅤⅥ]$/, ''), c.id);
  }
  await setWindow('upload', new Date(Date.now() - hour), new Date(Date.now() + hour));
  await setWindow('certification', new Date(Date.now() - hour), new Date(Date.now() + hour));
});

describe('unsent drafts', () => {
  it('keeps the draft of a new outcome with its file; 我的檔案 says the file is only in a draft; submitting clears it', async () => {
    const file = await document();
    const saved = await send('demo-student', 'PUT', '/api/v1/outcome-drafts', {
      courseId: courseOf.get('國語文'),
      title: '讀書報告',
      summary: '寫到一半',
      documentFileId: file,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    // Saving again replaces it (one draft of a new outcome per student).
    await send('demo-student', 'PUT', '/api/v1/outcome-drafts', {
      courseId: courseOf.get('國語文'),
      title: '讀書報告',
      summary: '寫完了',
      documentFileId: file,
    });
    const drafts = (await get('demo-student', '/api/v1/outcome-drafts')).json();
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({
      outcomeId: null,
      courseId: courseOf.get('國語文'),
      summary: '寫完了',
      documentFileId: file,
      documentName: expect.stringMatching(/^work\d+\.pdf$/),
    });
    const uses = (await get('demo-student', '/api/v1/files'))
      .json()
      .find((f: { id: string }) => f.id === file);
    expect(uses.usedBy).toEqual([{ kind: 'draft', id: null, title: '讀書報告', status: null }]);

    const submitted = await send('demo-student', 'POST', '/api/v1/outcomes', {
      courseId: courseOf.get('國語文'),
      title: '讀書報告',
      summary: '寫完了',
      documentFileId: file,
    });
    expect(submitted.statusCode, submitted.body).toBe(201);
    expect((await get('demo-student', '/api/v1/outcome-drafts')).json()).toEqual([]);
    const after = (await get('demo-student', '/api/v1/files'))
      .json()
      .find((f: { id: string }) => f.id === file);
    expect(after.usedBy).toEqual([
      { kind: 'outcome', id: submitted.json().id, title: '讀書報告', status: 'pending' },
    ]);
  });

  it("refuses a classmate's file, a course not taken and an outcome not one's own in a draft", async () => {
    const foreign = await document('classmate');
    const res = await send('demo-student', 'PUT', '/api/v1/outcome-drafts', {
      title: 'x',
      summary: '',
      documentFileId: foreign,
    });
    expect(res.statusCode).toBe(404);
    const theirs = await send('classmate', 'POST', '/api/v1/outcomes', {
      courseId: courseOf.get('數學'),
      title: '同學的',
      summary: '同學的',
      documentFileId: foreign,
    });
    expect(theirs.statusCode, theirs.body).toBe(201);
    const other = await send('demo-student', 'PUT', '/api/v1/outcome-drafts', {
      outcomeId: theirs.json().id,
      title: 'x',
      summary: 'x',
    });
    expect(other.statusCode).toBe(404);
    expect(
      (await send('demo-student', 'DELETE', `/api/v1/outcome-drafts?outcomeId=${theirs.json().id}`))
        .statusCode,
    ).toBe(404);
  });
});

describe('the outcome form answers every problem at once', () => {
  it('empty title and 簡述, no document, no course: four problems with their messages in one answer', async () => {
    const res = await send('demo-student', 'POST', '/api/v1/outcomes', { title: ' ', summary: '' });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('OUTCOME_TITLE_REQUIRED');
    expect(body.details.map((d: { message: string }) => d.message)).toEqual([
      '請填寫標題',
      '請填寫簡述',
      '請選擇課程',
      '請附上成果文件（pdf/jpg/png）',
    ]);
  });

  it('a full course and a 簡述 over 100 characters are both reported', async () => {
    for (let i = 0; i < 5; i++) {
      const ok = await send('demo-student', 'POST', '/api/v1/outcomes', {
        courseId: courseOf.get('英語文'),
        title: `英文 ${i}`,
        summary: '練習',
        documentFileId: await document(),
      });
      expect(ok.statusCode, ok.body).toBe(201);
    }
    const res = await send('demo-student', 'POST', '/api/v1/outcomes', {
      courseId: courseOf.get('英語文'),
      title: '第六件',
      summary: '字'.repeat(101),
      documentFileId: await document(),
    });
    expect(res.json().details.map((d: { code: string }) => d.code)).toEqual([
      'SUMMARY_TOO_LONG',
      'OUTCOME_LIMIT_COURSE',
    ]);
    expect(res.json().details[0].message).toBe('簡述超過100字');
  });
});

describe('the card after a fail', () => {
  it("shows the teacher's reason and the file; fixing only the 簡述 keeps the file and needs no upload", async () => {
    const file = await document();
    const created = await send('demo-student', 'POST', '/api/v1/outcomes', {
      courseId: courseOf.get('國語文'),
      title: '赤壁賦',
      summary: '第一版',
      documentFileId: file,
    });
    const id = created.json().id as string;
    const failed = await send('demo-teacher', 'POST', '/api/v1/certification/decisions', {
      outcomeIds: [id],
      decision: 'fail',
      reason: '簡述請寫出這份作業在課堂中的內容',
    });
    expect(failed.statusCode, failed.body).toBe(200);
    const card = (await get('demo-student', '/api/v1/outcomes/overview'))
      .json()
      .outcomes.find((o: { id: string }) => o.id === id);
    expect(card).toMatchObject({
      status: 'failed',
      failReason: '簡述請寫出這份作業在課堂中的內容',
      documentFileId: file,
      documentName: expect.stringMatching(/\.pdf$/),
    });
    // A revision draft (kept while the student types) is cleared by the resubmission.
    await send('demo-student', 'PUT', '/api/v1/outcome-drafts', {
      outcomeId: id,
      title: '赤壁賦',
      summary: '第二',
    });
    const fixed = await send('demo-student', 'PUT', `/api/v1/outcomes/${id}`, {
      title: '赤壁賦',
      summary: '課堂上比較前後〈赤壁賦〉的報告',
    });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(fixed.json()).toMatchObject({ status: 'pending', documentFileId: file });
    expect((await get('demo-student', '/api/v1/outcome-drafts')).json()).toEqual([]);
    const again = (await get('demo-student', '/api/v1/outcomes/overview'))
      .json()
      .outcomes.find((o: { id: string }) => o.id === id);
    expect(again.failReason).toBeNull();
  });

  it('after the window closes, keeping the old file gives no grace: a 簡述 fix is late', async () => {
    const created = await send('demo-student', 'POST', '/api/v1/outcomes', {
      courseId: courseOf.get('數學'),
      title: '函數',
      summary: '作業',
      documentFileId: await document(),
    });
    const id = created.json().id as string;
    await setWindow('upload', new Date(Date.now() - 2 * hour), new Date(Date.now() - 60_000));
    const late = await send('demo-student', 'PUT', `/api/v1/outcomes/${id}`, {
      title: '函數',
      summary: '改',
    });
    expect(late.json().code).toBe('WINDOW_CLOSED');
    // Times in messages: 2027/2/3 23:59 (Taipei), no seconds.
    expect(late.json().message).toMatch(
      /\d{4}\/\d{1,2}\/\d{1,2} \d{2}:\d{2} – \d{4}\/\d{1,2}\/\d{1,2} \d{2}:\d{2}（/,
    );
    await setWindow('upload', new Date(Date.now() - hour), new Date(Date.now() + hour));
  });
});
