import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { files } from '../../db/schema/index.js';
import { taipeiDateOf } from '../../domain/calendar.js';
import { validFor } from '../../domain/performances.fixtures.js';
import { PERFORMANCE_CATEGORIES } from '../../domain/performances.js';
import { createTestApp, requestsAs } from '../../server/test-app.js';
import { demoOn } from '../demo/demo.data.js';
import { pdf } from '../uploads/test-corpus.js';

const t = await createTestApp();
afterAll(() => t.app.close());
type S = { cookie: string; csrf: string };
let as: Record<string, S> = {};
// The demo is generated for today (the clock of this run): the current academic year and the demo
// student's (grade 11) entry year come from it.
const demo = demoOn(taipeiDateOf(new Date()));
const YEAR = demo.term.academicYear;
const ENTRY = demo.classOf('g11').entryYear;
const VALID = validFor(ENTRY);
const ad = (rocYear: number) => rocYear + 1911;
const hour = 3_600_000;

const { get, send } = requestsAs(
  () => t.app,
  () => as,
);
const setWindow = async (opensAt: Date, closesAt: Date) => {
  const res = await send('demo-affairs', 'PUT', `/api/v1/performance-windows/${YEAR}`, { opensAt, closesAt });
  expect(res.statusCode, res.body).toBe(204);
};
let fileNo = 0;
const proof = async (who = 'demo-student', purpose = 'performanceProof') => {
  const url = `/api/v1/uploads?purpose=${purpose}&filename=proof${++fileNo}.pdf`;
  const res = await send(who, 'POST', url, await pdf(), 'application/octet-stream');
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
};

beforeAll(async () => {
  as = await t.demoSessions(['demo-student', 'demo-parent', 'demo-homeroom', 'demo-affairs', 'demo-teacher']);
  as.classmate = await t.login(`999301-${demo.studentNo('g11', 2)}`, 'licheng-demo');
  await setWindow(new Date(Date.now() - hour), new Date(Date.now() + hour));
});

