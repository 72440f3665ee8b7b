import { sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cadreRecords,
  classes,
  courseTeachers,
  enrollments,
  grades,
  guardians,
  staff,
  students,
  terms,
} from '../../db/schema/index.js';
import { withCheckDigit } from '../../domain/national-id.js';
import { createTestApp } from '../../server/test-app.js';
import { csvFile, xlsxFile } from './test-files.js';

const t = await createTestApp();
afterAll(() => t.app.close());

const school = await t.makeSchool({ code: '999301' });
let admin: { cookie: string; csrf: string };
let affairs: { cookie: string; csrf: string };

beforeAll(async () => {
  admin = await t.login((await t.makeUser({ schoolId: school.id, roles: ['academicAdmin'] })).username);
  affairs = await t.login((await t.makeUser({ schoolId: school.id, roles: ['studentAffairs'] })).username);
});

const count = async (table: PgTable) =>
  (await t.db.select({ n: sql<number>`count(*)::int` }).from(table).where(sql`school_id = ${school.id}`))[0]
    ?.n;

async function upload(kind: string, body: Buffer, query = '', who = admin) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/imports/${kind}?filename=${kind}.xlsx${query}`,
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': 'application/octet-stream' },
    payload: body,
  });
}

async function commit(batchId: string, who = admin) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/imports/batches/${batchId}/commit`,
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrf },
  });
}

/** Upload + commit, expecting success; returns the commit report. */
async function importOk(kind: string, body: Buffer, query = '', who = admin) {
  const preview = await upload(kind, body, query, who);
  expect(preview.statusCode, preview.body).toBe(200);
  expect(preview.json().report.problems, preview.body).toEqual([]);
  const done = await commit(preview.json().batchId, who);
  expect(done.statusCode, done.body).toBe(200);
  return done.json();
}

const nid = (i: number) => withCheckDigit(`A1${String(2000000 + i).padStart(7, '0')}`);
const STUDENT_HEADER = [
  '學號',
  '身分證號',
  '姓名',
  '出生日期',
  '性別',
  '入學學年度',
  '學年度',
  '班級',
  '座號',
];
const student = (i: number, cls = '機械一甲') => [
  `11500${String(i).padStart(2, '0')}`,
  nid(i),
  `學生${i}`,
  '0990305',
  i % 2 ? '男' : '女',
  115,
  115,
  cls,
  i,
];
const CODE_A = '115999301321301011B1011';
const CODE_B = '115999301321301011B2012';

