/** Lookups shared by kinds whose rows name a student or a term. */
import { type StudentRef, termKey } from '../../masterdata/masterdata.repo.js';
import type { ImportContext, RowProblem } from '../kind.js';

export interface StudentIndex {
  byNo: Map<string, StudentRef>;
  byNationalId: Map<string, StudentRef>;
}

export const indexStudents = (refs: StudentRef[]): StudentIndex => ({
  byNo: new Map(refs.map((r) => [r.studentNo, r])),
  byNationalId: new Map(refs.map((r) => [r.nationalId, r])),
});

/**
 * The student a row names: by 學號, or by 身分證號 (+ 出生日期 when given, which must match) as the
 * central-repository rosters key students.
 */
export function resolveStudent(
  values: Record<string, unknown>,
  idx: StudentIndex,
): StudentRef | RowProblem[] {
  const no = values.studentNo as string | null;
  if (no) return idx.byNo.get(no) ?? [{ field: 'studentNo', code: 'STUDENT_NOT_FOUND' }];
  const nid = values.nationalId as string | null;
  if (!nid) return [{ field: 'studentNo', code: 'REQUIRED' }];
  const ref = idx.byNationalId.get(nid);
  if (!ref) return [{ field: 'nationalId', code: 'STUDENT_NOT_FOUND' }];
  const birth = values.birthDate as string | null;
  if (birth && birth !== ref.birthDate) return [{ field: 'birthDate', code: 'STUDENT_KEY_MISMATCH' }];
  return ref;
}

/** The term of a row: its own 學年度/學期 columns, else the file's cover sheet or the import options. */
export function resolveTerm(
  values: Record<string, unknown>,
  termIds: Map<string, string>,
  ctx: ImportContext,
): { termId: string; academicYear: number; semester: number } | RowProblem[] {
  const academicYear = (values.academicYear as number | null) ?? ctx.defaultTerm.academicYear;
  const semester = (values.semester as number | null) ?? ctx.defaultTerm.semester;
  if (!academicYear || !semester) return [{ field: 'academicYear', code: 'TERM_MISSING' }];
  const termId = termIds.get(termKey(academicYear, semester));
  if (!termId)
    return [{ field: 'academicYear', code: 'TERM_UNKNOWN', params: { term: `${academicYear}${semester}` } }];
  return { termId, academicYear, semester };
}
