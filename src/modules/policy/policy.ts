/**
 * The one policy module for per-object authorisation of student data (DESIGN.md §5). Services call it
 * on every request; the UI hiding a link is never the check. Staff access to another person's record
 * is written to the audit log.
 */
import type { Db } from '../../db/client.js';
import { AppError } from '../../server/errors.js';
import { insertAudit } from '../audit/audit.repo.js';
import type { SessionUser } from '../auth/auth.service.js';
import { hasCounselled } from '../counselling/counselling.repo.js';
import { findStudent, isGuardianOf } from '../masterdata/queries.repo.js';

export type StudentAccess = 'self' | 'parent' | 'homeroom' | 'office' | 'counselor';

/** Why this user may read this student's record, or a 403/404. Staff reads are audited. */
export async function authoriseStudentRead(db: Db, user: SessionUser, studentId: string, requestId: string) {
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
  if (access === 'office' || access === 'homeroom' || access === 'counselor') {
    await insertAudit(db, {
      action: 'portfolio.viewed',
      schoolId: user.school.id,
      actorUserId: user.id,
      targetType: 'student',
      targetId: studentId,
      requestId,
      details: { access },
    });
  }
  return { student, access };
}
