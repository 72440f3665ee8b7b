/** Imports of people: students (學生資料), staff (教職員), guardians (家長). */
import { academicYearOf, taipeiDateOf } from '../../../domain/calendar.js';
import { GENDERS, STUDENT_STATUSES, type StudentStatus } from '../../../domain/codes.js';
import * as repo from '../../masterdata/masterdata.repo.js';
import { choice, F, integer, schoolDate, text } from '../fields.js';
import { defineKind, type RowProblem } from '../kind.js';
import { indexStudents, type StudentIndex } from './common.js';

const statusChoice = Object.fromEntries(STUDENT_STATUSES.map((s) => [s, s])) as Record<string, StudentStatus>;

interface StudentRow {
  studentNo: string;
  nationalId: string;
  name: string;
  birthDate: string;
  gender: 'M' | 'F' | 'X';
  entryYear: number;
  classId: string | null;
  seatNo: number | null;
  status: StudentStatus;
  statusSince: string | null;
}

export const studentsKind = defineKind<
  { byNationalId: Map<string, string>; classIds: Map<string, string> },
  StudentRow
>({
  kind: 'students',
  roles: ['academicAdmin'],
  title: { 'zh-TW': '學生資料', en: 'Students' },
  fields: [
    { ...F.studentNo, required: true },
    { ...F.nationalId, required: true },
    {
      key: 'name',
      headers: ['姓名', '學生中文姓名', '中文姓名'],
      required: true,
      parse: text(50),
      example: '王小明',
    },
    { ...F.birthDate, required: true },
    { key: 'gender', headers: ['性別'], required: true, parse: choice(GENDERS), example: '男' },
    {
      key: 'entryYear',
      headers: ['入學學年度', '入學年度'],
      required: true,
      parse: integer(100, 200),
      example: '115',
    },
    { key: 'academicYear', headers: ['學年度'], parse: integer(100, 200), example: '115' },
    { key: 'className', headers: ['班級', '班級名稱'], parse: text(60), example: '機械一甲' },
    { key: 'seatNo', headers: ['座號', '班級座號'], parse: integer(0, 99), example: '1' },
    { key: 'status', headers: ['學籍狀態', '狀態'], parse: choice(statusChoice), example: '在學' },
    { key: 'statusSince', headers: ['狀態生效日期', '異動日期'], parse: schoolDate, example: '' },
  ],
  ignoredHeaders: ['組別', '年級', '修業類型', '學生英文姓名', '電子郵件地址', '行動電話號碼', '班級代碼'],
  async prepare(tx, ctx) {
    const refs = await repo.studentRefs(tx, ctx.schoolId);
    return {
      byNationalId: new Map(refs.map((r) => [r.nationalId, r.studentNo])),
      classIds: await repo.classIds(tx, ctx.schoolId),
    };
  },
  validate(v, state, ctx) {
    const problems: RowProblem[] = [];
    const owner = state.byNationalId.get(v.nationalId as string);
    if (owner && owner !== v.studentNo) {
      problems.push({ field: 'nationalId', code: 'DUPLICATE_IN_DATABASE', params: { studentNo: owner } });
    }
    let classId: string | null = null;
    if (v.className) {
      const year =
        (v.academicYear as number | null) ??
        ctx.defaultTerm.academicYear ??
        academicYearOf(taipeiDateOf(ctx.now));
      classId = state.classIds.get(repo.classKey(year, v.className as string)) ?? null;
      if (!classId) problems.push({ field: 'className', code: 'CLASS_NOT_FOUND' });
    }
    if (problems.length > 0) return problems;
    return {
      studentNo: v.studentNo as string,
      nationalId: v.nationalId as string,
      name: v.name as string,
      birthDate: v.birthDate as string,
      gender: v.gender as 'M' | 'F' | 'X',
      entryYear: v.entryYear as number,
      classId,
      seatNo: (v.seatNo as number | null) ?? null,
      status: (v.status as StudentStatus | null) ?? '在學',
      statusSince: (v.statusSince as string | null) ?? null,
    };
  },
  key: (r) => r.studentNo,
  async apply(tx, rows, state, ctx) {
    const counts = await repo.upsertStudents(
      tx,
      rows.map((r) => ({ ...r, schoolId: ctx.schoolId })),
    );
    // Later rows of the same file see earlier ones as taken.
    for (const r of rows) state.byNationalId.set(r.nationalId, r.studentNo);
    await repo.syncStudentAccountsWithStatus(
      tx,
      ctx.schoolId,
      rows.filter((r) => r.status === '轉出' || r.status === '畢業').map((r) => r.studentNo),
    );
    return counts;
  },
});

