import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, staff } from '../../db/schema/index.js';
import { taipeiDateOf, termCode } from '../../domain/calendar.js';
import { createTestApp } from '../../server/test-app.js';
import { demoOn, demoTerms } from '../demo/demo.data.js';
import { pdf as samplePdf } from '../uploads/test-corpus.js';

const t = await createTestApp();
// The demo is generated for today (the clock of this run): its terms and student numbers come from it.
const demo = demoOn(taipeiDateOf(new Date()));
const classmateNo = demo.studentNo('g11', 2);
afterAll(() => t.app.close());

type Session = { cookie: string; csrf: string };
const as: Record<string, Session> = {};
beforeAll(async () => {
  Object.assign(
    as,
    await t.demoSessions([
      'demo-student',
      'demo-parent',
      'demo-homeroom',
      'demo-academic',
      'demo-affairs',
      'demo-counselor',
      'demo-accounts',
    ]),
  );
});
const get = (who: string, url: string) => t.app.inject({ url, headers: { cookie: as[who]?.cookie } });
const send = (
  who: string,
  method: 'POST' | 'PUT',
  url: string,
  payload: unknown,
  headers: Record<string, string> = {},
) =>
  t.app.inject({
    method,
    url,
    headers: { cookie: as[who]?.cookie, 'x-csrf-token': as[who]?.csrf as string, ...headers },
    payload: payload as never,
  });

describe("a student's own record", () => {
  it('shows 基本資料 with a masked national ID, 修課紀錄 by term with grades and credits, and cadre records', async () => {
    const res = await get('demo-student', '/api/v1/me/record');
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.access).toBe('self');
    expect(r.student).toMatchObject({ className: '電機二甲', grade: 11, seatNo: 1, status: '在學' });
    expect(r.student.nationalId).toMatch(/^[A-Z]\d{2}\*{4}\d{3}$/);
    expect(
      r.terms.map((x: { academicYear: number; semester: number }) => `${x.academicYear}${x.semester}`),
    ).toEqual(
      demoTerms(demo.term)
        .filter((x) => x.term.academicYear >= demo.classOf('g11').entryYear)
        .map((x) => termCode(x.term)),
    );
    const first = r.terms[0];
    expect(first.courses).toHaveLength(6);
    expect(first.courses[0].rawScore).not.toBeNull();
    expect(first.credits).toBe(16);
    expect(first.earnedCredits).toBe(
      first.courses
        .filter((c: { earned: boolean }) => c.earned)
        .reduce((a: number, c: { credits: number }) => a + c.credits, 0),
    );
    expect(r.terms.at(-1).courses[0].rawScore).toBeNull(); // the current term has no grades yet
    expect(r.cadre).toEqual([expect.objectContaining({ unit: '電機二甲', position: '班長', level: 2 })]);
  });

  it("refuses another student's record and staff lists", async () => {
    const list = await get('demo-academic', `/api/v1/students?q=${classmateNo}`);
    const other = list.json().items[0].id;
    expect((await get('demo-student', `/api/v1/students/${other}/record`)).statusCode).toBe(403);
    expect((await get('demo-student', '/api/v1/students')).statusCode).toBe(403);
  });
});

