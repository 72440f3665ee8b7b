/**
 * 缺勤紀錄 (名冊別 3) and 重修重讀成績 (名冊別 6) imports with real files: the official roster workbooks
 * (封面 + the template's sheets and headers), a Big5 CSV by 學號, all-or-nothing, idempotent; the code
 * table check of 缺勤種類代碼 and 幹部等級 (school codes included); exports in the import layout, the
 * templates, the record view and the roster row readers.
 */
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { absenceRecords, cadreRecords, retakeGrades } from '../../db/schema/index.js';
import { currentTermAt } from '../../domain/calendar.js';
import { createTestApp } from '../../server/test-app.js';
import { absenceRosterRows, retakeRosterRows } from '../masterdata/rosters.repo.js';
import { importTestContext, nid, STUDENT_HEADER, student } from './imports.test-helpers.js';
import { csvFile, xlsxFile } from './test-files.js';
import { buildWorkbook } from './xlsx.js';

const t = await createTestApp();
afterAll(() => t.app.close());

const { school, admin, affairs, count, upload, commit, importOk } = await importTestContext(t);
const { academicYear: year, semester } = currentTermAt(new Date());
const prev = year - 1;
const code = (y: number) => `${y}999301321301011B1011`;
const cover = (rosterType: number) => ({
  name: '封面',
  header: ['學校代碼', '學年度', '學期', '名冊別'],
  rows: [['999301', year, semester, rosterType]],
});
const ABSENCE_HEADER = ['身分證號', '出生日期', '缺勤種類代碼', '缺勤起始日期', '缺勤結束日期', '缺勤節數'];
const RETAKE_HEADER = [
  '身分證號',
  '出生日期',
  '原修課學年度',
  '原修課學期',
  '原修課科目代碼',
  '原修課開課年級',
  '原修課科目學分',
  '重修方式',
  '重修成績',
  '重修及格',
  '質性描述',
];
const REREAD_HEADER = [
  '身分證號',
  '出生日期',
  '修課學年度',
  '修課學期',
  '科目代碼',
  '開課年級',
  '科目學分',
  '原始成績',
  '成績及格',
  '補考成績',
  '補考及格',
  '是否採計學分',
  '質性描述',
];
const get = (url: string, who = admin) =>
  t.app.inject({ method: 'GET', url, headers: { cookie: who.cookie, 'x-csrf-token': who.csrf } });
const send = (method: 'POST' | 'PUT', url: string, body: unknown, who = affairs) =>
  t.app.inject({
    method,
    url,
    payload: body as object,
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrf },
  });