interface StaffRow {
  staffNo: string;
  name: string;
  department: string | null;
  title: string | null;
  email: string | null;
}

/**
 * local@domain.tld: one @, no spaces, a dot inside the domain, at most 100 characters. The length is
 * checked first and the rest in one pass: the regular expression used before backtracked
 * quadratically, and one 64k-character cell blocked every request for seconds.
 */
export const email = (raw: string) => {
  const at = raw.indexOf('@');
  const valid =
    raw.length <= 100 &&
    at > 0 &&
    at === raw.lastIndexOf('@') &&
    !/\s/.test(raw) &&
    raw.slice(at + 2, -1).includes('.');
  return valid ? ({ ok: true, value: raw } as const) : ({ ok: false, code: 'EMAIL_INVALID' } as const);
};

export const staffKind = defineKind<null, StaffRow>({
  kind: 'staff',
  roles: ['academicAdmin', 'accountAdmin'],
  title: { 'zh-TW': '教職員', en: 'Staff' },
  fields: [
    {
      key: 'staffNo',
      headers: ['員工編號', '教職員編號', '教師員工編號'],
      required: true,
      parse: text(20),
      example: 'T001',
    },
    { key: 'name', headers: ['姓名', '中文姓名'], required: true, parse: text(30), example: '陳雅婷' },
    { key: 'department', headers: ['所屬科別/領域', '科別', '領域'], parse: text(60), example: '國文科' },
    { key: 'title', headers: ['職稱'], parse: text(40), example: '專任教師' },
    { key: 'email', headers: ['電子郵件', '電子郵件地址'], parse: email, example: 't001@example.edu.tw' },
  ],
  ignoredHeaders: ['英文姓名', '通訊地址', '聯絡電話', '身分證字號'],
  prepare: async () => null,
  validate: (v) => ({
    staffNo: v.staffNo as string,
    name: v.name as string,
    department: (v.department as string | null) ?? null,
    title: (v.title as string | null) ?? null,
    email: (v.email as string | null) ?? null,
  }),
  key: (r) => r.staffNo,
  apply: (tx, rows, _s, ctx) =>
    repo.upsertStaff(
      tx,
      rows.map((r) => ({ ...r, schoolId: ctx.schoolId })),
    ),
});

interface GuardianRow {
  studentId: string;
  name: string;
  relation: string;
}

export const guardiansKind = defineKind<StudentIndex, GuardianRow>({
  kind: 'guardians',
  roles: ['academicAdmin', 'accountAdmin'],
  title: { 'zh-TW': '家長', en: 'Parents' },
  fields: [
    { ...F.studentNo, required: true },
    { key: 'name', headers: ['家長姓名', '監護人姓名'], required: true, parse: text(30), example: '王大明' },
    { key: 'relation', headers: ['關係', '稱謂'], parse: text(10), example: '父' },
  ],
  prepare: async (tx, ctx) => indexStudents(await repo.studentRefs(tx, ctx.schoolId)),
  validate(v, idx) {
    const ref = idx.byNo.get(v.studentNo as string);
    if (!ref) return [{ field: 'studentNo', code: 'STUDENT_NOT_FOUND' }];
    return { studentId: ref.id, name: v.name as string, relation: (v.relation as string | null) ?? '家長' };
  },
  key: (r) => `${r.studentId}:${r.name}`,
  apply: (tx, rows, _s, ctx) =>
    repo.upsertGuardians(
      tx,
      rows.map((r) => ({ ...r, schoolId: ctx.schoolId })),
    ),
});
