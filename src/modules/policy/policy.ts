/**
 * The one policy module for per-object authorisation of student data (DESIGN.md §5). Services call it
 * on every request; the UI hiding a link is never the check. Access to another person's record (staff,
 * parents) is written to the audit log.
 */
import type { Db, DbOrTx } from '../../db/client.js';
import type { ReadAction, ReadScope } from '../../domain/audit-actions.js';
import { AppError } from '../../server/errors.js';
import { auditRead } from '../audit/audit-read.js';
import type { SessionUser } from '../auth/auth.service.js';
import { isAssigned } from '../counselling/assignments.repo.js';
import { findStudent, isGuardianOf } from '../masterdata/queries.repo.js';
import { countOfSchool, type SchoolObject } from './policy.repo.js';

export type StudentAccess = 'self' | 'parent' | 'homeroom' | 'office' | 'counselor';

/** What a read of one student's data was, for its audit row (scope: the student unless said). */
export interface StudentRead {
  action: ReadAction;
  scope?: ReadScope;
  details?: Record<string, unknown>;
}

/**
 * Why this user may read this student's record, or a 403/404. Every read by someone other than the
 * student (staff and parents) writes one audit row through the one helper.
 */
export async function authoriseStudentRead(
  db: Db,
  user: SessionUser,
  studentId: string,
  requestId: string,
  read: StudentRead,
) {
  if (!user.school) throw new AppError('NOT_FOUND');
  const student = await findStudent(db, user.school.id, studentId);
  if (!student) throw new AppError('NOT_FOUND');
  let access: StudentAccess | null = null;
  if (student.userId === user.id) access = 'self';
  else if (user.roles.includes('parent') && (await isGuardianOf(db, user.id, studentId))) access = 'parent';
  else if (user.roles.includes('academicAdmin') || user.roles.includes('studentAffairs')) access = 'office';
  else if (user.roles.includes('homeroom') && student.homeroomUserId === user.id) access = 'homeroom';
  // A counsellor reads the portfolios of the students assigned to them (by class or by name), never
  // more: recording a session is no way in (SPEC.md §3).
  else if (user.roles.includes('counselor') && (await isAssigned(db, user.id, studentId)))
    access = 'counselor';
  if (!access) throw new AppError('FORBIDDEN');
  if (access !== 'self') {
    await auditRead(
      db,
      { user, requestId },
      read.action,
      { scope: read.scope ?? { type: 'student', id: studentId }, studentIds: [studentId] },
      { access, ...read.details },
    );
  }
  return { student, access };
}

/**
 * The school of a school user, or 403 for users without one (central, reviewers).
 */
export function schoolOf(user: SessionUser): { id: string; code: string } {
  if (!user.school) throw new AppError('FORBIDDEN');
  return user.school;
}

/**
 * Every object id that arrives in a path, query or body is checked against the caller's school before
 * it is used: a term, class, student or course of another school (or none) is a 404, the same answer
 * as an id that does not exist, so ids of other schools cannot even be probed. `undefined` / `null`
 * entries are skipped (optional filters).
 */
export async function assertOwnSchool(
  db: DbOrTx,
  user: SessionUser,
  objects: Partial<Record<SchoolObject, string | string[] | null | undefined>>,
): Promise<void> {
  const school = schoolOf(user);
  for (const [kind, value] of Object.entries(objects) as [SchoolObject, string | string[] | null][]) {
    if (value === undefined || value === null) continue;
    const ids = [...new Set(Array.isArray(value) ? value : [value])];
    if ((await countOfSchool(db, school.id, kind, ids)) !== ids.length) throw new AppError('NOT_FOUND');
  }
}