describe('roster records import (名冊別 3 and 6)', () => {
  it('students first', async () => {
    const classes = await xlsxFile(['學年度', '年級', '科別', '班級名稱'], [[115, 1, '機械科', '機械一甲']]);
    expect(await importOk('classes', classes)).toMatchObject({ inserted: 1 });
    const file = await xlsxFile(STUDENT_HEADER, [student(1), student(2), student(3)]);
    expect(await importOk('students', file)).toMatchObject({ inserted: 3 });
  });

  it('缺勤紀錄 in the official roster workbook: the cover gives the term; re-import changes nothing', async () => {
    const file = await buildWorkbook([
      cover(3),
      {
        name: '缺勤紀錄',
        header: ABSENCE_HEADER,
        rows: [
          [nid(1).toLowerCase(), '0990305', '2', `${year}0915`, `${year}0916`, 14],
          [nid(2), '0990305', '1', `${year}1001`, '', 3],
        ],
      },
    ]);
    expect(await importOk('absences', file, '', affairs)).toMatchObject({ inserted: 2 });
    const rows = await t.db.select().from(absenceRecords).orderBy(absenceRecords.startsOn);
    expect(rows[0]).toMatchObject({ academicYear: year, semester, kindCode: '2', periods: 14 });
    expect(rows[1]?.endsOn).toBe(rows[1]?.startsOn); // a one-day absence
    expect(await importOk('absences', file, '', affairs)).toMatchObject({ inserted: 0, unchanged: 2 });
  });

  it('缺勤紀錄 as a Big5 CSV by 學號; an unknown 缺勤種類代碼 blocks the whole file', async () => {
    const header = ['學年度', '學期', '學號', '缺勤種類', '起始日期', '結束日期', '節數'];
    const good = ['1150003', '5', `${year}1103`, `${year}1103`, 2];
    const bad = csvFile(
      header,
      [
        [year, semester, ...good],
        [year, semester, '1150001', '77', `${year}1104`, '', 1],
      ],
      'big5',
    );
    const preview = await upload('absences', bad, '', affairs);
    expect(preview.json().report).toMatchObject({ format: 'csv', encoding: 'big5', problemCount: 1 });
    expect(preview.json().report.problems[0]).toMatchObject({
      column: '缺勤種類',
      value: '77',
      code: 'CODE_UNKNOWN',
    });
    expect(preview.json().report.problems[0].message).toContain('缺勤種類代碼不在代碼表中');
    const refused = await commit(preview.json().batchId, affairs);
    expect(refused.statusCode).toBe(422);
    expect(await count(absenceRecords)).toBe(2); // nothing of the file was written
    // The school adds 77 to its table: the same row now imports.
    const added = await send('POST', '/api/v1/codes', { domain: 'absenceKind', code: '77', label: '防疫假' });
    expect(added.statusCode, added.body).toBe(200);
    expect(await importOk('absences', bad, '', affairs)).toMatchObject({ inserted: 2 });
  });

  it('重修重讀成績: one roster workbook, each kind takes its own sheet', async () => {
    const file = await buildWorkbook([
      cover(6),
      {
        name: '重修成績',
        header: RETAKE_HEADER,
        rows: [[nid(1), '0990305', prev, 2, code(prev), 10, 2, 1, 72, '是', '補強後及格']],
      },
      {
        name: '重讀成績 ',
        header: REREAD_HEADER,
        rows: [
          [nid(2), '0990305', year, semester, code(year), 10, 3, 58, '否', 61, '是', '是', ''],
          [nid(3), '0990305', year, semester, code(year), 10, 3, 80, '', '', '', '', ''],
        ],
      },
    ]);
    expect(await importOk('retakes', file)).toMatchObject({ inserted: 1 });
    expect(await importOk('rereads', file)).toMatchObject({ inserted: 2 });
    expect(await importOk('rereads', file)).toMatchObject({ unchanged: 2 });
    const retake = await t.db.select().from(retakeGrades).where(sql`mode = 'retake'`);
    expect(retake).toEqual([
      expect.objectContaining({
        courseYear: prev,
        courseSemester: 2,
        method: 1,
        score: '72.00',
        passed: true,
      }),
    ]);
    const [passedByScore] = await t.db.select().from(retakeGrades).where(sql`score = 80`);
    expect(passedByScore).toMatchObject({ passed: true, creditCounted: true });
  });

  it('重修成績 refuses a 重修方式 outside the list and an original term after the roster term', async () => {
    const file = await buildWorkbook([
      cover(6),
      {
        name: '重修成績',
        header: RETAKE_HEADER,
        rows: [
          [nid(1), '0990305', prev, 1, code(prev), 10, 2, 9, 70, '是', ''],
          [nid(2), '0990305', year + 1, 1, code(year), 10, 2, 1, 70, '是', ''],
        ],
      },
    ]);
    const r = (await upload('retakes', file)).json().report;
    expect(r.problems.map((p: { code: string }) => p.code)).toEqual(['CHOICE_INVALID', 'TERM_UNKNOWN']);
  });

  it('幹部等級 is checked against the code table: a school level is accepted while enabled', async () => {
    const file = await xlsxFile(
      ['學年', '學期', '學號', '單位名稱', '開始日期', '結束日期', '擔任職務', '幹部等級'],
      [[year, semester, '1150001', '交通服務隊', `${year}0907`, '', '隊長', 6]],
    );
    const before = (await upload('cadre', file, '', affairs)).json().report;
    expect(before.problems[0]).toMatchObject({ column: '幹部等級', code: 'CODE_UNKNOWN' });
    expect(before.problems[0].message).toContain('1/2/3/4/5');
    const added = await send('POST', '/api/v1/codes', {
      domain: 'cadreLevel',
      code: '6',
      label: '服務隊幹部',
    });
    expect(added.statusCode, added.body).toBe(200);
    expect(await importOk('cadre', file, '', affairs)).toMatchObject({ inserted: 1 });
    expect(await count(cadreRecords)).toBe(1);
    const off = await send('PUT', `/api/v1/codes/${added.json().id}`, { disabled: true });
    expect(off.json()).toMatchObject({ disabled: true });
    expect((await upload('cadre', file, '', affairs)).json().report.problemCount).toBe(1);
  });

  it('exports in the import layout re-import unchanged; templates download', async () => {
    for (const [kind, who] of [
      ['absences', affairs],
      ['retakes', admin],
      ['rereads', admin],
    ] as const) {
      const res = await get(`/api/v1/exports/${kind}`, who);
      expect(res.statusCode, res.body).toBe(200);
      const r = await importOk(kind, res.rawPayload, '', who);
      expect(r).toMatchObject({ inserted: 0, updated: 0 });
      expect(r.unchanged).toBeGreaterThan(0);
      const template = await get(`/api/v1/imports/${kind}/template`, who);
      expect(template.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(template.rawPayload as never);
      const headers = ((wb.worksheets[0]?.getRow(1).values ?? []) as string[]).filter(Boolean);
      if (kind === 'absences') expect(headers).toEqual(expect.arrayContaining(ABSENCE_HEADER.slice(2)));
      if (kind === 'retakes') expect(headers).toEqual(expect.arrayContaining(RETAKE_HEADER.slice(2)));
    }
  });

  it('the record view shows them; the roster readers give the template columns and formats', async () => {
    const [s1] = (await t.db.execute(sql`select id from students where student_no = '1150001'`)).rows as {
      id: string;
    }[];
    const record = (await get(`/api/v1/students/${s1?.id}/record`)).json();
    expect(record.retakes).toEqual([
      expect.objectContaining({ mode: 'retake', courseCode: code(prev), method: 1 }),
    ]);
    expect(record.absences).toEqual([
      expect.objectContaining({ kindCode: '2', periods: 14 }),
      expect.objectContaining({ kindCode: '77', periods: 1 }),
    ]);

    const absences = await absenceRosterRows(t.db, school.id, year, semester);
    expect(absences).toHaveLength(4);
    expect(absences[0]).toEqual({
      身分證號: nid(1),
      出生日期: '0990305',
      缺勤種類代碼: '2',
      缺勤起始日期: `${year}0915`,
      缺勤結束日期: `${year}0916`,
      缺勤節數: 14,
      _studentId: s1?.id,
    });
    expect(await absenceRosterRows(t.db, school.id, year + 1, semester)).toEqual([]);
    const roster6 = await retakeRosterRows(t.db, school.id, year, semester);
    expect(roster6.retake).toEqual([
      expect.objectContaining({
        身分證號: nid(1),
        出生日期: '0990305',
        原修課學年度: prev,
        原修課學期: 2,
        原修課科目代碼: code(prev),
        重修方式: 1,
        重修成績: 72,
        重修及格: '是',
      }),
    ]);
    expect(roster6.reread.map((r) => [r.身分證號, r.原始成績, r.成績及格, r.補考成績, r.補考及格])).toEqual([
      [nid(2), 58, '否', 61, '是'],
      [nid(3), 80, '是', null, null],
    ]);
  });
});