describe('parents, homeroom teachers and counsellors', () => {
  it('a parent reads their child only', async () => {
    const children = (await get('demo-parent', '/api/v1/me/children')).json();
    expect(children).toHaveLength(1);
    const res = await get('demo-parent', `/api/v1/students/${children[0].id}/record`);
    expect(res.json().access).toBe('parent');
    const other = (await get('demo-academic', `/api/v1/students?q=${classmateNo}`)).json().items[0].id;
    expect((await get('demo-parent', `/api/v1/students/${other}/record`)).statusCode).toBe(403);
  });

  it('a homeroom teacher sees their class roster and students (audited), not other classes', async () => {
    const classes = (await get('demo-homeroom', '/api/v1/classes')).json();
    expect(classes.map((c: { name: string }) => c.name)).toEqual(['電機二甲']);
    const roster = await get('demo-homeroom', `/api/v1/classes/${classes[0].id}/roster`);
    expect(roster.json().students).toHaveLength(30);
    const all = (await get('demo-academic', '/api/v1/classes')).json();
    const foreign = all.find((c: { name: string }) => c.name === '機械一甲');
    expect((await get('demo-homeroom', `/api/v1/classes/${foreign.id}/roster`)).statusCode).toBe(403);
    const mine = roster.json().students[3].id;
    expect((await get('demo-homeroom', `/api/v1/students/${mine}/record`)).json().access).toBe('homeroom');
    const audit = await t.db
      .select()
      .from(auditLog)
      .where(sql`action = 'read.student_record' and target_id = ${mine}`);
    expect(audit).toHaveLength(1);
  });

  it('counselling records: rules, attachments by content, and read access to assigned students', async () => {
    const [a, b] = (await get('demo-academic', '/api/v1/students?sort=studentNo&pageSize=2')).json().items;
    const base = {
      kind: 'individual',
      studentIds: [a.id],
      startsAt: '2026-11-20T01:00:00Z',
      endsAt: '2026-11-20T02:00:00Z',
      title: '選課諮詢',
      place: '輔導室',
    };
    const long = await send('demo-counselor', 'POST', '/api/v1/counselling', {
      ...base,
      summary: '字'.repeat(101),
    });
    expect(long.statusCode).toBe(400);
    expect(long.json()).toMatchObject({ code: 'SUMMARY_TOO_LONG', message: '簡述超過100字' });
    expect(
      (
        await send('demo-counselor', 'POST', '/api/v1/counselling', {
          ...base,
          summary: 'x',
          studentIds: [a.id, b.id],
        })
      ).json().code,
    ).toBe('COUNSELLING_PARTICIPANTS');
    expect(
      (
        await send('demo-counselor', 'POST', '/api/v1/counselling', {
          ...base,
          summary: 'x',
          endsAt: base.startsAt,
        })
      ).json().code,
    ).toBe('TIME_RANGE_INVALID');

    expect((await get('demo-counselor', `/api/v1/students/${a.id}/record`)).statusCode).toBe(403);
    // Recording a session is no way into a portfolio: only an assignment by 教務處/輔導室 is.
    const unassigned = await send('demo-counselor', 'POST', '/api/v1/counselling', { ...base, summary: '.' });
    expect(unassigned.statusCode).toBe(403);
    expect(unassigned.json().code).toBe('COUNSELLING_NOT_ASSIGNED');
    expect((await get('demo-counselor', `/api/v1/students/${a.id}/record`)).statusCode).toBe(403);
    const counselorId = (await get('demo-counselor', '/api/v1/me')).json().user.id;
    const assigned = await send('demo-academic', 'POST', '/api/v1/counselling/assignments', {
      counselorUserId: counselorId,
      studentId: a.id,
    });
    expect(assigned.statusCode, assigned.body).toBe(201);
    const created = await send('demo-counselor', 'POST', '/api/v1/counselling', {
      ...base,
      summary: '𠀀'.repeat(100),
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    expect((await get('demo-counselor', `/api/v1/students/${a.id}/record`)).json().access).toBe('counselor');
    expect((await get('demo-counselor', `/api/v1/students/${b.id}/record`)).statusCode).toBe(403);

    const put = (body: Buffer, name: string) =>
      send(
        'demo-counselor',
        'PUT',
        `/api/v1/counselling/${id}/attachment?filename=${encodeURIComponent(name)}`,
        body,
        {
          'content-type': 'application/octet-stream',
        },
      );
    const fakePdf = await put(Buffer.from('just text, not a PDF'), 'notes.pdf');
    expect(fakePdf.statusCode).toBe(415);
    expect(fakePdf.json().code).toBe('FILE_TYPE_NOT_ALLOWED');
    const big = await put(Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(3 * 1_048_576)]), 'big.pdf');
    expect(big.statusCode).toBe(413);
    const pdf = await samplePdf();
    const ok = await put(pdf, '諮詢紀錄.pdf');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().mime).toBe('application/pdf');
    const dl = await get('demo-counselor', `/api/v1/counselling/${id}/attachment`);
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-disposition']).toMatch(/^attachment;/);
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
    expect(dl.rawPayload.equals(pdf)).toBe(true);
    const list = (await get('demo-counselor', `/api/v1/counselling?studentId=${a.id}`)).json();
    expect(list[0]).toMatchObject({
      title: '選課諮詢',
      attachmentName: '諮詢紀錄.pdf',
      students: [expect.objectContaining({ id: a.id })],
    });
    expect((await get('demo-student', '/api/v1/counselling')).statusCode).toBe(403);
  });
});

describe('office lists and exports', () => {
  it('pages, sorts and searches students with masked IDs', async () => {
    const page = (
      await get('demo-academic', '/api/v1/students?sort=name&order=desc&pageSize=20&page=2')
    ).json();
    expect(page.total).toBe(90);
    expect(page.items).toHaveLength(20);
    expect(page.items.every((s: { nationalId: string }) => s.nationalId.includes('****'))).toBe(true);
    expect((await get('demo-academic', '/api/v1/students?q=園藝三甲')).json().total).toBe(30);
    expect((await get('demo-academic', '/api/v1/students?grade=10')).json().total).toBe(30);
  });

  it('lists courses with the decoded course code', async () => {
    const res = (await get('demo-academic', '/api/v1/courses?q=基本電學實習')).json();
    expect(res.items[0]).toMatchObject({ category: '部定必修', attribute: '實習科目', credits: 3 });
  });

  it('exports in the import layout, so re-importing the export changes nothing; formulas are neutralised', async () => {
    await t.db.update(staff).set({ title: '=HYPERLINK("http://evil")' }).where(sql`staff_no = 'T006'`);
    for (const kind of ['students', 'staff', 'courses', 'grades']) {
      const res = await get('demo-academic', `/api/v1/exports/${kind}`);
      expect(res.statusCode, res.body).toBe(200);
      const again = await send(
        'demo-academic',
        'POST',
        `/api/v1/imports/${kind}?filename=export.xlsx`,
        res.rawPayload,
        {
          'content-type': 'application/octet-stream',
        },
      );
      const report = again.json().report;
      if (kind === 'staff') {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
        const cells: string[] = [];
        wb.worksheets[0]?.eachRow((r) => cells.push(...(r.values as string[]).filter(Boolean).map(String)));
        expect(cells).toContain('\'=HYPERLINK("http://evil")');
        continue;
      }
      expect(report.problems, kind).toEqual([]);
      expect(report).toMatchObject({ inserted: 0, updated: 0 });
      expect(report.unchanged).toBeGreaterThan(0);
    }
    expect((await get('demo-accounts', '/api/v1/exports/students')).statusCode).toBe(403);
  });
});
