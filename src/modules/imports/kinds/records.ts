/** Imports of per-student records: enrollments (修課), semester grades (成績名冊), school cadre records. */
import { type CodeTables, enabledCodes, isValidCode } from '../../../domain/code-tables.js';
import { codeTables } from '../../codes/codes.repo.js';
import * as repo from '../../masterdata/masterdata.repo.js';
import { F, integer, schoolDate, score, text, yesNo } from '../fields.js';
import { defineKind, type RowProblem } from '../kind.js';
import { indexStudents, resolveStudent, resolveTerm, type StudentIndex } from './common.js';

interface Lookups {
  students: StudentIndex;
  terms: Map<string, string>;
  courses: Map<string, string>;
}

async function loadLookups(tx: Parameters<typeof repo.termIds>[0], schoolId: string): Promise<Lookups> {
  // Sequential: queries on one transaction's connection cannot overlap.
  const refs = await repo.studentRefs(tx, schoolId);
  const terms = await repo.termIds(tx, schoolId);
  const courses = await repo.courseIds(tx, schoolId);
  return { students: indexStudents(refs), terms, courses };
}

/** Student + course of a row; shared by enrollments and grades. */
function resolveStudentCourse(
  v: Record<string, unknown>,
  l: Lookups,
  ctx: Parameters<typeof resolveTerm>[2],
): { studentId: string; courseId: string } | RowProblem[] {
  const student = resolveStudent(v, l.students);
  if (Array.isArray(student)) return student;
  const term = resolveTerm(v, l.terms, ctx);
  if (Array.isArray(term)) return term;
  const courseId = l.courses.get(repo.courseKey(term.termId, v.courseCode as string));
  if (!courseId) return [{ field: 'courseCode', code: 'COURSE_NOT_FOUND' }];
  return { studentId: student.id, courseId };
}

const studentKeyFields = [F.studentNo, F.nationalId, F.birthDate];
const studentKeyGroups = [['studentNo'], ['nationalId']];

export const enrollmentsKind = defineKind<Lookups, { studentId: string; courseId: string }>({
  kind: 'enrollments',
  roles: ['academicAdmin'],
  title: { 'zh-TW': '修課（選課）', en: 'Enrolments' },
  fields: [F.academicYear, F.semester, ...studentKeyFields, { ...F.courseCode, required: true }],
  anyOf: studentKeyGroups,
  ignoredHeaders: ['開課班級名稱', '開課序號', '課程中文名稱', '科目名稱'],
  prepare: (tx, ctx) => loadLookups(tx, ctx.schoolId),
  validate: resolveStudentCourse,
  key: (r) => `${r.courseId}:${r.studentId}`,
  apply: (tx, rows, _s, ctx) =>
    repo.upsertEnrollments(
      tx,
      rows.map((r) => ({ ...r, schoolId: ctx.schoolId })),
    ),
});

interface GradeRow {
  studentId: string;
  courseId: string;
  rawScore: string | null;
  passed: boolean | null;
  makeupScore: string | null;
  makeupPassed: boolean | null;
  creditCounted: boolean;
  qualitative: string | null;
}

