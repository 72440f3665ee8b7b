/**
 * A small but complete school for integration tests (tests only): staff with every school role, one
 * class of the current academic year with its homeroom teacher, three students (the first with an
 * account and a parent account), one course of the current term taught by the teacher, and open
 * upload / certification / performance windows. Built through the import engine and account
 * provisioning, the same code paths as a real school's SIS files. Usernames are `<prefix>-<role>`.
 */
import { sql } from 'drizzle-orm';
import { taipeiDateOf, termOf, termRange, toIsoDate } from '../domain/calendar.js';
import { withCheckDigit } from '../domain/national-id.js';
import type { Role } from '../domain/roles.js';
import { replaceRoles } from '../modules/accounts/accounts.repo.js';
import { provisionAccounts } from '../modules/accounts/provisioning.service.js';
import { hashPassword } from '../modules/auth/password.js';
import { runImport } from '../modules/imports/engine.js';
import { importKind } from '../modules/imports/kinds/index.js';
import { buildWorkbook } from '../modules/imports/xlsx.js';
import { insertSchool } from '../modules/schools/schools.repo.js';
import { upsertWindow } from '../modules/windows/windows.repo.js';
import type { createTestApp } from './test-app.js';
import { TEST_PASSWORD } from './test-app.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** Staff of the school: staff number, role set; the key is the username suffix. */
const STAFF: Record<string, { no: string; roles: Role[] }> = {
  teacher: { no: 'T01', roles: ['teacher'] },
  homeroom: { no: 'T02', roles: ['teacher', 'homeroom'] },
  substitute: { no: 'T03', roles: ['teacher', 'substitute'] },
  academic: { no: 'A01', roles: ['academicAdmin'] },
  affairs: { no: 'A02', roles: ['studentAffairs'] },
  counselor: { no: 'A03', roles: ['counselor'] },
  accounts: { no: 'A04', roles: ['accountAdmin'] },
};

export interface TestSchool {
  school: { id: string; code: string };
  /** Username by role key: teacher, homeroom, substitute, academic, affairs, counselor, accounts, student, parent. */
  usernames: Record<string, string>;
  userIds: Record<string, string>;
  termId: string;
  academicYear: number;
  classId: string;
  courseId: string;
  /** Student ids in seat order; the first has the student account. */
  studentIds: string[];
  studentNos: string[];
}

/** Builds the school; `code` is a 6-digit school code, `serial` keeps national IDs apart between schools. */
export async function makeTestSchool(t: TestApp, code: string, serial: number): Promise<TestSchool> {
  const prefix = `s${code}`;
  const term = termOf(taipeiDateOf(new Date()));
  const year = term.academicYear;
  const hash = await hashPassword(TEST_PASSWORD);
  return t.db.transaction(async (tx) => {
    const school = await insertSchool(tx, { code, name: `測試高中${code}` });
    const sheet = async (kind: string, header: string[], rows: unknown[][]) => {
      const def = importKind(kind);
      if (!def) throw new Error(kind);
      const buffer = await buildWorkbook([{ name: kind, header, rows }]);
      const report = await runImport(tx, { kind: def, buffer, schoolId: school.id, commit: true });
      if (!report.committed) throw new Error(`${kind}: ${JSON.stringify(report.problems.slice(0, 3))}`);
    };
    await sheet(
      'staff',
      ['員工編號', '姓名', '職稱'],
      Object.entries(STAFF).map(([key, s]) => [s.no, `${key}${code}`, key]),
    );
    await sheet(
      'classes',
      ['學年度', '年級', '科別', '班級名稱', '導師員工編號'],
      [[year, 10, '普通科', '一年一班', STAFF.homeroom?.no]],
    );
    const studentNos = [1, 2, 3].map((i) => `${year}${serial}${i}`);
    await sheet(
      'students',
      ['學號', '身分證號', '姓名', '出生日期', '性別', '入學學年度', '學年度', '班級', '座號'],
      studentNos.map((no, i) => [
        no,
        withCheckDigit(`A1${String(serial * 100 + i).padStart(7, '0')}`),
        `學生${code}-${i + 1}`,
        `${String(year - 16).padStart(3, '0')}0305`,
        '男',
        year,
        year,
        '一年一班',
        i + 1,
      ]),
    );
    await sheet('guardians', ['學號', '家長姓名', '關係'], [[studentNos[0], `家長${code}`, '母']]);
    // entry year + school code + type 1 + group 11 + dept 101 + class group 0 + 部定必修 + mode 1 + 一般 + domain 01 + serial 11
    const courseCode = `${year}${code}1111010111${'01'}11`;
    await sheet(
      'courses',
      ['學年度', '學期', '科目代碼', '科目名稱', '學分數', '開課年級', '授課教師員工編號'],
      [[year, term.semester, courseCode, '國語文', 2, 10, STAFF.teacher?.no]],
    );
    await sheet(
      'enrollments',
      ['學年度', '學期', '學號', '科目代碼'],
      studentNos.map((no) => [year, term.semester, no, courseCode]),
    );
    const shared = { password: TEST_PASSWORD, hash, mustChangePassword: false };
    const staffName = new Map(Object.entries(STAFF).map(([key, s]) => [s.no, `${prefix}-${key}`]));
    const staffSlips = await provisionAccounts(tx, school, 'staff', {
      shared,
      usernameOf: ({ number }) => staffName.get(number),
    });
    for (const slip of staffSlips) {
      const key = slip.username.slice(prefix.length + 1);
      await replaceRoles(tx, slip.userId, STAFF[key]?.roles ?? []);
    }
    const studentSlips = await provisionAccounts(tx, school, 'students', {
      shared,
      usernameOf: ({ number }) => (number === studentNos[0] ? `${prefix}-student` : undefined),
    });
    const parentSlips = await provisionAccounts(tx, school, 'guardians', {
      shared,
      usernameOf: () => `${prefix}-parent`,
    });
    const usernames: Record<string, string> = {};
    const userIds: Record<string, string> = {};
    for (const slip of [...staffSlips, ...studentSlips, ...parentSlips]) {
      if (!slip.username.startsWith(`${prefix}-`)) continue;
      const key = slip.username.slice(prefix.length + 1);
      usernames[key] = slip.username;
      userIds[key] = slip.userId;
    }
    const one = async (query: ReturnType<typeof sql>) =>
      ((await tx.execute(query)).rows as { id: string }[]).map((r) => r.id);
    const [termId] = await one(
      sql`select id from terms where school_id = ${school.id} and academic_year = ${year} and semester = ${term.semester}`,
    );
    const [classId] = await one(sql`select id from classes where school_id = ${school.id}`);
    const [courseId] = await one(sql`select id from courses where school_id = ${school.id}`);
    const studentIds = await one(
      sql`select id from students where school_id = ${school.id} order by seat_no`,
    );
    const range = termRange(term);
    const opensAt = new Date(`${toIsoDate(range.start)}T00:00:00+08:00`);
    const closesAt = new Date(Date.now() + 30 * 86_400_000);
    for (const kind of ['upload', 'certification'] as const) {
      await upsertWindow(tx, {
        schoolId: school.id,
        termId: termId as string,
        academicYear: year,
        kind,
        opensAt,
        closesAt,
      });
    }
    await upsertWindow(tx, {
      schoolId: school.id,
      kind: 'performance',
      academicYear: year,
      opensAt,
      closesAt,
    });
    return {
      school,
      usernames,
      userIds,
      termId: termId as string,
      academicYear: year,
      classId: classId as string,
      courseId: courseId as string,
      studentIds,
      studentNos,
    };
  });
}