describe('a school imports its SIS data, kind by kind, idempotently', () => {
  it('staff (xlsx)', async () => {
    const file = await xlsxFile(
      ['員工編號', '姓名', '職稱'],
      [
        ['T001', '陳老師', '教師'],
        ['T002', '林老師', '教師'],
      ],
    );
    const r = await importOk('staff', file);
    expect(r).toMatchObject({ committed: true, inserted: 2, updated: 0, unchanged: 0 });
    expect(await count(staff)).toBe(2);
    expect(await importOk('staff', file)).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
  });

  it('classes (xlsx, grade written 1–3)', async () => {
    const file = await xlsxFile(
      ['學年度', '年級', '科別', '班級名稱', '導師員工編號'],
      [
        [115, 1, '機械科', '機械一甲', 'T002'],
        [115, 2, '電機科', '電機二甲', ''],
      ],
    );
    expect(await importOk('classes', file)).toMatchObject({ inserted: 2 });
    const [row] = await t.db.select().from(classes).where(sql`name = '機械一甲'`);
    expect(row?.grade).toBe(10);
    expect(row?.homeroomStaffId).not.toBeNull();
  });

  it('students (Big5 CSV, detected) and re-import changes nothing', async () => {
    const file = csvFile(STUDENT_HEADER, [student(1), student(2), student(3, '電機二甲')], 'big5');
    const preview = await upload('students', file);
    expect(preview.json().report).toMatchObject({ format: 'csv', encoding: 'big5', rows: 3, inserted: 3 });
    expect(await count(students)).toBe(0); // the preview wrote nothing
    expect(await commit(preview.json().batchId).then((r) => r.json())).toMatchObject({
      committed: true,
      inserted: 3,
    });
    const [s] = await t.db.select().from(students).where(sql`student_no = '1150001'`);
    expect(s).toMatchObject({
      name: '學生1',
      birthDate: '2010-03-05',
      gender: 'M',
      status: '在學',
      seatNo: 1,
    });
    expect(await importOk('students', file)).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    // The same data as UTF-8 with BOM is the same data.
    const utf8 = csvFile(STUDENT_HEADER, [student(1), student(2), student(3, '電機二甲')], 'utf-8-bom');
    expect(await importOk('students', utf8)).toMatchObject({ unchanged: 3 });
    // A corrected birth date is an update of that one student.
    const fixed = csvFile(
      STUDENT_HEADER,
      [[...student(1).slice(0, 3), '99/03/06', ...student(1).slice(4)]],
      'utf-8',
    );
    expect(await importOk('students', fixed)).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });
    const [after] = await t.db.select().from(students).where(sql`student_no = '1150001'`);
    expect(after?.birthDate).toBe('2010-03-06');
    await importOk('students', file);
  });

  it('courses (xlsx with the 封面 cover sheet giving the term; the term is created)', async () => {
    const file = await xlsxFile(
      ['課程類別', '科目代碼', '科目名稱', '學分數', '開課年級', '授課教師員工編號'],
      [
        ['1', CODE_A, '機件原理Ⅰ', 2, 10, 'T001'],
        ['1', CODE_B, '機械製造Ⅰ', 2, 10, 'T001、T002'],
      ],
      { cover: { academicYear: 115, semester: 1, rosterType: 4 } },
    );
    expect(await importOk('courses', file)).toMatchObject({ inserted: 2 });
    expect(await count(terms)).toBe(1);
    expect((await t.db.select().from(courseTeachers)).length).toBe(3);
    expect(await importOk('courses', file)).toMatchObject({ unchanged: 2 });
  });

  it('enrolments by 學號 and grades by 身分證號 + 出生日期 (成績名冊 layout)', async () => {
    const enrol = await xlsxFile(
      ['學年度', '學期', '學號', '科目代碼'],
      [
        [115, 1, '1150001', CODE_A],
        [115, 1, '1150002', CODE_A],
      ],
    );
    expect(await importOk('enrollments', enrol)).toMatchObject({ inserted: 2 });
    const gradeFile = await xlsxFile(
      [
        '身分證號',
        '出生日期',
        '科目代碼',
        '開課年級',
        '科目學分',
        '原始成績',
        '成績及格',
        '補考成績',
        '補考及格',
        '是否採計學分',
        '質性描述',
      ],
      [
        [nid(1), '0990305', CODE_A, 10, 2, '86.5', '是', '', '', '是', '認真'],
        [nid(3), '2010-03-05', CODE_B, 10, 2, '40', '否', '65', '是', '是', ''],
      ],
      { cover: { academicYear: 115, semester: 1, rosterType: 2 } },
    );
    expect(await importOk('grades', gradeFile)).toMatchObject({ inserted: 2 });
    expect(await count(grades)).toBe(2);
    expect(await count(enrollments)).toBe(3); // the grade of student 3 implies the enrolment
    const [g] = await t.db.select().from(grades).where(sql`raw_score = 40`);
    expect(g).toMatchObject({ passed: false, makeupScore: '65.00', makeupPassed: true });
    expect(await importOk('grades', gradeFile)).toMatchObject({ unchanged: 2 });
  });

  it('cadre records in the school template (學年, 學期, 學號 …) by studentAffairs', async () => {
    const file = await xlsxFile(
      ['學年', '學期', '學號', '單位名稱', '開始日期', '結束日期', '擔任職務', '幹部等級'],
      [
        [115, 1, '1150001', '熱舞社', '1150907', '1160131', '社長', 3],
        [115, 1, '1150002', '機械一甲', '115/09/01', '', '班長', 2],
      ],
    );
    expect(await importOk('cadre', file, '', affairs)).toMatchObject({ inserted: 2 });
    expect(await count(cadreRecords)).toBe(2);
    // studentAffairs may not import students.
    const denied = await upload('students', file, '', affairs);
    expect(denied.statusCode).toBe(403);
  });

  it('guardians', async () => {
    const file = await xlsxFile(['學號', '家長姓名', '關係'], [['1150001', '王大明', '父']]);
    expect(await importOk('guardians', file)).toMatchObject({ inserted: 1 });
    expect(await count(guardians)).toBe(1);
  });

  it('a status of 轉出 disables the student account (kept, not deleted)', async () => {
    const [s] = await t.db.select().from(students).where(sql`student_no = '1150002'`);
    const user = await t.makeUser({ schoolId: school.id, roles: ['student'] });
    await t.db.execute(sql`update students set user_id = ${user.id} where id = ${s?.id}`);
    const session = await t.login(user.username);
    const row = [...student(2), '轉出', '1151115'];
    await importOk('students', await xlsxFile([...STUDENT_HEADER, '學籍狀態', '狀態生效日期'], [row]));
    const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie: session.cookie } });
    expect(me.statusCode).toBe(401);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: user.username, password: 'correct-horse-battery' },
    });
    expect(login.json().code).toBe('AUTH_ACCOUNT_DISABLED');
    const [after] = await t.db.select().from(students).where(sql`student_no = '1150002'`);
    expect(after).toMatchObject({ status: '轉出', statusSince: '2026-11-15' });
  });
});

