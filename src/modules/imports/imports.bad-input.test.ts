import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { students } from '../../db/schema/index.js';
import { createTestApp } from '../../server/test-app.js';
import { CODE_A, CODE_B, importTestContext, nid, STUDENT_HEADER, student } from './imports.test-helpers.js';
import { email } from './kinds/people.js';
import { csvFile, xlsxFile } from './test-files.js';

const t = await createTestApp();
afterAll(() => t.app.close());

const { school, count, upload, commit, importOk } = await importTestContext(t);

// The rows these cases refer to (students 1–3, term 115-1, courses A/B) are set up first.
beforeAll(async () => {
  await importOk('staff', await xlsxFile(['員工編號', '姓名'], [['T001', '陳老師']]));
  await importOk(
    'classes',
    await xlsxFile(['學年度', '年級', '科別', '班級名稱'], [[115, 10, '機械科', '機械一甲']]),
  );
  await importOk('students', await xlsxFile(STUDENT_HEADER, [student(1), student(2), student(3)]));
  await importOk(
    'courses',
    await xlsxFile(
      ['學年度', '學期', '科目代碼', '科目名稱', '學分數', '開課年級'],
      [
        [115, 1, CODE_A, '機件原理Ⅰ', 2, 10],
        [115, 1, CODE_B, '機械製造Ⅰ', 2, 10],
      ],
    ),
  );
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

  it('a 64k-character e-mail cell is refused at once (the old pattern backtracked for seconds)', async () => {
    const cell = `a@${'.'.repeat(64_000)}@`;
    const began = performance.now();
    expect(email(cell)).toMatchObject({ ok: false, code: 'EMAIL_INVALID' });
    expect(performance.now() - began).toBeLessThan(50);
    for (const good of ['t001@example.edu.tw', 'a.b@c.d']) expect(email(good).ok).toBe(true);
    for (const bad of ['a@b', '@b.c', 'a@.c', 'a@b.', 'a b@c.d', 'a@b@c.d', `${'a'.repeat(96)}@b.tw`])
      expect(email(bad).ok, bad).toBe(false);
    const problems = await problemsOf(
      'staff',
      csvFile(['員工編號', '姓名', '電子郵件'], [['T030', '王', cell]], 'utf-8'),
    );
    expect(problems.map((p) => [p.row, p.column, p.code])).toEqual([[2, '電子郵件', 'EMAIL_INVALID']]);
  });

  it('Big5 造字 (user-defined areas) are row problems naming the column, never other characters', async () => {
    const big5 = (s: string) => iconv.encode(s, 'big5');
    const row = (no: string, name: Buffer) => Buffer.concat([big5(`${no},`), name, big5('\r\n')]);
    const file = Buffer.concat([
      big5('員工編號,姓名\r\n'),
      row('T040', Buffer.concat([big5('王'), Buffer.from([0xfa, 0x40]), big5('明')])),
      row('T041', Buffer.concat([big5('李'), Buffer.from([0xfe, 0xfe])])),
      row('T042', Buffer.concat([Buffer.from([0x8e, 0x69]), big5('華')])),
      row('T043', Buffer.concat([big5('陳'), Buffer.from([0xc6, 0xa1])])),
      row('T044', big5('林小明')),
    ]);
    const problems = await problemsOf('staff', file);
    expect(problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [2, '姓名', 'PRIVATE_USE_CHARACTER'],
      [3, '姓名', 'PRIVATE_USE_CHARACTER'],
      [4, '姓名', 'PRIVATE_USE_CHARACTER'],
      [5, '姓名', 'PRIVATE_USE_CHARACTER'],
    ]);
    expect(problems[0]?.message).toContain('Big5 FA40');
    expect(problems[1]?.message).toContain('Big5 FEFE');
    expect(problems[2]?.message).toContain('Big5 8E69');
    // Never the HKSCS characters these bytes would otherwise have become.
    for (const p of problems) expect(p.value).not.toMatch(/[𠕇秔箸①]/u);
    // The same character typed in Excel with a Windows end-user-defined font.
    const xlsx = await xlsxFile(['員工編號', '姓名'], [['T045', '王\ue000明']]);
    const fromXlsx = await problemsOf('staff', xlsx);
    expect(fromXlsx.map((p) => [p.column, p.code])).toEqual([['姓名', 'PRIVATE_USE_CHARACTER']]);
    expect(fromXlsx[0]?.message).toContain('U+E000 (Big5 FA40)');
  });

  it('a CSV with a title line above the header says which row it read as the header', async () => {
    const file = csvFile(
      ['115學年度教職員名冊'],
      [
        ['員工編號', '姓名'],
        ['T050', '王老師'],
      ],
      'utf-8',
    );
    const res = await upload('staff', file);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('IMPORT_NO_TABLE');
    expect(res.json().message).toContain('第 1 列是「115學年度教職員名冊」');
  });
});
