/**
 * Imports of the records of 名冊別 3 (缺勤紀錄) and 6 (重修重讀成績), with the columns of the official
 * templates so a school's roster export imports directly (students by 身分證號 + 出生日期, the term from
 * the 封面 sheet), or by 學號 with 學年度/學期 columns as SIS exports have them.
 */
import { type CodeTables, enabledCodes, isValidCode, RETAKE_METHODS } from '../../../domain/code-tables.js';
import { codeTables } from '../../codes/codes.repo.js';
import * as repo from '../../masterdata/masterdata.repo.js';
import { upsertAbsences, upsertRetakeGrades } from '../../masterdata/school-records.repo.js';
import { choice, courseCode, F, gradeLevel, integer, schoolDate, score, text, yesNo } from '../fields.js';
import { defineKind, type ImportContext, type RowProblem } from '../kind.js';
import { indexStudents, resolveStudent, type StudentIndex } from './common.js';

interface Lookups {
  students: StudentIndex;
  codes: CodeTables;
}

async function loadLookups(tx: Parameters<typeof repo.studentRefs>[0], schoolId: string): Promise<Lookups> {
  const refs = await repo.studentRefs(tx, schoolId);
  return { students: indexStudents(refs), codes: await codeTables(tx, schoolId) };
}

const studentKeyFields = [F.studentNo, F.nationalId, F.birthDate];
const studentKeyGroups = [['studentNo'], ['nationalId']];

/** The roster's term: the row's 學年度/學期, else the cover sheet or the import options. */
function rosterTerm(v: Record<string, unknown>, ctx: ImportContext) {
  const academicYear = (v.academicYear as number | null) ?? ctx.defaultTerm.academicYear;
  const semester = (v.semester as number | null) ?? ctx.defaultTerm.semester;
  if (!academicYear || !semester) return [{ field: 'academicYear', code: 'TERM_MISSING' }] as RowProblem[];
  return { academicYear, semester };
}

interface AbsenceRow {
  studentId: string;
  academicYear: number;
  semester: number;
  kindCode: string;
  startsOn: string;
  endsOn: string;
  periods: number;
}

/** 缺勤紀錄 (名冊別 3): 缺勤種類代碼 from the code table (platform + school codes). */
export const absencesKind = defineKind<Lookups, AbsenceRow>({
  kind: 'absences',
  roles: ['studentAffairs', 'academicAdmin'],
  title: { 'zh-TW': '缺勤紀錄', en: 'Absence records' },
  fields: [
    F.academicYear,
    F.semester,
    ...studentKeyFields,
    {
      key: 'kindCode',
      headers: ['缺勤種類代碼', '缺勤種類', '假別代碼'],
      required: true,
      parse: text(4),
      example: '2',
    },
    {
      key: 'startsOn',
      headers: ['缺勤起始日期', '起始日期'],
      required: true,
      parse: schoolDate,
      example: '1150915',
    },
    { key: 'endsOn', headers: ['缺勤結束日期', '結束日期'], parse: schoolDate, example: '1150916' },
    { key: 'periods', headers: ['缺勤節數', '節數'], required: true, parse: integer(0, 999), example: '7' },
  ],
  identifyBy: ['kindCode'],
  anyOf: studentKeyGroups,
  prepare: (tx, ctx) => loadLookups(tx, ctx.schoolId),
  validate(v, l, ctx) {
    const student = resolveStudent(v, l.students);
    if (Array.isArray(student)) return student;
    const term = rosterTerm(v, ctx);
    if (Array.isArray(term)) return term;
    const kindCode = String(v.kindCode).toUpperCase();
    if (!isValidCode(l.codes, 'absenceKind', kindCode))
      return [
        {
          field: 'kindCode',
          code: 'CODE_UNKNOWN',
          params: { table: '缺勤種類代碼', codes: enabledCodes(l.codes, 'absenceKind').join('/') },
        },
      ];
    const startsOn = v.startsOn as string;
    const endsOn = (v.endsOn as string | null) ?? startsOn;
    if (endsOn < startsOn) return [{ field: 'endsOn', code: 'DATE_RANGE' }];
    return { studentId: student.id, ...term, kindCode, startsOn, endsOn, periods: v.periods as number };
  },
  key: (r) => `${r.studentId}:${r.academicYear}${r.semester}:${r.kindCode}:${r.startsOn}`,
  apply: (tx, rows, _s, ctx) =>
    upsertAbsences(
      tx,
      rows.map((r) => ({ ...r, schoolId: ctx.schoolId })),
    ),
});

interface RetakeRow {
  studentId: string;
  academicYear: number;
  semester: number;
  mode: 'retake' | 'reread';
  courseYear: number;
  courseSemester: number;
  courseCode: string;
  courseGrade: number;
  credits: number;
  method: number | null;
  score: string | null;
  passed: boolean | null;
  makeupScore: string | null;
  makeupPassed: boolean | null;
  creditCounted: boolean | null;
  qualitative: string | null;
}

const common = {
  anyOf: studentKeyGroups,
  prepare: (tx: Parameters<typeof loadLookups>[0], ctx: ImportContext) => loadLookups(tx, ctx.schoolId),
  key: (r: RetakeRow) =>
    `${r.studentId}:${r.academicYear}${r.semester}:${r.mode}:${r.courseYear}${r.courseSemester}:${r.courseCode}`,
  apply: (tx: Parameters<typeof loadLookups>[0], rows: RetakeRow[], _s: Lookups, ctx: ImportContext) =>
    upsertRetakeGrades(
      tx,
      rows.map((r) => ({ ...r, schoolId: ctx.schoolId })),
    ),
};