describe('bad input: a clear report, nothing half-imported, never 500', () => {
  const problemsOf = async (kind: string, body: Buffer, query = '') => {
    const res = await upload(kind, body, query);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().report.problems as {
      row: number;
      column: string;
      value: string;
      code: string;
      message: string;
    }[];
  };

  it('malformed and checksum-failing national IDs, and one bad row blocks the whole file', async () => {
    const before = await count(students);
    const file = await xlsxFile(STUDENT_HEADER, [
      student(10),
      [...student(11).slice(0, 1), 'A123456788', ...student(11).slice(2)],
      [...student(12).slice(0, 1), 'XYZ', ...student(12).slice(2)],
    ]);
    const res = await upload('students', file);
    const problems = res.json().report.problems;
    expect(problems).toEqual([
      expect.objectContaining({
        row: 3,
        column: '身分證號',
        value: 'A123456788',
        code: 'NATIONAL_ID_INVALID',
        message: '身分證號／居留證號格式或檢查碼錯誤',
      }),
      expect.objectContaining({ row: 4, column: '身分證號', value: 'XYZ', code: 'NATIONAL_ID_INVALID' }),
    ]);
    const done = await commit(res.json().batchId);
    expect(done.statusCode).toBe(422);
    expect(done.json()).toMatchObject({ code: 'IMPORT_HAS_PROBLEMS' });
    expect(done.json().details.problemCount).toBe(2);
    expect(await count(students)).toBe(before);
  });

  it('duplicate 學號 within the file and a national ID taken by another student in the database', async () => {
    const file = await xlsxFile(STUDENT_HEADER, [
      student(20),
      student(20),
      [...student(21).slice(0, 1), nid(1), ...student(21).slice(2)],
    ]);
    const problems = await problemsOf('students', file);
    expect(problems.map((p) => [p.row, p.code])).toEqual([
      [3, 'DUPLICATE_IN_FILE'],
      [4, 'DUPLICATE_IN_DATABASE'],
    ]);
    expect(problems[0]?.message).toBe('與第 2 列重複');
  });

  it('unknown course codes and unknown students in enrolment rows', async () => {
    const file = await xlsxFile(
      ['學年度', '學期', '學號', '科目代碼'],
      [
        [115, 1, '9999999', CODE_A],
        [115, 1, '1150001', '115999301321301011B9019'],
        [115, 1, '1150001', 'BAD-CODE'],
        [116, 1, '1150001', CODE_A],
      ],
    );
    expect((await problemsOf('enrollments', file)).map((p) => [p.row, p.column, p.code])).toEqual([
      [2, '學號', 'STUDENT_NOT_FOUND'],
      [3, '科目代碼', 'COURSE_NOT_FOUND'],
      [4, '科目代碼', 'COURSE_CODE_INVALID'],
      [5, '學年度', 'TERM_UNKNOWN'],
    ]);
  });

  it('formula cells, merged header cells, missing and extra columns', async () => {
    const formula = await xlsxFile(
      ['員工編號', '姓名'],
      [['T009', { formula: 'CONCAT("陳","老師")', result: '陳老師' }]],
    );
    expect((await problemsOf('staff', formula)).map((p) => p.code)).toEqual(['FORMULA_CELL']);

    const merged = await xlsxFile(['員工編號', '姓名', '', '職稱'], [['T009', '陳', '', '教師']], {
      merge: 'B1:C1',
    });
    expect((await problemsOf('staff', merged)).map((p) => [p.column, p.code])).toEqual([
      ['C', 'HEADER_EMPTY'],
    ]);

    const missing = await xlsxFile(['員工編號', '職稱'], [['T009', '教師']]);
    expect((await problemsOf('staff', missing)).map((p) => [p.column, p.code])).toEqual([
      ['姓名', 'MISSING_COLUMN'],
    ]);

    const extra = await upload(
      'staff',
      await xlsxFile(['員工編號', '姓名', '血型'], [['T009', '陳老師', 'O']]),
    );
    expect(extra.json().report.problems).toEqual([]);
    expect(extra.json().report.warnings).toEqual([
      expect.objectContaining({ column: 'C', value: '血型', code: 'UNKNOWN_COLUMN' }),
    ]);
  });

  it('wrong and mixed encodings', async () => {
    const big5 = csvFile(['員工編號', '姓名'], [['T010', '陳老師']], 'big5');
    const forced = await upload('staff', big5, '&encoding=utf-8');
    expect(forced.statusCode).toBe(400);
    expect(forced.json()).toMatchObject({ code: 'IMPORT_ENCODING_INVALID' });
    const mixed = Buffer.concat([
      csvFile(['員工編號', '姓名'], [], 'utf-8'),
      csvFile([], [['T011', '林老師']], 'big5').subarray(2),
    ]);
    const res = await upload('staff', mixed);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('IMPORT_ENCODING_MIXED');
    // An explicit Big5 override reads the Big5 file.
    expect((await upload('staff', big5, '&encoding=big5')).json().report.encoding).toBe('big5');
  });

  it('empty files, header-only files, non-spreadsheets and damaged xlsx', async () => {
    expect((await upload('staff', Buffer.alloc(0))).json().code).toBe('IMPORT_EMPTY');
    expect((await upload('staff', await xlsxFile(['員工編號', '姓名'], []))).json().code).toBe(
      'IMPORT_EMPTY',
    );
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n');
    expect((await upload('staff', pdf)).json().code).toBe('IMPORT_NOT_SPREADSHEET');
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    expect((await upload('staff', png)).json().code).toBe('IMPORT_NOT_SPREADSHEET');
    const good = await xlsxFile(['員工編號', '姓名'], [['T012', '陳']]);
    const damaged = Buffer.concat([good.subarray(0, 200), Buffer.alloc(300, 7)]);
    const res = await upload('staff', damaged);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('IMPORT_NOT_SPREADSHEET');
    const noTable = await upload('staff', await xlsxFile(['甲', '乙'], [['1', '2']]));
    expect(noTable.json().code).toBe('IMPORT_NO_TABLE');
  });

  it('a 50 MB spreadsheet is refused before it is read', async () => {
    const res = await upload('staff', Buffer.alloc(50 * 1_048_576, 0x41));
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({
      code: 'IMPORT_TOO_LARGE',
      message: '匯入檔案超過 20 MB 上限（1 MB = 1,048,576 位元組）',
    });
  });

  it('refuses other roles, unknown kinds and a second commit', async () => {
    const teacher = await t.login((await t.makeUser({ schoolId: school.id, roles: ['teacher'] })).username);
    const file = await xlsxFile(['員工編號', '姓名'], [['T013', '張老師']]);
    expect((await upload('staff', file, '', teacher)).statusCode).toBe(403);
    expect((await upload('nonsense', file)).json().code).toBe('IMPORT_UNKNOWN_KIND');
    const preview = await upload('staff', file);
    expect((await commit(preview.json().batchId)).statusCode).toBe(200);
    const again = await commit(preview.json().batchId);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('IMPORT_ALREADY_COMMITTED');
  });
});

describe('templates', () => {
  it('downloads an xlsx template with the zh-TW headers and a safe UTF-8 file name', async () => {
    const res = await t.app.inject({
      url: '/api/v1/imports/grades/template',
      headers: { cookie: admin.cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''%E5%AD%B8");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const header = ((wb.worksheets[0]?.getRow(1).values ?? []) as string[]).slice(1);
    expect(header).toEqual(
      expect.arrayContaining(['身分證號', '出生日期', '科目代碼', '原始成績', '成績及格', '質性描述']),
    );
  });
});
