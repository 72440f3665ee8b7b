/** Imports of the school's structure: classes (班級) and courses (開設課程, 科目名冊). */
import { termRange, toIsoDate } from '../../../domain/calendar.js';
import * as repo from '../../masterdata/masterdata.repo.js';
import { F, gradeLevel, integer, text } from '../fields.js';
import { defineKind, type RowProblem } from '../kind.js';

interface ClassRow {
  academicYear: number;
  grade: number;
  department: string;
  name: string;
  homeroomStaffId: string | null;
}

export const classesKind = defineKind<Map<string, string>, ClassRow>({
  kind: 'classes',
  roles: ['academicAdmin'],
  title: { 'zh-TW': '班級', en: 'Classes' },
  fields: [
    { ...F.academicYear, required: true },
    { key: 'grade', headers: ['年級'], required: true, parse: gradeLevel, example: '10' },
    {
      key: 'department',
      headers: ['科別', '科/班/學程別', '群科'],
      required: true,
      parse: text(60),
      example: '機械科',
    },
    { key: 'name', headers: ['班級名稱', '班級'], required: true, parse: text(60), example: '機械一甲' },
    { key: 'homeroom', headers: ['導師員工編號', '導師'], parse: text(20), example: 'T004' },
  ],
  ignoredHeaders: ['班級代碼'],
  prepare: (tx, ctx) => repo.staffIds(tx, ctx.schoolId),
  validate(v, staffIds) {
    let homeroomStaffId: string | null = null;
    if (v.homeroom) {
      homeroomStaffId = staffIds.get(v.homeroom as string) ?? null;
      if (!homeroomStaffId) return [{ field: 'homeroom', code: 'STAFF_NOT_FOUND' }];
    }
    return {
      academicYear: v.academicYear as number,
      grade: v.grade as number,
      department: v.department as string,
      name: v.name as string,
      homeroomStaffId,
    };
  },
  key: (r) => repo.classKey(r.academicYear, r.name),
  apply: (tx, rows, _s, ctx) =>
    repo.upsertClasses(
      tx,
      rows.map((r) => ({ ...r, schoolId: ctx.schoolId })),
    ),
});

interface CourseRow {
  academicYear: number;
  semester: number;
  code: string;
  name: string;
  credits: number;
  grade: number;
  staffIds: string[] | null;
}

/**
 * Courses of a term. A term that does not exist yet is created with the default boundaries, so a
 * new semester starts with its course list.
 */
export const coursesKind = defineKind<
  { staffIds: Map<string, string>; terms: Map<string, string> },
  CourseRow
>({
  kind: 'courses',
  roles: ['academicAdmin'],
  title: { 'zh-TW': '開設課程', en: 'Courses' },
  fields: [
    F.academicYear,
    F.semester,
    { ...F.courseCode, required: true },
    {
      key: 'name',
      headers: ['科目名稱', '課程名稱', '課程中文名稱'],
      required: true,
      parse: text(60),
      example: '機件原理Ⅰ',
    },
    {
      key: 'credits',
      headers: ['學分數', '科目學分', '實授學分數'],
      required: true,
      parse: integer(0, 30),
      example: '2',
    },
    { key: 'grade', headers: ['開課年級'], required: true, parse: gradeLevel, example: '10' },
    {
      key: 'teachers',
      headers: ['授課教師員工編號', '授課教師', '教師員工編號'],
      parse: text(200),
      example: 'T004',
    },
  ],
  ignoredHeaders: ['課程類別', '領域別', '群別', '科/班/學程別', '開課班級名稱', '開課序號'],
  async prepare(tx, ctx) {
    return { staffIds: await repo.staffIds(tx, ctx.schoolId), terms: await repo.termIds(tx, ctx.schoolId) };
  },
  validate(v, state, ctx) {
    const academicYear = (v.academicYear as number | null) ?? ctx.defaultTerm.academicYear;
    const semester = (v.semester as number | null) ?? ctx.defaultTerm.semester;
    if (!academicYear || !semester) return [{ field: 'academicYear', code: 'TERM_MISSING' }];
    let staffIds: string[] | null = null;
    if (v.teachers) {
      const problems: RowProblem[] = [];
      staffIds = [];
      for (const no of (v.teachers as string).split(/[、,，;；\s]+/).filter(Boolean)) {
        const id = state.staffIds.get(no);
        if (id) staffIds.push(id);
        else problems.push({ field: 'teachers', code: 'STAFF_NOT_FOUND' });
      }
      if (problems.length > 0) return problems;
    }
    return {
      academicYear,
      semester,
      code: v.courseCode as string,
      name: v.name as string,
      credits: v.credits as number,
      grade: v.grade as number,
      staffIds,
    };
  },
  key: (r) => `${r.academicYear}${r.semester}:${r.code}`,
  async apply(tx, rows, state, ctx) {
    const missing = new Map<string, { academicYear: number; semester: 1 | 2 }>();
    for (const r of rows) {
      const k = repo.termKey(r.academicYear, r.semester);
      if (!state.terms.has(k))
        missing.set(k, { academicYear: r.academicYear, semester: r.semester as 1 | 2 });
    }
    const created = await repo.insertMissingTerms(
      tx,
      [...missing.values()].map((t) => {
        const range = termRange(t);
        return {
          schoolId: ctx.schoolId,
          ...t,
          startsOn: toIsoDate(range.start),
          endsOn: toIsoDate(range.end),
        };
      }),
    );
    for (const t of created) state.terms.set(repo.termKey(t.academicYear, t.semester), t.id);
    const withTerm = rows.map((r) => ({
      ...r,
      termId: state.terms.get(repo.termKey(r.academicYear, r.semester)) as string,
    }));
    const counts = await repo.upsertCourses(
      tx,
      withTerm.map((r) => ({
        schoolId: ctx.schoolId,
        termId: r.termId,
        code: r.code,
        name: r.name,
        credits: r.credits,
        grade: r.grade,
      })),
    );
    const ids = await repo.courseIdsByKey(tx, ctx.schoolId, withTerm);
    const teachersChanged = await repo.replaceCourseTeachers(
      tx,
      withTerm
        .filter((r) => r.staffIds !== null)
        .map((r) => ({
          courseId: ids.get(repo.courseKey(r.termId, r.code)) as string,
          staffIds: r.staffIds as string[],
        })),
    );
    // A teacher change on an otherwise unchanged existing course still counts as an update.
    const inserted = new Set(counts.insertedIds);
    const onlyTeachers = teachersChanged.filter((id) => !inserted.has(id)).length;
    return {
      inserted: counts.inserted,
      updated: Math.min(rows.length - counts.inserted, counts.updated + onlyTeachers),
    };
  },
});
