/**
 * The one policy module for per-object authorisation of student data (DESIGN.md §5). Services call it
 * on every request; the UI hiding a link is never the check. Access to another person's record (staff,
 * parents) is written to the audit log.
 */
import type { Db } from '../../db/client.js';
import type { ReadAction, ReadScope } from '../../domain/audit-actions.js';
import { AppError } from '../../server/errors.js';
import { auditRead } from '../audit/audit-read.js';
import type { SessionUser } from '../auth/auth.service.js';
import { hasCounselled } from '../counselling/counselling.repo.js';
import { findStudent, isGuardianOf } from '../masterdata/queries.repo.js';

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
  else if (user.roles.includes('counselor') && (await hasCounselled(db, user.id, studentId)))
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