/** 學期成績 as in the 成績名冊 template; a grade implies the enrolment, which is recorded too. */
export const gradesKind = defineKind<Lookups, GradeRow>({
  kind: 'grades',
  roles: ['academicAdmin'],
  title: { 'zh-TW': '學期成績', en: 'Semester grades' },
  fields: [
    F.academicYear,
    F.semester,
    ...studentKeyFields,
    { ...F.courseCode, required: true },
    { key: 'rawScore', headers: ['原始成績'], parse: score, example: '86' },
    { key: 'passed', headers: ['成績及格'], parse: yesNo, example: '是' },
    { key: 'makeupScore', headers: ['補考成績'], parse: score, example: '' },
    { key: 'makeupPassed', headers: ['補考及格'], parse: yesNo, example: '' },
    { key: 'creditCounted', headers: ['是否採計學分'], parse: yesNo, example: '是' },
    { key: 'qualitative', headers: ['質性描述'], parse: text(500), example: '' },
  ],
  anyOf: studentKeyGroups,
  ignoredHeaders: ['開課年級', '科目學分'],
  prepare: (tx, ctx) => loadLookups(tx, ctx.schoolId),
  validate(v, l, ctx) {
    const sc = resolveStudentCourse(v, l, ctx);
    if (Array.isArray(sc)) return sc;
    const raw = (v.rawScore as string | null) ?? null;
    return {
      ...sc,
      rawScore: raw,
      // 成績及格 defaults to the usual pass mark of 60 when the SIS leaves it out.
      passed: (v.passed as boolean | null) ?? (raw === null ? null : Number(raw) >= 60),
      makeupScore: (v.makeupScore as string | null) ?? null,
      makeupPassed: (v.makeupPassed as boolean | null) ?? null,
      creditCounted: (v.creditCounted as boolean | null) ?? true,
      qualitative: (v.qualitative as string | null) ?? null,
    };
  },
  key: (r) => `${r.courseId}:${r.studentId}`,
  async apply(tx, rows, _s, ctx) {
    await repo.upsertEnrollments(
      tx,
      rows.map((r) => ({ courseId: r.courseId, studentId: r.studentId, schoolId: ctx.schoolId })),
    );
    return repo.upsertGrades(
      tx,
      rows.map((r) => ({ ...r, schoolId: ctx.schoolId })),
    );
  },
});

interface CadreRow {
  studentId: string;
  academicYear: number;
  semester: number;
  unit: string;
  startsOn: string;
  endsOn: string | null;
  position: string;
  level: number;
}

/** 校內幹部經歷 as in the school's 校內幹部匯入範本 (學號) or the 名冊 (身分證號 + 出生日期). */
export const cadreKind = defineKind<Lookups & { codes: CodeTables }, CadreRow>({
  kind: 'cadre',
  roles: ['studentAffairs'],
  title: { 'zh-TW': '校內幹部經歷', en: 'School cadre records' },
  fields: [
    F.academicYear,
    F.semester,
    ...studentKeyFields,
    { key: 'unit', headers: ['單位名稱'], required: true, parse: text(60), example: '熱舞社' },
    { key: 'startsOn', headers: ['開始日期'], required: true, parse: schoolDate, example: '1150907' },
    { key: 'endsOn', headers: ['結束日期'], parse: schoolDate, example: '1160131' },
    { key: 'position', headers: ['擔任職務'], required: true, parse: text(30), example: '社長' },
    {
      key: 'level',
      headers: ['幹部等級'],
      required: true,
      parse: integer(1, 99),
      example: '3',
    },
  ],
  anyOf: studentKeyGroups,
  prepare: async (tx, ctx) => ({
    ...(await loadLookups(tx, ctx.schoolId)),
    codes: await codeTables(tx, ctx.schoolId),
  }),
  validate(v, l, ctx) {
    const student = resolveStudent(v, l.students);
    if (Array.isArray(student)) return student;
    // 幹部等級 from the code table: the official 1–5 and the school's own enabled levels.
    if (!isValidCode(l.codes, 'cadreLevel', String(v.level)))
      return [
        {
          field: 'level',
          code: 'CODE_UNKNOWN',
          params: { table: '幹部等級', codes: enabledCodes(l.codes, 'cadreLevel').join('/') },
        },
      ];
    const academicYear = (v.academicYear as number | null) ?? ctx.defaultTerm.academicYear;
    const semester = (v.semester as number | null) ?? ctx.defaultTerm.semester;
    if (!academicYear || !semester) return [{ field: 'academicYear', code: 'TERM_MISSING' }];
    const endsOn = (v.endsOn as string | null) ?? null;
    if (endsOn && endsOn < (v.startsOn as string)) return [{ field: 'endsOn', code: 'DATE_RANGE' }];
    return {
      studentId: student.id,
      academicYear,
      semester,
      unit: v.unit as string,
      startsOn: v.startsOn as string,
      endsOn,
      position: v.position as string,
      level: v.level as number,
    };
  },
  key: (r) => `${r.studentId}:${r.academicYear}${r.semester}:${r.unit}:${r.position}`,
  apply: (tx, rows, _s, ctx) =>
    repo.upsertCadreRecords(
      tx,
      rows.map((r) => ({ ...r, schoolId: ctx.schoolId })),
    ),
});