/** Student, roster term and the common course columns of both sheets. */
function baseRow(v: Record<string, unknown>, l: Lookups, ctx: ImportContext, mode: RetakeRow['mode']) {
  const student = resolveStudent(v, l.students);
  if (Array.isArray(student)) return student;
  const term = rosterTerm(v, ctx);
  if (Array.isArray(term)) return term;
  const courseYear = v.courseYear as number;
  const courseSemester = v.courseSemester as number;
  // The original course was taken before (or, re-read, at the latest in) the roster's term.
  if (courseYear * 10 + courseSemester > term.academicYear * 10 + term.semester)
    return [
      {
        field: 'courseYear',
        code: 'TERM_UNKNOWN',
        params: { term: `${courseYear}${courseSemester}` },
      },
    ] as RowProblem[];
  return {
    studentId: student.id,
    ...term,
    mode,
    courseYear,
    courseSemester,
    courseCode: v.courseCode as string,
    courseGrade: v.courseGrade as number,
    credits: v.credits as number,
    qualitative: (v.qualitative as string | null) ?? null,
  };
}

const qualitative = { key: 'qualitative', headers: ['質性描述'], parse: text(500), example: '' };

/** 重修成績 (名冊別 6, first sheet): a failed course taken again. */
export const retakesKind = defineKind<Lookups, RetakeRow>({
  kind: 'retakes',
  roles: ['academicAdmin'],
  title: { 'zh-TW': '重修成績', en: 'Retake grades' },
  fields: [
    F.academicYear,
    F.semester,
    ...studentKeyFields,
    { key: 'courseYear', headers: ['原修課學年度'], required: true, parse: integer(90, 200), example: '114' },
    { key: 'courseSemester', headers: ['原修課學期'], required: true, parse: integer(1, 2), example: '2' },
    {
      key: 'courseCode',
      headers: ['原修課科目代碼'],
      required: true,
      parse: courseCode,
      example: '114999301321301011B1011',
    },
    { key: 'courseGrade', headers: ['原修課開課年級'], required: true, parse: gradeLevel, example: '10' },
    { key: 'credits', headers: ['原修課科目學分'], required: true, parse: integer(0, 30), example: '2' },
    { key: 'method', headers: ['重修方式'], required: true, parse: choice(methodValues()), example: '1' },
    { key: 'score', headers: ['重修成績'], parse: score, example: '72' },
    { key: 'passed', headers: ['重修及格'], parse: yesNo, example: '是' },
    qualitative,
  ],
  identifyBy: ['courseCode', 'method'],
  ...common,
  validate(v, l, ctx) {
    const base = baseRow(v, l, ctx, 'retake');
    if (Array.isArray(base)) return base;
    const raw = (v.score as string | null) ?? null;
    return {
      ...base,
      method: v.method as number,
      score: raw,
      passed: (v.passed as boolean | null) ?? (raw === null ? null : Number(raw) >= 60),
      makeupScore: null,
      makeupPassed: null,
      creditCounted: null,
    };
  },
});

function methodValues(): Record<string, number> {
  return Object.fromEntries(Object.keys(RETAKE_METHODS).map((k) => [k, Number(k)]));
}

/** 重讀成績 (名冊別 6, second sheet): the grades of a repeated year. */
export const rereadsKind = defineKind<Lookups, RetakeRow>({
  kind: 'rereads',
  roles: ['academicAdmin'],
  title: { 'zh-TW': '重讀成績', en: 'Re-read grades' },
  fields: [
    F.academicYear,
    F.semester,
    ...studentKeyFields,
    { key: 'courseYear', headers: ['修課學年度'], required: true, parse: integer(90, 200), example: '115' },
    { key: 'courseSemester', headers: ['修課學期'], required: true, parse: integer(1, 2), example: '1' },
    { ...F.courseCode, required: true },
    { key: 'courseGrade', headers: ['開課年級'], required: true, parse: gradeLevel, example: '10' },
    { key: 'credits', headers: ['科目學分'], required: true, parse: integer(0, 30), example: '2' },
    { key: 'score', headers: ['原始成績'], parse: score, example: '58' },
    { key: 'passed', headers: ['成績及格'], parse: yesNo, example: '否' },
    { key: 'makeupScore', headers: ['補考成績'], parse: score, example: '62' },
    { key: 'makeupPassed', headers: ['補考及格'], parse: yesNo, example: '是' },
    { key: 'creditCounted', headers: ['是否採計學分'], parse: yesNo, example: '是' },
    qualitative,
  ],
  identifyBy: ['courseYear', 'courseCode'],
  ...common,
  validate(v, l, ctx) {
    const base = baseRow(v, l, ctx, 'reread');
    if (Array.isArray(base)) return base;
    const raw = (v.score as string | null) ?? null;
    return {
      ...base,
      method: null,
      score: raw,
      passed: (v.passed as boolean | null) ?? (raw === null ? null : Number(raw) >= 60),
      makeupScore: (v.makeupScore as string | null) ?? null,
      makeupPassed: (v.makeupPassed as boolean | null) ?? null,
      creditCounted: (v.creditCounted as boolean | null) ?? true,
    };
  },
});
