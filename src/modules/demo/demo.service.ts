import type { Db, Tx } from '../../db/client.js';
import { taipeiDateOf, toRocDate } from '../../domain/calendar.js';
import { insertUsers, replaceRoles } from '../accounts/accounts.repo.js';
import { provisionAccounts } from '../accounts/provisioning.service.js';
import { hashPassword } from '../auth/password.js';
import { insertAssignment } from '../counselling/assignments.repo.js';
import { runImport } from '../imports/engine.js';
import { importKind } from '../imports/kinds/index.js';
import { buildWorkbook } from '../imports/xlsx.js';
import { countSchools, insertSchool, termsOf } from '../schools/schools.repo.js';
import { upsertWindow } from '../windows/windows.repo.js';
import {
  DEMO_PASSWORD,
  DEMO_SCHOOL,
  DEMO_STAFF,
  type DemoClass,
  demoCadreDates,
  demoClasses,
  demoCourses,
  demoCurrentTerm,
  demoParents,
  demoStudents,
  demoWindows,
} from './demo.data.js';
import { demoIds, lockSeeding } from './demo.repo.js';

export type SeedResult =
  | { seeded: false; reason: 'not-empty' }
  | { seeded: true; students: number; courses: number };

/** Imports one generated workbook through the same engine as the web and CLI imports. */
async function importSheet(tx: Tx, schoolId: string, kind: string, header: string[], rows: unknown[][]) {
  const def = importKind(kind);
  if (!def) throw new Error(`unknown import kind ${kind}`);
  const buffer = await buildWorkbook([{ name: kind, header, rows }]);
  const report = await runImport(tx, { kind: def, buffer, schoolId, commit: true });
  if (!report.committed) {
    throw new Error(`demo ${kind} import failed: ${JSON.stringify(report.problems.slice(0, 3))}`);
  }
}

/**
 * 教務處 (demo-academic) assigns demo-counselor to the demo student's class, so the demo shows
 * counselling records and the counsellor's read access working (both follow assignments).
 */
async function assignDemoCounsellor(tx: Tx, schoolId: string, classes: DemoClass[]) {
  const ids = await demoIds(tx, schoolId);
  const className = classes.find((c) => c.key === 'g11')?.name ?? '';
  const counselorUserId = ids.user.get('demo-counselor');
  const assignedBy = ids.user.get('demo-academic');
  const classId = ids.class.get(className);
  if (!counselorUserId || !assignedBy || !classId) return;
  await insertAssignment(tx, { schoolId, counselorUserId, classId, assignedBy });
}

/**
 * Seeds the fictional demo school in one transaction, through the import engine (the same code path as
 * a real school's SIS files) and account provisioning. Refuses (not-empty) when any school exists.
 * The school is generated for the Taiwan date of `now` (default: the system clock): its current term
 * is that day's term, with windows open around it.
 */
