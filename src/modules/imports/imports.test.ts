import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
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
import { createTestApp } from '../../server/test-app.js';
import { CODE_A, CODE_B, importTestContext, nid, STUDENT_HEADER, student } from './imports.test-helpers.js';
import { csvFile, xlsxFile } from './test-files.js';

const t = await createTestApp();
afterAll(() => t.app.close());

const { school, admin, affairs, count, upload, commit, importOk } = await importTestContext(t);

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