describe('students record performances', () => {
  it.each(PERFORMANCE_CATEGORIES)('a valid %s record round-trips', async (category) => {
    const body = { ...VALID[category], externalUrl: 'https://example.org/v/1' };
    const created = await send('demo-student', 'POST', '/api/v1/performances', body);
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    const mine = (await get('demo-student', '/api/v1/performances')).json();
    const stored = mine.records.find((r: { id: string }) => r.id === id);
    expect(stored).toMatchObject({
      category,
      academicYear: YEAR,
      summary: body.summary,
      startsOn: body.startsOn ?? null,
      externalUrl: 'https://example.org/v/1',
    });
    for (const [k, v] of Object.entries(body.fields ?? {})) expect(stored.fields[k]).toEqual(v);
  });

  it('refuses each broken rule with its own message', async () => {
    const c = VALID.competition as NonNullable<(typeof VALID)['competition']>;
    const cases: [unknown, string, string][] = [
      [
        { ...c, startsOn: `${ad(ENTRY)}-06-30` },
        'PERFORMANCE_DATE_BEFORE_ENTRY',
        `結果公布日期早於入學年7月1日（${ad(ENTRY)}-07-01）`,
      ],
      [{ ...c, startsOn: '2999-01-01' }, 'PERFORMANCE_DATE_FUTURE', ''],
      [
        { ...VALID.service, startsOn: `${ad(ENTRY) + 1}-07-11`, endsOn: `${ad(ENTRY) + 1}-07-10` },
        'PERFORMANCE_DATE_ORDER',
        '結束日期早於開始日期',
      ],
      [
        { ...VALID.service, fields: { ...VALID.service?.fields, hours: -2 } },
        'PERFORMANCE_NUMBER_INVALID',
        '時數須為不小於0的數字',
      ],
      [
        { ...c, fields: { ...c.fields, level: '9' } },
        'PERFORMANCE_CODE_UNKNOWN',
        '競賽等級代碼不正確（可用：1/2/3/4）',
      ],
      [{ ...c, summary: '字'.repeat(101) }, 'SUMMARY_TOO_LONG', '簡述超過100字'],
      [
        { ...c, externalUrl: 'javascript:alert(1)' },
        'PERFORMANCE_LINK_INVALID',
        '外部連結只接受 http 或 https 網址',
      ],
      [{ ...c, externalUrl: 'file:///etc/passwd' }, 'PERFORMANCE_LINK_INVALID', ''],
    ];
    for (const [body, code, message] of cases) {
      const res = await send('demo-student', 'POST', '/api/v1/performances', body);
      expect(res.statusCode, code).toBe(400);
      expect(res.json().code).toBe(code);
      if (message) expect(res.json().message).toBe(message);
    }
    const en = await t.app.inject({
      method: 'POST',
      url: '/api/v1/performances',
      headers: {
        cookie: as['demo-student']?.cookie,
        'x-csrf-token': as['demo-student']?.csrf,
        'accept-language': 'en',
      },
      payload: { ...c, summary: '字'.repeat(101) },
    });
    expect(en.json().message).toBe('The summary is longer than 100 characters');
  });

  it('attaches only the student’s own proof and media uploads of the right purpose', async () => {
    const mine = await proof();
    const ok = await send('demo-student', 'POST', '/api/v1/performances', {
      ...VALID.work,
      proofFileId: mine,
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().proofFileId).toBe(mine);
    const theirs = await proof('classmate');
    const stolen = await send('demo-student', 'POST', '/api/v1/performances', {
      ...VALID.work,
      proofFileId: theirs,
    });
    // Someone else's file is answered as if it did not exist.
    expect(stolen.statusCode).toBe(404);
    const wrongPurpose = await proof('demo-student', 'outcomeDocument');
    const wrong = await send('demo-student', 'POST', '/api/v1/performances', {
      ...VALID.work,
      mediaFileId: wrongPurpose,
    });
    expect(wrong.json().code).toBe('PERFORMANCE_FILE_INVALID');
  });

  it('edits and deletes own records; another student gets 403; parents and homeroom cannot write', async () => {
    const created = (await send('demo-student', 'POST', '/api/v1/performances', VALID.work)).json();
    const edited = await send('demo-student', 'PUT', `/api/v1/performances/${created.id}`, {
      ...VALID.work,
      summary: '改過的簡述',
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().summary).toBe('改過的簡述');
    const theirs = await send('classmate', 'PUT', `/api/v1/performances/${created.id}`, VALID.work);
    expect(theirs.statusCode).toBe(403);
    expect((await send('classmate', 'DELETE', `/api/v1/performances/${created.id}`)).statusCode).toBe(403);
    const unknown = '00000000-0000-4000-8000-000000000000';
    const missing = await send('demo-student', 'PUT', `/api/v1/performances/${unknown}`, VALID.work);
    expect(missing.statusCode, missing.body).toBe(404);
    for (const who of ['demo-parent', 'demo-homeroom']) {
      expect((await send(who, 'POST', '/api/v1/performances', VALID.work)).statusCode).toBe(403);
      expect((await send(who, 'PUT', `/api/v1/performances/${created.id}`, VALID.work)).statusCode).toBe(403);
      expect((await send(who, 'DELETE', `/api/v1/performances/${created.id}`)).statusCode).toBe(403);
    }
    expect((await send('demo-student', 'DELETE', `/api/v1/performances/${created.id}`)).statusCode).toBe(204);
    const after = (await get('demo-student', '/api/v1/performances')).json();
    expect(after.records.some((r: { id: string }) => r.id === created.id)).toBe(false);
  });

  it('lists school-entered cadre records beside the student’s own; parents and homeroom read, others not', async () => {
    const mine = (await get('demo-student', '/api/v1/performances')).json();
    expect(mine.schoolCadre.length).toBeGreaterThan(0);
    const studentId = (await get('demo-student', '/api/v1/me/record')).json().student.id;
    for (const who of ['demo-parent', 'demo-homeroom', 'demo-affairs']) {
      const res = await get(who, `/api/v1/students/${studentId}/performances`);
      expect(res.statusCode, who).toBe(200);
      expect(res.json().records.length).toBe(mine.records.length);
    }
    expect((await get('demo-teacher', `/api/v1/students/${studentId}/performances`)).statusCode).toBe(403);
    expect((await get('classmate', `/api/v1/students/${studentId}/performances`)).statusCode).toBe(403);
  });
});

describe('the yearly window', () => {
  it('refuses outside the window with its dates, honours extensions and the upload grace period', async () => {
    const now = Date.now();
    const uploadedInside = await proof();
    // As if its upload (a slow tus upload) had begun 20 minutes ago, inside the window.
    await t.db
      .update(files)
      .set({ uploadStartedAt: new Date(now - 20 * 60_000) })
      .where(eq(files.id, uploadedInside));
    await setWindow(new Date(now - 3 * hour), new Date(now - 10 * 60_000));
    const late = await send('demo-student', 'POST', '/api/v1/performances', VALID.work);
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('PERFORMANCE_WINDOW_CLOSED');
    expect(late.json().message).toMatch(
      new RegExp(`^不在${YEAR}學年度多元表現登錄期間內：\\d{4}/\\d{1,2}/\\d{1,2} \\d\\d:\\d\\d – `),
    );
    // Its proof's upload began while the window was open; it closed 10 minutes ago: inside the 30-minute grace.
    const grace = await send('demo-student', 'POST', '/api/v1/performances', {
      ...VALID.work,
      proofFileId: uploadedInside,
    });
    expect(grace.statusCode, grace.body).toBe(201);
    // Editing and deleting are refused too once closed.
    const existing = (await get('demo-student', '/api/v1/performances')).json().records[0];
    expect((await send('demo-student', 'DELETE', `/api/v1/performances/${existing.id}`)).statusCode).toBe(
      409,
    );

    const studentId = (await get('demo-student', '/api/v1/me/record')).json().student.id;
    const ext = await send('demo-affairs', 'POST', `/api/v1/performance-windows/${YEAR}/extensions`, {
      closesAt: new Date(now + hour),
      reason: '病假',
      studentId,
    });
    expect(ext.statusCode, ext.body).toBe(204);
    expect((await send('demo-student', 'POST', '/api/v1/performances', VALID.work)).statusCode).toBe(201);
    expect((await send('classmate', 'POST', '/api/v1/performances', VALID.work)).statusCode).toBe(409);
    const admin = (await get('demo-affairs', `/api/v1/performance-windows/${YEAR}`)).json();
    expect(admin.extensions[0]).toMatchObject({ studentId, reason: '病假' });
    // Only 學務處 sets windows.
    expect(
      (
        await send('demo-student', 'PUT', `/api/v1/performance-windows/${YEAR}`, {
          opensAt: new Date(),
          closesAt: new Date(now + hour),
        })
      ).statusCode,
    ).toBe(403);
    await setWindow(new Date(now - hour), new Date(now + hour));
  });
});

describe('學務處 overview', () => {
  it('counts records per category, grade and class, lists students with none, and exports xlsx', async () => {
    const o = (await get('demo-affairs', `/api/v1/performances/overview/${YEAR}`)).json();
    const work = o.byCategory.find((r: { category: string }) => r.category === 'work');
    expect(work.records).toBeGreaterThan(0);
    const total = o.byCategory.reduce((n: number, r: { records: number }) => n + r.records, 0);
    expect(o.byClass.reduce((n: number, c: { records: number }) => n + c.records, 0)).toBe(total);
    expect(
      o.studentsWithNone.some((s: { studentNo: string }) => s.studentNo === demo.studentNo('g11', 1)),
    ).toBe(false);
    expect(o.studentsWithNone.length).toBeGreaterThan(0);
    const xlsx = await get('demo-affairs', `/api/v1/performances/overview/${YEAR}/xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect((await get('demo-homeroom', `/api/v1/performances/overview/${YEAR}`)).statusCode).toBe(403);
  });
});

describe('portfolio overview', () => {
  it('shows per academic year the courses, outcomes, performances and school cadre records', async () => {
    const p = (await get('demo-student', '/api/v1/me/portfolio')).json();
    expect(p.access).toBe('self');
    const thisYear = p.years.find((y: { academicYear: number }) => y.academicYear === YEAR);
    expect(thisYear.terms.length).toBeGreaterThan(0);
    expect(thisYear.performances.length).toBeGreaterThan(0);
    expect(thisYear.schoolCadre.length).toBeGreaterThan(0);
    // 補登: a service in the July after entry belongs to this year (entered now) but happened in the entry year.
    const service = thisYear.performances.find((x: { category: string }) => x.category === 'service');
    expect(service.eventYear).toBe(ENTRY);
    const studentId = p.student.id;
    expect((await get('demo-parent', `/api/v1/students/${studentId}/portfolio`)).json().years).toEqual(
      p.years,
    );
    expect((await get('demo-teacher', `/api/v1/students/${studentId}/portfolio`)).statusCode).toBe(403);
  });
});