export async function seedDemoSchool(db: Db, opts: { now?: Date } = {}): Promise<SeedResult> {
  const today = taipeiDateOf(opts.now ?? new Date());
  const current = demoCurrentTerm(today);
  const classes = demoClasses(current);
  // One hash for all demo accounts: they share one documented password, and argon2 is slow on purpose.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    await lockSeeding(tx);
    if ((await countSchools(tx)) > 0) return { seeded: false, reason: 'not-empty' } as const;
    const school = await insertSchool(tx, { code: DEMO_SCHOOL.code, name: DEMO_SCHOOL.name });
    const staffNoOf = new Map(
      DEMO_STAFF.flatMap((u) => (u.staffNo ? [[u.username, u.staffNo] as const] : [])),
    );
    const students = demoStudents(current);
    const courses = demoCourses(current);
    const year = current.academicYear;

    await importSheet(
      tx,
      school.id,
      'staff',
      ['員工編號', '姓名', '職稱'],
      DEMO_STAFF.filter((u) => u.staffNo).map((u) => [u.staffNo, u.displayName, u.title]),
    );
    await importSheet(
      tx,
      school.id,
      'classes',
      ['學年度', '年級', '科別', '班級名稱', '導師員工編號'],
      classes.map((c) => [year, c.grade, c.department, c.name, staffNoOf.get(c.homeroom)]),
    );
    const className = new Map(classes.map((c) => [c.key, c.name]));
    await importSheet(
      tx,
      school.id,
      'students',
      ['學號', '身分證號', '姓名', '出生日期', '性別', '入學學年度', '學年度', '班級', '座號'],
      students.map((s) => [
        s.studentNo,
        s.nationalId,
        s.name,
        s.birthDate,
        s.gender === 'M' ? '男' : '女',
        s.entryYear,
        year,
        className.get(s.classKey),
        s.seatNo,
      ]),
    );
    const parents = demoParents(students);
    await importSheet(
      tx,
      school.id,
      'guardians',
      ['學號', '家長姓名', '關係'],
      parents.map((p) => [p.studentNo, p.name, p.relation]),
    );
    await importSheet(
      tx,
      school.id,
      'courses',
      ['學年度', '學期', '科目代碼', '科目名稱', '學分數', '開課年級', '授課教師員工編號'],
      courses.map((c) => [
        c.term.academicYear,
        c.term.semester,
        c.code,
        c.name,
        c.credits,
        c.grade,
        staffNoOf.get(c.teacher),
      ]),
    );
    const byClass = (key: string) => students.filter((s) => s.classKey === key);
    await importSheet(
      tx,
      school.id,
      'enrollments',
      ['學年度', '學期', '學號', '科目代碼'],
      courses.flatMap((c) =>
        byClass(c.classKey).map((s) => [c.term.academicYear, c.term.semester, s.studentNo, c.code]),
      ),
    );
    // Grades of finished terms: a deterministic spread of scores.
    const past = courses.filter((c) => c.term.academicYear < year || c.term.semester < current.semester);
    await importSheet(
      tx,
      school.id,
      'grades',
      ['學年度', '學期', '學號', '科目代碼', '原始成績', '是否採計學分'],
      past.flatMap((c) =>
        byClass(c.classKey).map((s, i) => [
          c.term.academicYear,
          c.term.semester,
          s.studentNo,
          c.code,
          String(52 + ((i * 37 + c.code.charCodeAt(22) * 11) % 47)),
          '是',
        ]),
      ),
    );
    await importSheet(
      tx,
      school.id,
      'cadre',
      ['學年度', '學期', '學號', '單位名稱', '開始日期', '結束日期', '擔任職務', '幹部等級'],
      classes.flatMap((c) => {
        const [first, second] = byClass(c.key);
        const cadre = demoCadreDates(current, today);
        const [from, to] = [toRocDate(cadre.startsOn), toRocDate(cadre.endsOn)];
        return [
          [year, 1, first?.studentNo, c.name, from, to, '班長', 2],
          [year, 1, second?.studentNo, '熱舞社', from, '', '社長', 3],
        ];
      }),
    );

    // This term's windows, open around today so the demo can be tried at once (demoWindows).
    const [row] = await termsOf(tx, school.id, current);
    if (!row) throw new Error('demo: the current term was not imported');
    const windows = demoWindows(current, today);
    const termScope = { schoolId: school.id, termId: row.id, academicYear: year };
    await upsertWindow(tx, {
      ...termScope,
      kind: 'upload',
      ...windows.upload,
      closingCeremony: windows.closingCeremony,
    });
    await upsertWindow(tx, { ...termScope, kind: 'certification', ...windows.certification });
    const yearScope = { schoolId: school.id, academicYear: year };
    await upsertWindow(tx, { ...yearScope, kind: 'performance', ...windows.performance });
    await upsertWindow(tx, { ...yearScope, kind: 'selection', ...windows.selection });

    // Accounts, through provisioning with the demo names and the one shared password.
    const shared = { password: DEMO_PASSWORD, hash: passwordHash, mustChangePassword: false };
    const staffUsername = new Map(
      DEMO_STAFF.flatMap((u) => (u.staffNo ? [[u.staffNo, u.username] as const] : [])),
    );
    const studentUsername = new Map(
      students.flatMap((s) => (s.username ? [[s.studentNo, s.username] as const] : [])),
    );
    const parentUsername = new Map(
      parents.flatMap((p) => (p.username ? [[p.studentNo, p.username] as const] : [])),
    );
    const schoolRef = { id: school.id, code: school.code };
    const staffSlips = await provisionAccounts(tx, schoolRef, 'staff', {
      shared,
      usernameOf: ({ number }) => staffUsername.get(number),
    });
    await provisionAccounts(tx, schoolRef, 'students', {
      shared,
      usernameOf: ({ number }) => studentUsername.get(number),
    });
    await provisionAccounts(tx, schoolRef, 'guardians', {
      shared,
      usernameOf: ({ number }) => parentUsername.get(number),
    });
    // Office roles come from DEMO_STAFF (provisioning gives staff teacher/homeroom by default).
    await insertUsers(
      tx,
      DEMO_STAFF.filter((u) => !u.staffNo).map((u) => ({
        schoolId: null,
        username: u.username,
        displayName: u.displayName,
        passwordHash,
        mustChangePassword: false,
        roles: u.roles,
      })),
    );
    for (const slip of staffSlips) {
      const demo = DEMO_STAFF.find((u) => u.username === slip.username);
      if (demo) await replaceRoles(tx, slip.userId, demo.roles);
    }
    await assignDemoCounsellor(tx, school.id, classes);
    return { seeded: true, students: students.length, courses: courses.length } as const;
  });
}
